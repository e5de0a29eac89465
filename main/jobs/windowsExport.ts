/** Builds the standalone golden-image script offered by the wizard and the CLI. */
import { createTranslator, type Language } from '../i18n/catalogue';
import type { ExportedFile } from '../ipc/contract';
import { windowsScriptsDir } from '../platform/assets';
import { applyOptionsSchema, type ApplyOptionsInput } from '../windows/contracts';
import { buildExportScript } from '../windows/exportScript';

export function exportFileName(goldenImage: boolean): string {
  return goldenImage ? 'ngt-prep-winrm-https-golden-image.ps1' : 'ngt-prep-winrm-https.ps1';
}

export async function exportWindowsScriptFile(options: ApplyOptionsInput, goldenImage: boolean, lang: Language, now = new Date()): Promise<ExportedFile> {
  const content = buildExportScript(applyOptionsSchema.parse(options), {
    goldenImage,
    t: createTranslator(lang),
    scriptsDir: windowsScriptsDir(),
    generatedAt: now.toISOString(),
  });
  return { fileName: exportFileName(goldenImage), mimeType: 'text/plain', content };
}
