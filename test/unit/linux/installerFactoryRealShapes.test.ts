/**
 * The patcher on the installer shapes that really ship (the ISO fixture's
 * newer and older installer_factory.py, written from DOMAIN.md "Linux
 * installer on the ISO"): get_linux_installer() found by function scope, the
 * `... as LinuxInstaller` body, comments in the branch, the else: branch with
 * logging.error + exit_installer(1), the platform.system() check, `+`
 * concatenation and backslash continuations.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectDistributionApi, redHatCondition } from '../../../main/linux/installerFactory/factoryReaders';
import { planInstallerFactoryPatch } from '../../../main/linux/installerFactoryPatch';

const STYLES = join(__dirname, '../../fixtures/ngt-iso/styles');
const factory = (style: 'newer' | 'older') =>
  readFileSync(join(STYLES, style, 'installer/linux/src/installer_factory.py'), 'utf8');

function lines(text: string): string[] {
  return text.split('\n');
}

describe('real installer_factory.py shapes', () => {
  it('newer: one line added inside the Red Hat condition, 8-space continuation, nothing else changed', () => {
    const source = factory('newer');
    const plan = planInstallerFactoryPatch(source, 'Rocky Linux');
    if (plan.kind !== 'patched') throw new Error(JSON.stringify(plan));
    expect(plan.names).toEqual(['centos', 'oracle linux server', 'redhatenterpriseserver', 'red hat']);
    const header = lines(source).indexOf('    if ("centos" in distribution or') + 1;
    expect(plan.branchLineNumber).toBe(header);
    expect(plan.addedLine).toBe('        "rocky linux" in distribution or');
    const expected = lines(source);
    expected.splice(header, 0, '        "rocky linux" in distribution or');
    expect(plan.patched).toBe(expected.join('\n'));
    expect(detectDistributionApi(source)).toEqual({
      api: 'distro',
      expression: 'distro.linux_distribution()[0].lower()',
    });
    expect(redHatCondition(plan.patched)).toBe(
      '("centos" in distribution or "rocky linux" in distribution or "oracle linux server" in distribution or ' +
        '"redhatenterpriseserver" in distribution or "red hat" in distribution)',
    );
  });

  it('older: 2-space indentation, 6-space continuation lines, platform API', () => {
    const source = factory('older');
    const plan = planInstallerFactoryPatch(source, 'AlmaLinux');
    if (plan.kind !== 'patched') throw new Error(JSON.stringify(plan));
    expect(plan.names).toEqual(['centos', 'oracle linux server', 'red hat']);
    expect(plan.addedLine).toBe('      "almalinux" in distribution or');
    expect(lines(plan.patched)[plan.addedLineNumber - 1]).toBe(plan.addedLine);
    expect(lines(plan.patched)[plan.addedLineNumber - 2]).toBe('  if ("centos" in distribution or');
    expect(detectDistributionApi(source).api).toBe('platform');
  });

  it.each(['newer', 'older'] as const)('%s: the names it already lists are supported as is', (style) => {
    expect(planInstallerFactoryPatch(factory(style), 'CentOS Linux')).toMatchObject({
      kind: 'already-supported',
      matchedName: 'centos',
    });
    expect(planInstallerFactoryPatch(factory(style), 'Oracle Linux Server')).toMatchObject({
      kind: 'already-supported',
    });
  });

  it('finds get_linux_installer() by function scope: a decoy Red Hat branch elsewhere is ignored', () => {
    const decoy =
      'def describe(distribution):\n' +
      '    if ("centos" in distribution or\n' +
      '        "red hat" in distribution):\n' +
      '        return "redhat_installer"\n' +
      '    return None\n\n\n';
    const source = factory('newer').replace('\n\ndef get_linux_installer():', `\n\n${decoy}def get_linux_installer():`);
    const plan = planInstallerFactoryPatch(source, 'Rocky Linux');
    if (plan.kind !== 'patched') throw new Error(JSON.stringify(plan));
    // The line lands in get_linux_installer(), not in describe().
    const patchedLines = lines(plan.patched);
    const fn = patchedLines.indexOf('def get_linux_installer():');
    expect(plan.addedLineNumber - 1).toBeGreaterThan(fn);
    expect(patchedLines.slice(0, fn).join('\n')).not.toContain('rocky linux');
  });
});
