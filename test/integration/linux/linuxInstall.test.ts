/**
 * The Linux install job end to end against the SSH sandbox (real OpenSSH in
 * its own namespaces, looking like Rocky 8.4 / AlmaLinux 8.4 / Debian 12, with
 * the NGT ISO fixture read-only and a fake cluster on 2074). Mostly through
 * the real CLI path in-process (runCli), with a temp known_hosts and data dir.
 * Needs root; skipped loudly without it, failing instead in CI.
 */
import { createHash } from 'node:crypto';
import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { JobEvent, PromptRequest, Report } from '../../../main/engine/types';
import { FACTORY_RELATIVE_PATH } from '../../../main/linux/isoLayout';
import { canRunSandbox, startSandbox, type Sandbox } from '../../sandbox';
import { runCliInProcess } from '../../support/cliInProcess';
import { runToEnd } from '../../support/engineHarness';
import { sandboxInstallJob, sandboxLoginArgs } from '../../support/linuxSandboxJob';
import { reportSchemaErrors } from '../../support/reportSchema';

const CI = process.env.CI === 'true';
const can = canRunSandbox();
const dmidecodeMissing = !existsSync('/usr/sbin/dmidecode');
if (!can.ok && !CI) console.warn(`\n*** SKIPPING Linux install integration tests: ${can.reason} ***\n`);
if (can.ok && dmidecodeMissing) {
  console.warn(
    '\n*** /usr/sbin/dmidecode missing (apt-get install -y dmidecode): the sandbox VM shares /usr, so prerequisites will warn ***\n',
  );
}

// Sentinels: they must never appear in any output, event or report.
const ROOT_PASSWORD = `S3ntinel-root-${process.pid}-'"$\`x`;
const ADMIN_PASSWORD = `S3ntinel-admin-${process.pid}-é$(id)`;

