/**
 * The clone repair's guest side alone (createLinuxAgentRestartJob: connect,
 * then the fixed agent restart script) against real sshd sandboxes, for the
 * ways the fleet test (fleet/cloneRepairSandbox.test.ts, pid files) does not
 * reach: the older NGT layout whose agent is an /etc/init.d script, and a VM
 * where no agent can be found at all. The ISO's new identity is what Prism
 * Central's insert gives a clone (DOMAIN.md, "NGT files inside a guest"),
 * written from the host side into the sandbox's read-only ISO folder; the
 * fixture agent takes it when it restarts (test/fixtures/ngt-iso/README.md).
 * Needs root (and pyenv's Python 2.7 for the older installer); skipped
 * loudly without, failing instead in CI.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import { createLinuxAgentRestartJob } from '../../../main/linux/linuxInstallJob';
import { ngtInstalledPaths, renewNgtIsoIdentity } from '../../fixtures/ngt-iso';
import { canRunSandbox, extraPython, startSandbox, type Sandbox, type SandboxOptions } from '../../sandbox';
import { runToEnd, t } from '../../support/engineHarness';
import { installNgtOn, knownHostsFileFor, stepsById } from '../../support/linuxSandboxJob';
import { reportSchemaErrors } from '../../support/reportSchema';
import { waitFor } from '../../support/waitFor';

const CI = process.env.CI === 'true';
const can = canRunSandbox();
const python2 = extraPython('2.7');
if (!can.ok && !CI) console.warn(`\n*** SKIPPING agent restart sandbox tests: ${can.reason} ***\n`);
if (can.ok && !python2 && !CI) console.warn('\n*** SKIPPING the init-script agent restart: pyenv 2.7 missing ***\n');

const PASSWORD = `Restart-root-${process.pid}-'"$x`;
const SHARED = '3e5a1c00-0000-4000-8000-00000000c10e';
const work = mkdtempSync(join(tmpdir(), 'ngtp-restart-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

async function withSandbox(options: Partial<SandboxOptions>, body: (s: Sandbox) => Promise<void>): Promise<void> {
  const sandbox = await startSandbox({
    distro: 'rocky',
    rootPassword: PASSWORD,
    withCluster: true,
    ngtUuid: SHARED,
    ...options,
  });
  try {
    await body(sandbox);
  } finally {
    await sandbox.stop();
  }
}

async function restartAgent(sandbox: Sandbox, username = 'root') {
  const job = createLinuxAgentRestartJob(
    {
      host: sandbox.host,
      port: 22,
      username,
      auth: { kind: 'password', password: PASSWORD },
      phase: 'install',
      dryRun: false,
      force: false,
    },
    { t, hostKeyPolicy: { fingerprint: sandbox.hostKeyFingerprint, knownHostsPath: knownHostsFileFor(work, sandbox) } },
    SHARED,
  );
  const { report } = await runToEnd(job, { answerPrompt: async () => ({ accept: false }) });
  expect(reportSchemaErrors(report)).toEqual([]);
  expect(report.steps.map((s) => s.id)).toEqual(['connect', 'restart-agent']);
  return { report, step: stepsById(report)['restart-agent']! };
}

const installedUuid = async (s: Sandbox, file: string) =>
  (JSON.parse((await s.exec(['cat', file])).stdout) as { ngt_uuid: string }).ngt_uuid;

describe('agent restart sandbox prerequisites', () => {
  it('are present (required in CI)', () => {
    expect(CI && !can.ok ? `cannot run: ${can.reason}` : null).toBeNull();
    expect(CI && !python2 ? 'pyenv Python 2.7 missing' : null).toBeNull();
  });
});

describe.skipIf(!can.ok)('the agent restart of a clone, in the guest', () => {
  it.skipIf(!python2)(
    'older layout: restarted through /etc/init.d, the ISO identity taken, ok with the new ngt_uuid',
    async () => {
      const paths = ngtInstalledPaths.older;
      await withSandbox(
        { isoFactoryVariant: 'platform', pythons: [{ version: '2.7', path: '/usr/bin/python2' }] },
        async (sandbox) => {
          await installNgtOn(sandbox, { password: PASSWORD, knownHostsPath: knownHostsFileFor(work, sandbox) });
          const before = (await sandbox.exec(['cat', paths.agentPidFile])).stdout.trim();
          expect(await installedUuid(sandbox, paths.config)).toBe(SHARED);
          const fresh = renewNgtIsoIdentity(sandbox.isoDir!).ngt_uuid;

          const { report, step } = await restartAgent(sandbox);
          expect([report.result, step.status, step.code], step.summary).toEqual(['ok', 'ok', undefined]);
          expect(step.data).toMatchObject({
            method: 'init-script',
            service: 'ngt_guest_agent',
            ngtUuidBefore: SHARED,
            ngtUuidAfter: fresh,
            identityChanged: true,
          });
          expect(step.summary).toContain(fresh);
          expect(await installedUuid(sandbox, paths.config)).toBe(fresh);
          const status = await sandbox.exec(['sh', paths.initScript, 'status']);
          expect(status.stdout).toContain('is running');
          expect((await sandbox.exec(['cat', paths.agentPidFile])).stdout.trim()).not.toBe(before);
        },
      );
    },
    180_000,
  );

  it('a sudo user (password asked by sudo): the agent restarted as root, the new identity taken', async () => {
    const paths = ngtInstalledPaths.newer;
    await withSandbox({ users: [{ name: 'admin', password: PASSWORD, sudo: 'password' }] }, async (sandbox) => {
      await installNgtOn(sandbox, { password: PASSWORD, knownHostsPath: knownHostsFileFor(work, sandbox) });
      const before = (await sandbox.exec(['cat', paths.agentPidFile])).stdout.trim();
      const fresh = renewNgtIsoIdentity(sandbox.isoDir!).ngt_uuid;
      const { report, step } = await restartAgent(sandbox, 'admin');
      expect([report.result, step.status], step.summary).toEqual(['ok', 'ok']);
      expect(step.data).toMatchObject({ method: 'pid-file', ngtUuidAfter: fresh, identityChanged: true });
      expect(await installedUuid(sandbox, paths.config)).toBe(fresh);
      const after = (await sandbox.exec(['cat', paths.agentPidFile])).stdout.trim();
      expect(after).not.toBe(before);
      // Still root's agent, started again from its own command line.
      const owner = await sandbox.exec(['stat', '-c', '%U', `/proc/${after}`]);
      expect(owner.stdout.trim()).toBe('root');
      await waitFor(
        async () => (await sandbox.clusterConnections()).some((c) => c.data.startsWith(`NGT-HELLO ${fresh} `)),
        {
          what: `the restarted agent saying hello as ${fresh}`,
          timeoutMs: 60_000,
        },
      );
    });
  }, 180_000);

  it('no agent installed: LINUX_AGENT_NOT_FOUND with what to do, nothing started', async () => {
    await withSandbox({}, async (sandbox) => {
      const { report, step } = await restartAgent(sandbox);
      expect([report.result, step.status, step.code]).toEqual(['failed', 'fail', 'LINUX_AGENT_NOT_FOUND']);
      expect(step.summary).toContain('No NGT guest agent');
      expect(step.remediation).toContain('--force');
      expect((await sandbox.exec(['sh', '-c', 'ls /run/ngt_guest_agent.pid 2>/dev/null; true'])).stdout).toBe('');
    });
  }, 120_000);

  it('restarted, but the ISO still carries the shared identity: CLONE_IDENTITY_UNCHANGED, the agent running again', async () => {
    const paths = ngtInstalledPaths.newer;
    await withSandbox({}, async (sandbox) => {
      await installNgtOn(sandbox, { password: PASSWORD, knownHostsPath: knownHostsFileFor(work, sandbox) });
      const before = (await sandbox.exec(['cat', paths.agentPidFile])).stdout.trim();
      const { step } = await restartAgent(sandbox);
      expect([step.status, step.code]).toEqual(['fail', 'CLONE_IDENTITY_UNCHANGED']);
      expect(step.data).toMatchObject({ method: 'pid-file', ngtUuidAfter: SHARED, identityChanged: false });
      expect(step.remediation).toContain('NUTANIX_TOOLS');
      const after = (await sandbox.exec(['cat', paths.agentPidFile])).stdout.trim();
      expect(after).not.toBe(before);
      expect((await sandbox.exec(['test', '-d', `/proc/${after}`])).code).toBe(0);
    });
  }, 180_000);
});
