/**
 * The fact functions every remote script starts with, run by the real `sh`
 * and the real coreutils `base64`: a value longer than a base64 line (76
 * characters) comes back whole on one `key=` line, with GNU base64 (`-w 0`)
 * and with a base64 that knows no `-w` (BusyBox-style, stood in by a wrapper
 * that refuses the flag and wraps its output as coreutils does by default).
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

import { parseFactLines } from '../../../main/linux/prepareProbe';
import { FACT_FUNCTIONS } from '../../../main/linux/remoteScripts';

const value = `line one: ${'é'.repeat(60)}\nline "two" with 'quotes' and $HOME\n`;
const dir = mkdtempSync(join(tmpdir(), 'ngtp-facts-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(path: string): { stdout: string; lines: string[] } {
  const r = spawnSync('sh', ['-c', `${FACT_FUNCTIONS}\nkv long "$1"\nkv empty ""\n`, 'sh', value], {
    encoding: 'utf8',
    env: { PATH: path },
  });
  expect(r.status, r.stderr).toBe(0);
  return { stdout: r.stdout, lines: r.stdout.split('\n').filter(Boolean) };
}

describe('FACT_FUNCTIONS kv', () => {
  it('writes a long value on one line with GNU base64', () => {
    const { stdout, lines } = run('/usr/bin:/bin');
    expect(lines).toHaveLength(2);
    expect(parseFactLines(stdout).get('long')).toEqual([value]);
    expect(parseFactLines(stdout).get('empty')).toEqual(['']);
  });

  it('joins the lines of a base64 that has no -w', () => {
    const wrapper = join(dir, 'base64');
    writeFileSync(wrapper, '#!/bin/sh\nfor a; do [ "$a" = -w ] && exit 1; done\nexec /usr/bin/base64 "$@"\n');
    chmodSync(wrapper, 0o755);
    const { stdout, lines } = run(`${dir}:/usr/bin:/bin`);
    expect(lines).toHaveLength(2);
    expect(parseFactLines(stdout).get('long')).toEqual([value]);
  });
});
