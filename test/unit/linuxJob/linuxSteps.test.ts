/**
 * Linux job steps built and run alone (linux/steps/*): a kit over a state
 * that holds the prepare probe's facts, parsed by the probe's own reader from
 * the probe's output format (`key=<base64>` lines, remoteScripts.ts), and no
 * SSH connection — these steps only judge facts. The whole job runs against
 * the sandbox in test/integration/linux/.
 */
import { describe, expect, it } from 'vitest';
import { linuxInstallParamsSchema, type LinuxInstallParams } from '../../../main/linux/installParams';
import { interpretPrepareFacts, parseFactLines } from '../../../main/linux/prepareProbe';
import { clusterStep } from '../../../main/linux/steps/clusterReachabilitySteps';
import { existingNgtStep } from '../../../main/linux/steps/existingNgtStep';
import { isoStep } from '../../../main/linux/steps/isoStep';
import type { LinuxInstallState } from '../../../main/linux/steps/linuxJobState';
import { createLinuxStepKit, type LinuxCtx } from '../../../main/linux/steps/stepKit';
import { t } from '../../support/engineHarness';

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');
const probeOutput = (pairs: [string, string][]) =>
  [['probe', '1'], ...pairs, ['probe_end', '1']].map(([k, v]) => `${k}=${b64(v!)}`).join('\n') + '\n';

const params = linuxInstallParamsSchema.parse({ host: 'vm1.example', username: 'root', auth: { kind: 'agent' } });
/** These steps read only the state; a context they touched would be a test failure, not a crash hidden by a stub. */
const noCtx = new Proxy({} as LinuxCtx, {
  get: (_target, key) => {
    throw new Error(`the step read ctx.${String(key)}`);
  },
});

function kitWith(pairs: [string, string][], extra: Partial<LinuxInstallParams> = {}) {
  const state: LinuxInstallState = {
    sudo: { kind: 'none' },
    facts: interpretPrepareFacts(parseFactLines(probeOutput(pairs))),
  };
  return { state, kit: createLinuxStepKit({ ...params, ...extra }, t, state) };
}

const iso: [string, string][] = [
  ['iso_dir', '/run/media/root/NUTANIX_TOOLS'],
  ['iso_config', '{"cluster_ip": "10.0.0.9", "port": 2074, "ngt_version": "4.1"}'],
];
const installed = (version: string): [string, string][] => [
  ['installed_config_path', '/usr/local/nutanix/ngt/config/ngt_config.json'],
  ['installed_config', JSON.stringify({ ngt_version: version })],
];

describe('existing-ngt step alone', () => {
  it('an older NGT is replaced: ok, install not skipped', async () => {
    const { kit, state } = kitWith([...iso, ...installed('4.0')]);
    const step = existingNgtStep(kit);
    expect([step.id, step.phase, step.title]).toEqual(['existing-ngt', 'prepare', t('linuxJob.steps.existing-ngt')]);
    const outcome = await step.run(noCtx);
    expect(outcome).toMatchObject({
      status: 'ok',
      data: { installed: true, installedVersion: '4.0', isoVersion: '4.1' },
    });
    expect(state.skipInstall).toBeUndefined();
  });

  it('the same version skips the install (with the reason in the state), unless forced', async () => {
    const same = kitWith([...iso, ...installed('4.1')]);
    expect(await existingNgtStep(same.kit).run(noCtx)).toMatchObject({ status: 'ok', data: { installSkipped: true } });
    expect(same.state.skipInstall).toBe(
      t('linuxJob.existing.skipReason', { installed: '4.1', iso: '4.1', path: '/usr/local/nutanix/ngt' }),
    );
    const forced = kitWith([...iso, ...installed('4.1')], { force: true });
    expect(await existingNgtStep(forced.kit).run(noCtx)).toMatchObject({
      status: 'ok',
      summary: t('linuxJob.existing.forced', { installed: '4.1', iso: '4.1', path: '/usr/local/nutanix/ngt' }),
    });
    expect(forced.state.skipInstall).toBeUndefined();
  });
});

describe('iso step alone', () => {
  it('an ISO without installer_factory.py fails with NGT_ISO_INCOMPLETE naming the file', async () => {
    const { kit } = kitWith(iso);
    const outcome = await isoStep(kit).run(noCtx);
    expect(outcome).toMatchObject({ status: 'fail', code: 'NGT_ISO_INCOMPLETE' });
    expect(`${outcome.summary} ${outcome.remediation}`).toContain('installer/linux/src/installer_factory.py');
  });
  it('no ISO found: NGT_ISO_NOT_FOUND', async () => {
    expect(await isoStep(kitWith([]).kit).run(noCtx)).toMatchObject({ status: 'fail', code: 'NGT_ISO_NOT_FOUND' });
  });
});

describe('cluster step alone', () => {
  it('an unreachable cluster is an advisory warning with the address and the timeout', async () => {
    const cluster = JSON.stringify({ ip: '10.0.0.9', port: 2074, reachable: false, error: 'timed out' });
    const step = clusterStep(kitWith([...iso, ['cluster', cluster]]).kit);
    expect(step.advisory).toBe(true);
    expect(await step.run(noCtx)).toMatchObject({
      status: 'warn',
      code: 'LINUX_CLUSTER_UNREACHABLE',
      data: { clusterIp: '10.0.0.9', port: 2074, reachable: false },
    });
  });
});

describe('the kit', () => {
  it('refuses a step that needs the SSH session before connect, with SSH_CONNECTION_LOST', () => {
    const { kit } = kitWith([]);
    expect(() => kit.session()).toThrow(expect.objectContaining({ code: 'SSH_CONNECTION_LOST' }));
    expect(kit.target).toBe('root@vm1.example:22');
  });
});
