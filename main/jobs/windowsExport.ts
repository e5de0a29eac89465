/** Builds the standalone golden-image script offered by the wizard and the CLI. */
import { createTranslator, type Language } from '../i18n/catalogue';
import type { ExportedFile } from '../ipc/contract';
import { windowsScriptsDir } from '../platform/assets';
import { applyOptionsSchema, type ApplyOptionsInput } from '../windows/applyOptions';
import { buildExportScript } from '../windows/exportScript';

export function exportFileName(goldenImage: boolean): string {
  return goldenImage ? 'ngt-prep-winrm-https-golden-image.ps1' : 'ngt-prep-winrm-https.ps1';
}

/**
 * Windows PowerShell 5.1 reads a .ps1 without a byte-order mark in the ANSI code page: French
 * accents come out garbled and some Japanese bytes even read as quote characters. The BOM makes
 * it read UTF-8, on every Windows language.
 */
export const UTF8_BOM = '\uFEFF';

export async function exportWindowsScriptFile(
  options: ApplyOptionsInput,
  goldenImage: boolean,
  lang: Language,
  now = new Date(),
): Promise<ExportedFile> {
  const content =
    UTF8_BOM +
    buildExportScript(applyOptionsSchema.parse(options), {
      goldenImage,
      t: createTranslator(lang),
      scriptsDir: windowsScriptsDir(),
      generatedAt: now.toISOString(),
    });
  return { fileName: exportFileName(goldenImage), mimeType: 'text/plain', content };
}
