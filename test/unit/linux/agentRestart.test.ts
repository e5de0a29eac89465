/**
 * The agent restart's reading (main/linux/agentRestart.ts), pure: the facts
 * the fixed script prints, and the verdict — repaired only when the agent
 * runs again and the installed ngt_uuid is no longer the shared one. The
 * script itself runs against real sshd sandboxes in
 * test/integration/fleet/cloneRepairSandbox.test.ts.
 */
import { describe, expect, it } from 'vitest';

import { interpretAgentRestart, judgeAgentRestart } from '../../../main/linux/agentRestart';

const SHARED = '5bd1cc9c-0000-4000-8000-00000000c10e';
const NEW = '0d6c3c2e-1111-4000-8000-0000000000aa';

const kv = (key: string, value: string) => `${key}=${Buffer.from(value).toString('base64')}`;
const config = (uuid: string) => JSON.stringify({ cluster_ip: '10.200.0.1', port: 2074, ngt_uuid: uuid, extra: 1 });

function facts(lines: [string, string][]) {
  return interpretAgentRestart(['noise before', kv('probe', '1'), ...lines.map(([k, v]) => kv(k, v))].join('\n'));
}

describe('the agent restart, read', () => {
  it('restarted by its pid file with a new identity: repaired, with the new ngt_uuid', () => {
    const f = facts([
      ['install_dir', '/usr/local/nutanix/ngt'],
      ['config_before', config(SHARED)],
      ['method', 'pid-file'],
      ['service', 'ngt_guest_agent'],
      ['pid_before', '101'],
      ['restart_rc', '0'],
      ['restart_output', ''],
      ['running', '1'],
      ['pid_after', '202'],
      ['config_after', config(NEW)],
    ]);
    expect(f).toMatchObject({
      method: 'pid-file',
      service: 'ngt_guest_agent',
      pidBefore: 101,
      pidAfter: 202,
      running: true,
    });
    expect([f.before?.ngtUuid, f.after?.ngtUuid]).toEqual([SHARED, NEW]);
    expect(judgeAgentRestart(f, SHARED)).toEqual({ ok: true, ngtUuid: NEW });
  });

  it('each way it is not repaired has its own code', () => {
    const base: [string, string][] = [
      ['method', 'systemd'],
      ['service', 'ngt_guest_agent'],
      ['restart_rc', '0'],
      ['running', '1'],
    ];
    expect(judgeAgentRestart(facts([['method', '']]), SHARED)).toMatchObject({ code: 'LINUX_AGENT_NOT_FOUND' });
    expect(
      judgeAgentRestart(
        facts([
          ['method', 'pid-file'],
          ['missing', '/usr/bin/agent.py'],
          ['restart_rc', '127'],
        ]),
        SHARED,
      ),
    ).toMatchObject({ code: 'LINUX_AGENT_PROGRAM_MISSING', key: 'programMissing' });
    // The restart command failed, or the agent did not run again in time.
    expect(
      judgeAgentRestart(
        facts([
          ['method', 'systemd'],
          ['restart_rc', '5'],
          ['running', '0'],
        ]),
        SHARED,
      ),
    ).toMatchObject({ code: 'LINUX_AGENT_RESTART_FAILED' });
    expect(
      judgeAgentRestart(
        facts([
          ['method', 'init-script'],
          ['restart_rc', '0'],
          ['running', '0'],
        ]),
        SHARED,
      ),
    ).toMatchObject({ code: 'LINUX_AGENT_RESTART_FAILED' });
    // Running again but still the shared identity, or no readable config: not repaired.
    expect(judgeAgentRestart(facts([...base, ['config_after', config(SHARED)]]), SHARED)).toMatchObject({
      code: 'CLONE_IDENTITY_UNCHANGED',
    });
    expect(judgeAgentRestart(facts([...base, ['config_after', '{not json']]), SHARED)).toMatchObject({
      code: 'CLONE_IDENTITY_UNCHANGED',
    });
    // A method the script does not print is not trusted.
    expect(facts([['method', 'magic']]).method).toBeUndefined();
  });
});
