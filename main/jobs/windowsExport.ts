/** Builds the standalone golden-image script offered by the wizard and the CLI. */
import { NgtError } from '../engine/errors';
import type { Language } from '../i18n/catalogue';
import type { ExportedFile, WindowsApplyOptionsInput } from '../ipc/contract';

export async function exportWindowsScriptFile(
  _options: WindowsApplyOptionsInput,
  _goldenImage: boolean,
  _lang: Language,
): Promise<ExportedFile> {
  // Wired to main/windows/exportScript.ts once the Windows capability lands.
  throw new NgtError('JOB_KIND_UNAVAILABLE', 'Windows export is not wired yet.', { category: 'usage' });
}
