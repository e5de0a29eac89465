/**
 * The patcher's work grows linearly with the file (issue 14, item 8: a 1.8 MB
 * condition took 13 s, a 50 MB file 3.2 GB). Counted, not timed: the patcher
 * counts the characters and items it visits (measurePatcherWork), so a
 * quadratic pass shows up as work per character that grows with the size.
 */
import { describe, expect, it } from 'vitest';
import { detectDistributionApi, redHatCondition } from '../../../main/linux/installerFactory/factoryReaders';
import { MAX_FACTORY_CHARS, measurePatcherWork } from '../../../main/linux/installerFactory/patcherWork';
import { planInstallerFactoryPatch } from '../../../main/linux/installerFactoryPatch';

const head =
  'import distro\n\n\ndef get_linux_installer():\n    distribution = distro.linux_distribution()[0].lower()\n';
const tail =
  '        from redhat_installer import RedhatInstaller as LinuxInstaller\n' +
  '    else:\n        exit_installer(1)\n    return LinuxInstaller()\n';

/** Pathological shapes, each with about n repetitions. */
const shapes: Record<string, (n: number) => string> = {
  'a condition of n name tests on n lines': (n) =>
    `${head}    if ("centos" in distribution or\n${Array.from({ length: n }, (_, i) => `        "name${i}" in distribution or\n`).join('')}        "red hat" in distribution):\n${tail}`,
  'a condition of n name tests on one line': (n) =>
    `${head}    if (${Array.from({ length: n }, (_, i) => `"n${i}" in distribution or `).join('')}"red hat" in distribution):\n${tail}`,
  'n elif branches': (n) =>
    `${head}    if "centos" in distribution or "red hat" in distribution:\n        from redhat_installer import RedhatInstaller as LinuxInstaller\n${Array.from({ length: n }, (_, i) => `    elif "d${i}" in distribution:\n        from d${i} import D as LinuxInstaller\n`).join('')}${tail.replace(/^ {8}from.*\n/, '')}`,
  'n nested ifs in the Red Hat branch': (n) =>
    `${head}    if ("centos" in distribution or\n        "red hat" in distribution):\n${Array.from({ length: n }, (_, i) => `${' '.repeat(8 + (i % 40) * 4)}if x${i}:\n`).join('')}${tail}`,
  'n strings and comments outside the function': (n) =>
    `${Array.from({ length: n }, (_, i) => `X${i} = "a # b" # "c" in distribution\n`).join('')}${head}    if ("centos" in distribution or\n        "red hat" in distribution):\n${tail}`,
};

function workPerChar(source: string): number {
  const { result, units } = measurePatcherWork(() => {
    const plan = planInstallerFactoryPatch(source, 'Rocky Linux');
    detectDistributionApi(source);
    redHatCondition(source);
    return plan;
  });
  expect(result.kind).not.toBe('unrecognised');
  return units / source.length;
}

describe('installer_factory.py patcher: linear work', () => {
  it.each(Object.keys(shapes))('%s: work per character does not grow with the size', (name) => {
    const small = shapes[name]!(500);
    const large = shapes[name]!(8_000);
    const perCharSmall = workPerChar(small);
    const perCharLarge = workPerChar(large);
    // Linear: the same work per character at 16x the size (quadratic would multiply it by ~16).
    expect(perCharLarge).toBeLessThan(perCharSmall * 1.5 + 1);
    expect(perCharLarge).toBeLessThan(40);
  });

  it('a condition near the size limit (about 1.8 MB) is patched with bounded work', () => {
    const source = shapes['a condition of n name tests on n lines']!(48_000);
    expect(source.length).toBeGreaterThan(1_800_000);
    expect(source.length).toBeLessThan(MAX_FACTORY_CHARS);
    expect(workPerChar(source)).toBeLessThan(40);
  });
});

describe('installer_factory.py patcher: size limit', () => {
  const huge = `${head}    if ("centos" in distribution or\n${'        "x" in distribution or\n'.repeat(
    Math.ceil(MAX_FACTORY_CHARS / 28) + 10,
  )}        "red hat" in distribution):\n${tail}`;

  it('refuses a file over MAX_FACTORY_CHARS with a clear reason, before reading it', () => {
    expect(huge.length).toBeGreaterThan(MAX_FACTORY_CHARS);
    const { result, units } = measurePatcherWork(() => planInstallerFactoryPatch(huge, 'Rocky Linux'));
    expect(result).toMatchObject({ kind: 'unrecognised', reason: 'too-large' });
    expect(result.kind === 'unrecognised' && result.message).toContain(String(MAX_FACTORY_CHARS));
    expect(units).toBe(0);
    expect(redHatCondition(huge)).toBeNull();
    expect(detectDistributionApi(huge)).toEqual({ api: null, expression: null });
  });
});
