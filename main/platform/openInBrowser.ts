import type { ProcessRunner } from '../engine/ports';

/** Opens a URL in the default browser when there is a desktop to show it; never fails loudly. */
export async function openInBrowser(
  url: string,
  processes: ProcessRunner,
  platform = process.platform,
): Promise<boolean> {
  const opener =
    platform === 'win32'
      ? { cmd: 'explorer.exe', args: [url] }
      : platform === 'darwin'
        ? { cmd: 'open', args: [url] }
        : process.env.DISPLAY || process.env.WAYLAND_DISPLAY
          ? { cmd: 'xdg-open', args: [url] }
          : null;
  if (!opener || !(await processes.which(opener.cmd))) return false;
  try {
    await processes.run(opener.cmd, opener.args, { timeoutMs: 10_000 });
    return true;
  } catch {
    return false;
  }
}
