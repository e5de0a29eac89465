/** Pure part of "Remove NGT": which uninstaller is run, in DOMAIN.md's order, and when nothing remains. */
import { describe, expect, it } from 'vitest';
import { FACTS_START, parseFactLines } from '../../../main/linux/prepareProbe';
import { interpretRemoveFacts, nothingRemains, uninstallerCommand } from '../../../main/linux/removePlan';

const b64 = (s: string) => Buffer.from(s).toString('base64');
const facts = (pairs: [string, string][]) =>
  interpretRemoveFacts(
    parseFactLines([FACTS_START, ...pairs.map(([k, v]) => `${k}=${b64(v)}`), `probe_end=${b64('1')}`].join('\n')),
  );

describe('uninstallerCommand', () => {
  it('uninstall_ngt.py with NGT’s own python36 first', () => {
    const f = facts([
      ['uninstaller', '/usr/local/nutanix/ngt/python/bin/uninstall_ngt.py'],
      ['python', '/usr/local/nutanix/ngt/python36/bin/python3'],
      ['python', '/usr/bin/python3'],
    ]);
    expect(uninstallerCommand(f)).toEqual([
      '/usr/local/nutanix/ngt/python36/bin/python3',
      '/usr/local/nutanix/ngt/python/bin/uninstall_ngt.py',
    ]);
  });
  it('uninstall_ngt.sh with sh; uninstall_ngt_core.py with --force', () => {
    expect(uninstallerCommand(facts([['uninstaller', '/usr/local/nutanix/ngt/python/bin/uninstall_ngt.sh']]))).toEqual([
      'sh',
      '/usr/local/nutanix/ngt/python/bin/uninstall_ngt.sh',
    ]);
    expect(
      uninstallerCommand(
        facts([
          ['uninstaller', '/usr/local/nutanix/ngt/python/bin/uninstall_ngt_core.py'],
          ['python', '/usr/bin/python3'],
        ]),
      ),
    ).toEqual(['/usr/bin/python3', '/usr/local/nutanix/ngt/python/bin/uninstall_ngt_core.py', '--force']);
  });
  it('none installed: null; nothing remains only when nothing of NGT is found', () => {
    const empty = facts([]);
    expect(uninstallerCommand(empty)).toBeNull();
    expect(nothingRemains(empty)).toBe(true);
    expect(nothingRemains(facts([['staging', '/var/tmp/ngt-prep-20260101000000']]))).toBe(false);
    // Only NGT Prep's own staging names count as leftovers to remove.
    expect(facts([['staging', '/var/tmp/ngt-prep-evil']]).staging).toEqual([]);
  });
});
