import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { shJoin, shQuote } from '../../../main/linux/shellQuote';
import { SH, skipWithout } from './hostTools';
import { randomHostileStrings } from './randomStrings';

describe('shQuote', () => {
  it.each([
    ['', "''"],
    ['plain', 'plain'],
    ['/usr/local/nutanix/ngt', '/usr/local/nutanix/ngt'],
    ['a=b', "'a=b'"],
    ['a b', "'a b'"],
    ["it's", "'it'\\''s'"],
    ["'", "''\\'''"],
    ['$HOME', "'$HOME'"],
    ['`id`', "'`id`'"],
    ['a\nb', "'a\nb'"],
    ['~', "'~'"],
    ['*', "'*'"],
    ['日本語', "'日本語'"],
  ])('%j → %s', (arg, quoted) => {
    expect(shQuote(arg)).toBe(quoted);
  });

  it('refuses NUL', () => {
    expect(() => shQuote('a\u0000b')).toThrow(RangeError);
  });

  it('shJoin quotes each word', () => {
    expect(shJoin(['python3', 'install_ngt.py', '--name', "Rocky 'Green' Obsidian"])).toBe(
      "python3 install_ngt.py --name 'Rocky '\\''Green'\\'' Obsidian'",
    );
    expect(shJoin([])).toBe('');
  });
});

function sh(script: string): Buffer {
  return execFileSync(SH, ['-c', script], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { PATH: '/usr/bin:/bin', LC_ALL: 'C' },
  });
}

describe.skipIf(skipWithout(SH, 'dash'))('round trip through a real /bin/sh', () => {
  const strings = randomHostileStrings(1200);

  it('the generator is deterministic and hostile', () => {
    expect(randomHostileStrings(1200)).toEqual(strings);
    const all = strings.join('');
    for (const ch of ["'", '"', '$', '`', '\\', '\n', '\t', '😀', 'é']) expect(all).toContain(ch);
    expect(new Set(strings).size).toBeGreaterThan(1000);
  });

  it('1,200 strings printed by printf come back byte for byte (batched)', () => {
    // One sh per 100 strings; each string is printed by its own printf command, between markers.
    const marker = '\u0001<ngt-sep>\u0001';
    for (let i = 0; i < strings.length; i += 100) {
      const batch = strings.slice(i, i + 100);
      const script = batch.map((s) => `${shJoin(['printf', '%s', s])}; ${shJoin(['printf', '%s', marker])}`).join('\n');
      const out = sh(script);
      const expected = Buffer.from(batch.map((s) => s + marker).join(''), 'utf8');
      if (!out.equals(expected)) {
        const got = out.toString('utf8').split(marker);
        const bad = batch.findIndex((s, k) => got[k] !== s);
        expect(got[bad], `string #${i + bad}: ${JSON.stringify(batch[bad])}`).toBe(batch[bad]);
      }
      expect(out.equals(expected)).toBe(true);
    }
  });

  it('200 strings passed as "$1" to a nested sh -c, one process each', () => {
    for (const [k, s] of strings.slice(0, 200).entries()) {
      const script = shJoin(['sh', '-c', 'printf %s "$1"', 'sh', s]);
      expect(sh(script).equals(Buffer.from(s, 'utf8')), `#${k}: ${JSON.stringify(s)}`).toBe(true);
    }
  });

  it('argument boundaries survive: every word arrives as one argument', () => {
    const argv = strings.slice(0, 300);
    const out = sh(`${shJoin(['printf', '%s\\001', ...argv])}`);
    expect(out.toString('utf8')).toBe(argv.map((s) => `${s}\u0001`).join(''));
  });
});
