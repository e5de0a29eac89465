/**
 * The prove-patch script as the VM runs it, here with the real `sh` and this
 * machine's Python 3 (the VM runs it with the Python the installer will use):
 * a file that compiles and a condition that holds, one that does not hold,
 * a file that does not compile (exit 10, the traceback on stderr) and a
 * condition that cannot be evaluated (exit 11). provePatchStep reads these lines.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

import { PROVE_PATCH_SCRIPT } from '../../../main/linux/remoteScripts';

const dir = mkdtempSync(join(tmpdir(), 'ngtp-prove-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const python = ['/usr/bin/python3', '/usr/local/bin/python3'].find((p) => spawnSync(p, ['-c', '']).status === 0);
const condition = '"rocky linux" in distribution or "red hat" in distribution';

function prove(source: string, cond: string, distribution: string) {
  const file = join(dir, `f${Math.random().toString(36).slice(2)}.py`);
  writeFileSync(file, source);
  const r = spawnSync('sh', ['-c', PROVE_PATCH_SCRIPT, 'sh', python!, file, cond, distribution], { encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe.skipIf(!python && process.env.CI !== 'true')('PROVE_PATCH_SCRIPT', () => {
  it('a file that compiles and a condition true for the distribution', () => {
    const r = prove('def get_linux_installer():\n    return 1\n', condition, 'rocky linux');
    expect([r.code, r.stdout]).toEqual([0, 'compiled=ok\ncondition=True\n']);
  });

  it('a condition false for the distribution', () => {
    const r = prove('x = 1\n', condition, 'debian');
    expect([r.code, r.stdout]).toEqual([0, 'compiled=ok\ncondition=False\n']);
  });

  it('a file that does not compile: exit 10 and the reason on stderr', () => {
    const r = prove('def broken(:\n', condition, 'rocky linux');
    expect([r.code, r.stdout]).toEqual([10, 'compiled=failed\n']);
    expect(r.stderr).toMatch(/SyntaxError/);
  });

  it('a condition that cannot be evaluated (no builtins): exit 11', () => {
    const r = prove('x = 1\n', '__import__("os").system("true")', 'rocky linux');
    expect([r.code, r.stdout]).toEqual([11, 'compiled=ok\ncondition=error\n']);
  });

  it('the Python program holds no single quote (it travels inside one)', () => {
    expect(PROVE_PATCH_SCRIPT.split("'").length).toBe(3);
  });
});
