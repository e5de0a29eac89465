/** openInBrowser never puts the URL (which carries the browser host's token) on a command line. */
import { mkdtempSync, readFileSync, rmSync, statSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ProcessRunner, RunResult } from '../../../main/engine/ports';
import { openInBrowser } from '../../../main/platform/openInBrowser';

const url = 'http://127.0.0.1:4242/#token=SECRET-token_value';
const roots: string[] = [];
afterEach(() => roots.splice(0).forEach((r) => rmSync(r, { recursive: true, force: true })));

function recordingRunner(found = true): ProcessRunner & { calls: { command: string; args: readonly string[] }[] } {
  const calls: { command: string; args: readonly string[] }[] = [];
  return {
    calls,
    which: async (command) => (found ? `/usr/bin/${command}` : null),
    run: async (command, args) => {
      calls.push({ command, args });
      const result: RunResult = { code: 0, signal: null, stdout: '', stderr: '', timedOut: false };
      return result;
    },
  };
}

describe('openInBrowser', () => {
  for (const platform of ['linux', 'darwin', 'win32'] as const) {
    it(`${platform}: the opener gets a private launcher file, never the URL itself`, async () => {
      const root = mkdtempSync(path.join(tmpdir(), 'ngtp-open-'));
      roots.push(root);
      const runner = recordingRunner();
      const saved = process.env.DISPLAY;
      process.env.DISPLAY = ':0';
      try {
        const opened = await openInBrowser(url, runner, platform, root);
        expect(opened.opened).toBe(true);
        expect(runner.calls).toHaveLength(1);
        expect(JSON.stringify(runner.calls)).not.toContain('SECRET');
        const launcher = runner.calls[0]!.args[0]!;
        expect(launcher.startsWith(root)).toBe(true);
        if (platform !== 'win32') {
          expect(statSync(launcher).mode & 0o777).toBe(0o600);
          expect(statSync(path.dirname(launcher)).mode & 0o777).toBe(0o700);
        }
        expect(readFileSync(launcher, 'utf8')).toContain(`<meta http-equiv="refresh" content="0;url=${url}">`);
        await opened.cleanup();
        expect(existsSync(path.dirname(launcher))).toBe(false);
      } finally {
        if (saved === undefined) delete process.env.DISPLAY;
        else process.env.DISPLAY = saved;
      }
    });
  }

  it('without an opener nothing is written and nothing runs', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'ngtp-open-'));
    roots.push(root);
    const runner = recordingRunner(false);
    const opened = await openInBrowser(url, runner, 'darwin', root);
    expect(opened.opened).toBe(false);
    expect(runner.calls).toEqual([]);
    expect(await import('node:fs').then((fs) => fs.readdirSync(root))).toEqual([]);
  });
});
