/**
 * Tracked files whose names differ only by case cannot both exist in a
 * checkout on Windows or macOS (case-insensitive file systems): one silently
 * overwrites the other. The same goes for two modules that an extensionless
 * import cannot tell apart there (`./Form` → Form.tsx or form.ts?). This test
 * reads the real index (`git ls-files`) and fails on either.
 */
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const MODULE_EXTENSIONS = /\.(?:tsx?|mts|cts|jsx?|mjs|cjs)$/;

/** Groups of paths that are the same path, or the same module specifier, once case is ignored. */
export function caseClashes(paths: readonly string[]): string[][] {
  const groups = new Map<string, Set<string>>();
  const add = (key: string, path: string) => {
    const set = groups.get(key) ?? new Set<string>();
    set.add(path);
    groups.set(key, set);
  };
  for (const path of paths) {
    add(`file:${path.toLowerCase()}`, path);
    if (MODULE_EXTENSIONS.test(path)) add(`module:${path.replace(MODULE_EXTENSIONS, '').toLowerCase()}`, path);
  }
  return [...groups.values()]
    .map((set) => [...set].sort())
    .filter((group) => group.length > 1 && new Set(group.map((p) => p.replace(MODULE_EXTENSIONS, ''))).size > 1)
    .sort((a, b) => a[0]!.localeCompare(b[0]!));
}

describe('file names that differ only by case', () => {
  it('finds both kinds of clash and lets distinct names through', () => {
    expect(
      caseClashes([
        'renderer/a/Form.tsx',
        'renderer/a/form.ts',
        'docs/README.md',
        'docs/readme.md',
        'main/x/index.ts',
        'main/x/index.test.ts',
        'main/y/thing.ts',
        'main/y/thing.json',
      ]),
    ).toEqual([
      ['docs/README.md', 'docs/readme.md'],
      ['renderer/a/Form.tsx', 'renderer/a/form.ts'],
    ]);
  });

  it('none among the tracked files', () => {
    const tracked = execFileSync('git', ['ls-files', '-z'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })
      .split('\0')
      .filter(Boolean);
    expect(tracked.length).toBeGreaterThan(100);
    expect(caseClashes(tracked)).toEqual([]);
  });
});