const work = mkdtempSync(join(tmpdir(), 'ngtp-linux-it-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
let runNo = 0;

interface CliRun {
  code: number;
  output: string;
  report?: Report;
  reportText?: string;
}

async function cli(args: string[], env: Record<string, string> = {}): Promise<CliRun> {
  runNo += 1;
  const dataDir = join(work, `data-${runNo}`);
  const json = join(work, `report-${runNo}.json`);
  const { code, output } = await runCliInProcess(['--verbose', 'linux', 'install', ...args, '--json', json], {
    dataDir,
    env: { NGT_PREP_DATA_DIR: dataDir, ...env },
  });
  const reportText = existsSync(json) ? readFileSync(json, 'utf8') : undefined;
  return { code, output, reportText, report: reportText ? (JSON.parse(reportText) as Report) : undefined };
}

function stepsOf(
  report: Report | undefined,
): Record<string, { status: string; code?: string; data?: Record<string, unknown>; detail?: string; summary: string }> {
  return Object.fromEntries((report?.steps ?? []).map((s) => [s.id, s]));
}

function expectNoSecret(text: string): void {
  for (const secret of [ROOT_PASSWORD, ADMIN_PASSWORD, Buffer.from(ROOT_PASSWORD).toString('base64')]) {
    expect(text.includes(secret)).toBe(false);
  }
}

/** sshd log lines that mean authentication was attempted. */
const AUTH_LINE = /Accepted |Failed (password|publickey|none)|Invalid user|Postponed|authentication failure/;

describe('Linux install integration prerequisites', () => {
  // Always runs: in CI a missing prerequisite is a failure, never a silent skip of the suite below.
  it('are present (required in CI)', () => {
    expect(CI && !can.ok ? `Linux install integration tests cannot run: ${can.reason}` : null).toBeNull();
  });
});

describe.skipIf(!can.ok)('linux install against the sandbox', () => {
  describe('Rocky 8.4 as root', () => {
    let sandbox: Sandbox;
    let knownHosts = '';
    let isoBefore = '';
    const auth = () => sandboxLoginArgs(sandbox, knownHosts);
    const env = { NGTP_PW: ROOT_PASSWORD };

    beforeAll(async () => {
      sandbox = await startSandbox({ distro: 'rocky', rootPassword: ROOT_PASSWORD, withCluster: true });
      knownHosts = join(work, 'rocky_known_hosts');
      isoBefore = await sandbox.isoChecksum();
    }, 60_000);
    afterAll(() => sandbox?.stop());

    it('an unknown host key without --accept-new: exit 3, the fingerprint printed, no authentication attempted', async () => {
      const logBefore = (await sandbox.sshdLog()).length;
      const run = await cli(auth(), env);
      expect(run.code).toBe(3);
      expect(run.output).toContain(sandbox.hostKeyFingerprint);
      expect(run.output).toContain('SSH_HOST_KEY_UNKNOWN');
      expect(stepsOf(run.report).connect?.code).toBe('SSH_HOST_KEY_UNKNOWN');
      const log = (await sandbox.sshdLog()).slice(logBefore);
      expect(log).toMatch(/Connection from/);
      expect(log).not.toMatch(AUTH_LINE);
      expect(existsSync(knownHosts)).toBe(false);
      expectNoSecret(run.output + run.reportText);
    }, 60_000);

    it('a wrong password: exit 3 (SSH_AUTH_FAILED)', async () => {
      const run = await cli([...auth(), '--accept-new'], { NGTP_PW: 'not-the-password' });
      expect(run.code).toBe(3);
      expect(stepsOf(run.report).connect?.code).toBe('SSH_AUTH_FAILED');
      expect(run.output).toContain('SSH_AUTH_FAILED');
    }, 60_000);

    it('--dry-run: prepare only, prints the diff, changes nothing', async () => {
      const run = await cli([...auth(), '--accept-new', '--dry-run'], env);
      expect(run.code).toBe(0);
      const steps = stepsOf(run.report);
      expect(Object.keys(steps)).not.toContain('stage');
      expect(run.output).toContain('+        "rocky linux" in distribution or');
      const left = await sandbox.exec([
        '/bin/sh',
        '-c',
        'ls -d /var/tmp/ngt-prep-* /usr/local/nutanix 2>/dev/null; true',
      ]);
      expect(left.stdout).toBe('');
    }, 60_000);

    it('full job: exit 0, every step ok, report schema-valid, staging removed, agent running, ISO unchanged', async () => {
      const started = Date.now();
      const run = await cli(auth(), env);
      const wall = Date.now() - started;
      expect(run.code, run.output).toBe(0);
      expect(reportSchemaErrors(run.report)).toEqual([]);
      const steps = stepsOf(run.report);
      const notOk = run.report!.steps.filter((s) => s.status !== 'ok').map((s) => `${s.id}: ${s.status} ${s.summary}`);
      if (dmidecodeMissing) expect(notOk.filter((s) => !s.startsWith('prerequisites'))).toEqual([]);
      else expect(notOk).toEqual([]);
      expect(run.report!.result).toBe(dmidecodeMissing ? 'warn' : 'ok');
      expect(Object.keys(steps)).toEqual([
        'connect',
        'host',
        'privileges',
        'python',
        'prerequisites',
        'iso',
        'existing-ngt',
        'cluster',
        'distribution',
        'plan',
        'stage',
        'prove-patch',
        'run-installer',
        'verify-services',
        'verify-install',
        'verify-cluster',
        'cluster-side',
        'clean-staging',
      ]);
      // The plan carries the diff (one added line) and the measurements.
      const plan = steps.plan!.data!;
      expect(plan.diff).toMatch(/^\+ {8}"rocky linux" in distribution or$/m);
      expect((plan.diff as string).split('\n').filter((l) => /^[+-][^+-]/.test(l))).toHaveLength(1);
      const metrics = plan.metrics as { sshRoundTrips: number; prepareMs: number };
      console.info(
        `[linux prepare] ${metrics.sshRoundTrips} SSH round trip(s), ${metrics.prepareMs} ms (connect included); whole job ${wall} ms`,
      );
      expect(metrics.sshRoundTrips).toBeLessThanOrEqual(3);
      // Installer output was streamed line by line into the log.
      expect(run.output).toContain('Using Linux Installer for rocky linux linux distribution.');
      expect(run.output).toContain('Nutanix Guest Tools installation is complete.');
      expect(steps['verify-services']!.data!.method).toBe('pid-file');
      // Staging removed; services and pid files in place; the cluster saw the agent.
      const vm = await sandbox.exec([
        '/bin/sh',
        '-c',
        'ls -d /var/tmp/ngt-prep-* 2>/dev/null; cat /run/ngt_guest_agent.pid /run/ngt_self_service_restore.pid',
      ]);
      expect(vm.stdout).not.toContain('/var/tmp/ngt-prep-');
      expect(vm.stdout.trim().split('\n')).toHaveLength(2);
      expect(readFileSync(knownHosts, 'utf8')).toContain(sandbox.hostKeyBase64);
      expect(await sandbox.isoChecksum()).toBe(isoBefore);
      expectNoSecret(run.output + run.reportText);
    }, 120_000);

    it('running again: nothing re-patched, install skipped, verify ok', async () => {
      const run = await cli(auth(), env);
      expect(run.code, run.output).toBe(0);
      const steps = stepsOf(run.report);
      expect(steps['existing-ngt']!.data!.installSkipped).toBe(true);
      for (const id of ['stage', 'prove-patch', 'run-installer', 'clean-staging'])
        expect(steps[id]!.status).toBe('skipped');
      expect(steps['verify-services']!.status).toBe('ok');
      expect(steps.plan!.data!.willInstall).toBe(false);
      const vm = await sandbox.exec(['/bin/sh', '-c', 'ls -d /var/tmp/ngt-prep-* 2>/dev/null; true']);
      expect(vm.stdout).toBe('');
      expect(await sandbox.isoChecksum()).toBe(isoBefore);
    }, 120_000);

    it('a changed host key: exit 3, and the server saw no authentication attempt', async () => {
      await sandbox.restartSshd({ newHostKey: true });
      const logBefore = (await sandbox.sshdLog()).length;
      const run = await cli([...auth(), '--accept-new'], env);
      expect(run.code).toBe(3);
      expect(stepsOf(run.report).connect?.code).toBe('SSH_HOST_KEY_CHANGED');
      expect(run.output).toContain('CHANGED');
      expect(run.output).toContain(sandbox.hostKeyFingerprint);
      const log = (await sandbox.sshdLog()).slice(logBefore);
      expect(log).toMatch(/Connection from/);
      expect(log).not.toMatch(AUTH_LINE);
      expect(await sandbox.isoChecksum()).toBe(isoBefore);
    }, 60_000);
  });

  it('AlmaLinux 8.4 with a sudo user and password: exit 0, installed through sudo', async () => {
    const sandbox = await startSandbox({
      distro: 'alma',
      users: [{ name: 'admin', password: ADMIN_PASSWORD, sudo: 'password' }],
      withCluster: true,
    });
    try {
      const run = await cli(
        [...sandboxLoginArgs(sandbox, join(work, 'alma_kh'), 'admin'), '--fingerprint', sandbox.hostKeyFingerprint],
        { NGTP_PW: ADMIN_PASSWORD },
      );
      expect(run.code, run.output).toBe(0);
      const steps = stepsOf(run.report);
      expect(steps.privileges!.data).toEqual({ root: false, sudo: true });
      expect(steps.distribution!.data!.distribution).toBe('almalinux');
      expect(steps.plan!.data!.diff).toMatch(/^\+ +"almalinux" in distribution or$/m);
      expect(steps['run-installer']!.status).toBe('ok');
      expect(steps['verify-services']!.status).toBe('ok');
      expectNoSecret(run.output + run.reportText);
    } finally {
      await sandbox.stop();
    }
  }, 120_000);

  it('a Debian-like host: refused, nothing changed on the VM', async () => {
    const sandbox = await startSandbox({ distro: 'debian', rootPassword: ROOT_PASSWORD });
    try {
      const iso = await sandbox.isoChecksum();
      const run = await cli([...sandboxLoginArgs(sandbox, join(work, 'deb_kh')), '--accept-new'], {
        NGTP_PW: ROOT_PASSWORD,
      });
      expect(run.code).toBe(1);
      const steps = stepsOf(run.report);
      expect(steps.distribution!.code).toBe('LINUX_DISTRIBUTION_UNSUPPORTED');
      expect(steps.distribution!.summary).toContain('debian');
      for (const id of ['stage', 'prove-patch', 'run-installer']) expect(steps[id]!.status).toBe('skipped');
      const vm = await sandbox.exec([
        '/bin/sh',
        '-c',
        'ls -d /var/tmp/ngt-prep-* /usr/local/nutanix /run/ngt_guest_agent.pid 2>/dev/null; true',
      ]);
      expect(vm.stdout).toBe('');
      expect(await sandbox.isoChecksum()).toBe(iso);
    } finally {
      await sandbox.stop();
    }
  }, 60_000);

  it('no ISO mounted: a clear error that says how to mount NGT from Prism', async () => {
    const sandbox = await startSandbox({ distro: 'rocky', rootPassword: ROOT_PASSWORD, withIso: false });
    try {
      const run = await cli([...sandboxLoginArgs(sandbox, join(work, 'noiso_kh')), '--accept-new'], {
        NGTP_PW: ROOT_PASSWORD,
      });
      expect(run.code).toBe(1);
      const steps = stepsOf(run.report);
      expect(steps.iso!.code).toBe('NGT_ISO_NOT_FOUND');
      expect(run.output).toMatch(/Prism/);
      expect(run.output).toMatch(/empty CD-ROM/i);
      expect(steps['run-installer']!.status).toBe('skipped');
    } finally {
      await sandbox.stop();
    }
  }, 60_000);

  it('the ISO swapped while the plan is being approved: staging refuses it before creating anything', async () => {
    const sandbox = await startSandbox({ distro: 'rocky', rootPassword: ROOT_PASSWORD, withCluster: true });
    try {
      const knownHostsPath = join(work, 'swap_kh');
      const job = sandboxInstallJob(
        sandbox,
        { password: ROOT_PASSWORD, knownHostsPath },
        {},
        { hostKeyPolicy: { acceptNew: true, knownHostsPath } },
      );
      const factory = join(sandbox.isoDir!, FACTORY_RELATIVE_PATH);
      const { report } = await runToEnd(job, {
        // The person approves the diff; meanwhile another ISO is mounted on the VM (its factory differs).
        answerPrompt: async (prompt) => {
          if (prompt.kind === 'confirm-plan') appendFileSync(factory, '\n# another ISO\n');
          return { accept: prompt.kind === 'confirm-plan' };
        },
      });
      const steps = stepsOf(report);
      expect(steps.plan!.status).toBe('ok');
      expect(steps.stage!.status).toBe('fail');
      expect(steps.stage!.code).toBe('LINUX_FACTORY_CHANGED');
      expect(steps.stage!.summary).toContain('changed since the plan was approved');
      expect(steps.stage!.data).toMatchObject({
        now: createHash('sha256').update(readFileSync(factory)).digest('hex'),
      });
      expect(steps['run-installer']!.status).toBe('skipped');
      const left = await sandbox.exec(['/bin/sh', '-c', 'ls -d /usr/local/nutanix /var/tmp/ngt-prep-* 2>&1; true']);
      expect(left.stdout).not.toMatch(/^\/(usr|var)/m);
      expect(reportSchemaErrors(report)).toEqual([]);
    } finally {
      await sandbox.stop();
    }
  }, 60_000);

  it('sshd killed during the install: the job fails cleanly within bounded time and says where it stopped', async () => {
    const sandbox = await startSandbox({ distro: 'rocky', rootPassword: ROOT_PASSWORD, withCluster: true });
    try {
      const knownHostsPath = join(work, 'kill_kh');
      const job = sandboxInstallJob(
        sandbox,
        { password: ROOT_PASSWORD, knownHostsPath },
        {},
        {
          hostKeyPolicy: { acceptNew: true, knownHostsPath },
          ssh: { keepaliveIntervalMs: 2_000, keepaliveCountMax: 2 },
        },
      );
      let killed: Promise<unknown> | undefined;
      let killedAt = 0;
      const events: JobEvent[] = [];
      const prompts: PromptRequest[] = [];
      const { report } = await runToEnd(job, {
        // As the wizard would: the plan is confirmed through the prompt.
        answerPrompt: async (prompt) => {
          prompts.push(prompt);
          return { accept: prompt.kind === 'confirm-plan' };
        },
        onEvent: (e) => {
          events.push(e);
          // Kill every sshd in the VM (listener and this session) once the installer has started talking.
          if (
            e.type === 'log' &&
            e.stepId === 'run-installer' &&
            e.text.startsWith('Using Linux Installer') &&
            !killed
          ) {
            killedAt = Date.now();
            killed = sandbox.exec(['pkill', '-KILL', '-x', 'sshd']);
          }
        },
      });
      await killed;
      const elapsed = Date.now() - killedAt;
      expect(killedAt).toBeGreaterThan(0);
      expect(elapsed).toBeLessThan(20_000);
      const steps = stepsOf(report);
      expect(steps['run-installer']!.status).toBe('fail');
      expect(steps['run-installer']!.code).toBe('SSH_CONNECTION_LOST');
      expect(steps['run-installer']!.detail).toMatch(/Stopped while running .*install_ngt\.(py|sh)/);
      const reached = steps['run-installer']!.data!.milestonesReached as number;
      expect(reached).toBeGreaterThanOrEqual(1);
      expect(reached).toBeLessThan(8);
      expect(prompts.map((p) => p.kind)).toEqual(['confirm-plan']);
      expect(prompts[0]!.kind === 'confirm-plan' && prompts[0]!.diff).toContain('"rocky linux" in distribution or');
      expect(steps['run-installer']!.data!.stagingPath).toMatch(/^\/var\/tmp\/ngt-prep-\d{14}$/);
      for (const id of ['verify-services', 'verify-install', 'clean-staging'])
        expect(steps[id]!.status).toBe('skipped');
      expect(report.result).toBe('failed');
      expect(reportSchemaErrors(report)).toEqual([]);
      expectNoSecret(JSON.stringify(events) + JSON.stringify(report));
    } finally {
      await sandbox.stop();
    }
  }, 60_000);
});
