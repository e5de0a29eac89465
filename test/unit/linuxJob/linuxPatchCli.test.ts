/** `ngt-prep linux patch` through the real CLI path, on temp copies of the fixture's factories. */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

import { runCliInProcess } from '../../support/cliInProcess';

const work = mkdtempSync(join(tmpdir(), 'ngtp-patch-cli-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const FIXTURE = 'test/fixtures/ngt-iso/styles';
let n = 0;

function installerDir(variant: 'distro' | 'platform', crlf = false): string {
  const dir = join(work, `iso-${++n}`, 'installer', 'linux', 'src');
  mkdirSync(dir, { recursive: true });
  const style = variant === 'distro' ? 'newer' : 'older';
  const text = readFileSync(join(FIXTURE, style, 'installer/linux/src/installer_factory.py'), 'utf8');
  writeFileSync(join(dir, 'installer_factory.py'), crlf ? text.replace(/\n/g, '\r\n') : text);
  return join(work, `iso-${n}`, 'installer', 'linux');
}

async function patch(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const run = await runCliInProcess(['linux', 'patch', ...args], { dataDir: join(work, 'data') });
  return { code: run.code, out: run.stdout, err: run.stderr };
}

describe('ngt-prep linux patch', () => {
  it('prints the one-line diff and writes nothing without --write (exit 0)', async () => {
    const dir = installerDir('distro');
    const file = join(dir, 'src', 'installer_factory.py');
    const before = readFileSync(file);
    const r = await patch([dir, '--distro', 'Rocky Linux']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^\+ {8}"rocky linux" in distribution or$/m);
    expect(r.out).toContain('--write');
    expect(readFileSync(file)).toEqual(before);
    expect(existsSync(`${file}.orig`)).toBe(false);
  });

  it('--write patches in place, keeps <file>.orig byte for byte, keeps CRLF; a second run says already supported', async () => {
    const dir = installerDir('platform', true);
    const file = join(dir, 'src', 'installer_factory.py');
    const before = readFileSync(file);
    const r = await patch([file, '--distro', 'AlmaLinux', '--write']);
    expect(r.code).toBe(0);
    expect(readFileSync(`${file}.orig`)).toEqual(before);
    const after = readFileSync(file, 'utf8');
    expect(after).toContain('"almalinux" in distribution or\r\n');
    expect(after.replace(/^.*"almalinux" in distribution or\r\n/m, '')).toBe(before.toString('utf8'));
    const again = await patch([dir, '--distro', 'AlmaLinux', '--write']);
    expect(again.code).toBe(0);
    expect(again.out).toContain('already supported');
    expect(readFileSync(file, 'utf8')).toBe(after);
  });

  it('a file without a recognisable Red Hat branch: exit 1, nothing written', async () => {
    const file = join(work, 'odd_factory.py');
    writeFileSync(
      file,
      'def get_installer():\n    distribution = distro.linux_distribution()[0].lower()\n    return None\n',
    );
    const r = await patch([file, '--distro', 'rocky linux', '--write']);
    expect(r.code).toBe(1);
    expect(r.err).toContain('Nothing was written');
    expect(existsSync(`${file}.orig`)).toBe(false);
  });

  it('bad input: a missing path, no path, or an unsafe name → exit 2', async () => {
    expect((await patch([join(work, 'nope')])).code).toBe(2);
    expect((await patch([])).code).toBe(2);
    const dir = installerDir('distro');
    expect((await patch([dir, '--distro', `rocky" or True or "`])).code).toBe(2);
  });

  it('refuses to overwrite an existing .orig (exit 2)', async () => {
    const dir = installerDir('distro');
    const file = join(dir, 'src', 'installer_factory.py');
    writeFileSync(`${file}.orig`, 'kept');
    const r = await patch([dir, '--distro', 'rocky linux', '--write']);
    expect(r.code).toBe(2);
    expect(readFileSync(`${file}.orig`, 'utf8')).toBe('kept');
  });

  it('works on a copied ISO tree root too', async () => {
    const root = join(work, `isoroot-${++n}`);
    cpSync(join(installerDir('distro'), '..', '..'), root, { recursive: true });
    const r = await patch([root, '--distro', 'Oracle Linux Server']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('already supported');
  });

  it('a file over the size limit: exit 2 before it is read, nothing written', async () => {
    const dir = join(work, `huge-${++n}`);
    mkdirSync(dir);
    const file = join(dir, 'installer_factory.py');
    writeFileSync(file, `# ${'x'.repeat(3 * 1024 * 1024)}\n`);
    const r = await patch([file, '--distro', 'Rocky Linux', '--write']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('2097152');
    expect(existsSync(`${file}.orig`)).toBe(false);
  });
});
