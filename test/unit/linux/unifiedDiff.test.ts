import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { planInstallerFactoryPatch } from '../../../main/linux/installerFactoryPatch';
import { unifiedDiff } from '../../../main/linux/unifiedDiff';
import { installerFactory } from '../../fixtures/installer-factory/variants';
import { DIFF, skipWithout } from './hostTools';
import { createPrng } from './randomStrings';

const dir = mkdtempSync(join(tmpdir(), 'ngt-diff-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** GNU diff's output, with fixed labels instead of file names and timestamps. */
function gnuDiff(oldText: string, newText: string, context = 3): string {
  writeFileSync(join(dir, 'a'), oldText);
  writeFileSync(join(dir, 'b'), newText);
  try {
    execFileSync(DIFF, [`-U${context}`, '--label', 'a/file', '--label', 'b/file', join(dir, 'a'), join(dir, 'b')], {
      encoding: 'utf8',
    });
    return '';
  } catch (error) {
    const e = error as { status: number; stdout: string };
    if (e.status !== 1) throw error;
    return e.stdout;
  }
}

const names = { oldName: 'a/file', newName: 'b/file' };

/** A text of unique lines with random deletions, insertions and replacements (no moves: one best alignment). */
function editedPair(seed: number, size: number): [string, string] {
  const rng = createPrng(seed);
  const oldLines = Array.from({ length: size }, (_, i) => `line ${i} of seed ${seed}`);
  const newLines: string[] = [];
  let fresh = 0;
  for (const line of oldLines) {
    const r = rng();
    if (r < 0.08) continue; // deleted
    if (r < 0.14) {
      newLines.push(`replaced ${fresh++}`);
      continue;
    }
    if (r < 0.2) newLines.push(`inserted ${fresh++}`);
    newLines.push(line);
  }
  if (rng() < 0.5) newLines.push(`appended ${fresh}`);
  const oldText = `${oldLines.join('\n')}\n`;
  const newText = rng() < 0.3 ? newLines.join('\n') : `${newLines.join('\n')}\n`;
  return [oldText, newText];
}

describe('unifiedDiff without the diff program', () => {
  it('identical texts give nothing', () => {
    expect(unifiedDiff('a\nb\n', 'a\nb\n', names)).toBe('');
    expect(unifiedDiff('', '', names)).toBe('');
  });

  it('one added line', () => {
    expect(unifiedDiff('a\nb\nc\n', 'a\nb\nX\nc\n', names)).toBe(
      ['--- a/file', '+++ b/file', '@@ -1,3 +1,4 @@', ' a', ' b', '+X', ' c', ''].join('\n'),
    );
  });

  it('CRLF texts are shown without \\r, and a line-ending change is still a change', () => {
    expect(unifiedDiff('a\r\nb\r\n', 'a\r\nB\r\n', names)).toBe(
      ['--- a/file', '+++ b/file', '@@ -1,2 +1,2 @@', ' a', '-b', '+B', ''].join('\n'),
    );
    expect(unifiedDiff('a\r\nb\r\n', 'a\r\nb\n', names)).toBe(
      ['--- a/file', '+++ b/file', '@@ -1,2 +1,2 @@', ' a', '-b', '+b', ''].join('\n'),
    );
  });
});

describe.skipIf(skipWithout(DIFF, 'diffutils'))('unifiedDiff agrees with GNU diff -u', () => {
  const cases: [string, string, string][] = [
    ['one line added', 'a\nb\nc\nd\ne\nf\ng\n', 'a\nb\nc\nX\nd\ne\nf\ng\n'],
    ['first line changed', 'a\nb\nc\nd\ne\n', 'A\nb\nc\nd\ne\n'],
    ['last line removed', 'a\nb\nc\nd\ne\n', 'a\nb\nc\nd\n'],
    ['from empty', '', 'a\nb\n'],
    ['to empty', 'a\nb\n', ''],
    ['newline added at end', 'a\nb', 'a\nb\n'],
    ['newline removed at end', 'a\nb\n', 'a\nb'],
    ['last line changed, no newline on either', 'a\nb\nc', 'a\nb\nC'],
    ['two far changes: two hunks', 'a\nb\nc\nd\ne\nf\ng\nh\ni\nj\nk\nl\n', 'A\nb\nc\nd\ne\nf\ng\nh\ni\nj\nk\nL\n'],
    ['changes 6 lines apart: one hunk', '1\n2\n3\n4\n5\n6\n7\n8\n9\n', 'X\n2\n3\n4\n5\n6\n7\nY\n9\n'],
    ['changes 7 lines apart: two hunks', '1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n', 'X\n2\n3\n4\n5\n6\n7\n8\nY\n10\n'],
  ];

  it.each(cases)('%s', (_label, oldText, newText) => {
    expect(unifiedDiff(oldText, newText, names)).toBe(gnuDiff(oldText, newText));
  });

  it.each([0, 1, 5])('context %i', (context) => {
    const [oldText, newText] = editedPair(7, 60);
    expect(unifiedDiff(oldText, newText, { ...names, context })).toBe(gnuDiff(oldText, newText, context));
  });

  it('40 random edit scripts over unique lines', () => {
    for (let seed = 1; seed <= 40; seed += 1) {
      const [oldText, newText] = editedPair(seed, 20 + seed * 5);
      expect(unifiedDiff(oldText, newText, names), `seed ${seed}`).toBe(gnuDiff(oldText, newText));
    }
  });

  it('the installer_factory.py patch, LF and CRLF', () => {
    for (const name of ['distro-4space.py', 'distro-crlf.py'] as const) {
      const original = installerFactory(name);
      const plan = planInstallerFactoryPatch(original, 'Rocky Linux');
      if (plan.kind !== 'patched') throw new Error(plan.kind);
      const expected = gnuDiff(original, plan.patched).replace(/\r/g, '');
      const ours = unifiedDiff(original, plan.patched, names);
      expect(ours).toBe(expected);
      expect(ours.split('\n').filter((l) => /^[+-](?![+-]{2} )/.test(l))).toEqual([
        '+        "rocky linux" in distribution or',
      ]);
      expect(ours).toContain('@@ -22,6 +22,7 @@');
    }
  });
});
