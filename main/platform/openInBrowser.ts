import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ProcessRunner } from '../engine/ports';
import { escapeHtml } from '../report/reportHtml';

export interface Opened {
  opened: boolean;
  /** Removes the launcher page (call when the host stops; the browser may read it at any time before). */
  cleanup(): Promise<void>;
}

/**
 * Opens a URL in the default browser when there is a desktop to show it; never fails loudly.
 *
 * The URL is never put on a command line: the browser host's URL carries its
 * access token, and on Linux and macOS every local user can read every
 * process's arguments (/proc/PID/cmdline, `ps`) — the opener's and, for as long
 * as it runs, the browser's. The opener gets the path of a launcher page only
 * this user can read (0600 in a fresh 0700 folder) that redirects to the URL;
 * a meta refresh keeps the fragment, where the token is.
 */
export async function openInBrowser(
  url: string,
  processes: ProcessRunner,
  platform: NodeJS.Platform = process.platform,
  tempRoot = tmpdir(),
): Promise<Opened> {
  const nothing: Opened = { opened: false, cleanup: async () => undefined };
  const opener =
    platform === 'win32'
      ? 'explorer.exe'
      : platform === 'darwin'
        ? 'open'
        : process.env.DISPLAY || process.env.WAYLAND_DISPLAY
          ? 'xdg-open'
          : null;
  if (!opener || !(await processes.which(opener))) return nothing;
  let dir: string | undefined;
  const cleanup = async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  };
  try {
    dir = await mkdtemp(path.join(tempRoot, 'ngt-prep-open-'));
    const launcher = path.join(dir, 'open-ngt-prep.html');
    const target = escapeHtml(url);
    await writeFile(
      launcher,
      `<!doctype html><meta charset="utf-8"><meta http-equiv="refresh" content="0;url=${target}">` +
        `<title>NGT Prep</title><a href="${target}">NGT Prep</a>\n`,
      { mode: 0o600, flag: 'wx' },
    );
    await processes.run(opener, [launcher], { timeoutMs: 10_000 });
    return { opened: true, cleanup };
  } catch {
    await cleanup().catch(() => undefined);
    return nothing;
  }
}
