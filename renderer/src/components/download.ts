import type { ExportedFile } from '../../../main/ipc/contract';

/** Saves a file the user asked for (Electron shows its save dialog for downloads). */
export function downloadFile(file: ExportedFile): void {
  const url = URL.createObjectURL(new Blob([file.content], { type: file.mimeType }));
  const a = document.createElement('a');
  a.href = url;
  a.download = file.fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
