/**
 * The numbered installer cases of issue 12 against the SSH sandbox, with the
 * ISO fixture's newer and older installers (written from DOMAIN.md "Linux
 * installer on the ISO"). Each scenario runs the real job
 * (createLinuxInstallJob) over real SSH, confirming the plan as the wizard
 * would. Needs root; skipped loudly without it, failing instead in CI.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import type { JobEvent, Report } from '../../../main/engine/types';
import type { LinuxInstallParams } from '../../../main/ipc/contract';
import { canRunSandbox, extraPython, startSandbox, type Sandbox, type SandboxOptions } from '../../sandbox';
import { runToEnd } from '../../support/engineHarness';
import { knownHostsFileFor, sandboxInstallJob, stepsById } from '../../support/linuxSandboxJob';
import { reportSchemaErrors } from '../../support/reportSchema';

const CI = process.env.CI === 'true';
const can = canRunSandbox();
const pythonsMissing = ['2.7', '3.6'].filter((v) => !extraPython(v as '2.7' | '3.6'));
if (!can.ok && !CI) console.warn(`\n*** SKIPPING installer case tests: ${can.reason} ***\n`);
if (can.ok && pythonsMissing.length && !CI)
  console.warn(`\n*** SKIPPING the Python 2.7/3.6 scenarios: pyenv ${pythonsMissing.join(', ')} missing ***\n`);
const withPythons = can.ok && pythonsMissing.length === 0;

const PASSWORD = `Case-root-${process.pid}-'"$x`;
const work = mkdtempSync(join(tmpdir(), 'ngtp-cases-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const OLDER = join(__dirname, '../../fixtures/ngt-iso/styles/older/installer/linux/src');

type Steps = Record<string, Report['steps'][number]>;

async function runJob(
  sandbox: Sandbox,
  extra: Partial<LinuxInstallParams> = {},
): Promise<{ report: Report; steps: Steps; events: JobEvent[] }> {
  const job = sandboxInstallJob(
    sandbox,
    { password: PASSWORD, knownHostsPath: knownHostsFileFor(work, sandbox) },
    extra,
  );
  const events: JobEvent[] = [];
  const { report } = await runToEnd(job, {
    answerPrompt: async (prompt) => ({ accept: prompt.kind === 'confirm-plan' }),
    onEvent: (e) => void events.push(e),
  });
  expect(reportSchemaErrors(report)).toEqual([]);
  return { report, steps: stepsById(report), events };
}

async function withSandbox(options: Partial<SandboxOptions>, body: (s: Sandbox) => Promise<void>): Promise<void> {
  const sandbox = await startSandbox({ distro: 'rocky', rootPassword: PASSWORD, withCluster: true, ...options });
  try {
    await body(sandbox);
  } finally {
    await sandbox.stop();
  }
}

const leftovers = async (s: Sandbox) =>
  (await s.exec(['/bin/sh', '-c', 'ls -d /var/tmp/ngt-prep-* /usr/local/nutanix 2>/dev/null; true'])).stdout;

describe('installer case prerequisites', () => {
  it('are present (required in CI)', () => {
    expect(CI && !can.ok ? `cannot run: ${can.reason}` : null).toBeNull();
    expect(CI && pythonsMissing.length ? `pyenv Pythons missing: ${pythonsMissing.join(', ')}` : null).toBeNull();
  });
});

describe.skipIf(!can.ok)('installer cases against the sandbox', () => {
  it('cases 1, 2, 4, 7, 5, 10: newer ISO — install_ngt.sh --operation=install, stderr read by content, then "already installed" is done and the plan says what is replaced', async () => {
    await withSandbox({}, async (sandbox) => {
      const first = await runJob(sandbox);
      expect(first.report.result, JSON.stringify(first.steps, null, 1)).toBe('ok');
      // 1, 2: get_linux_installer() found and patched inside its Red Hat branch.
      expect(first.steps.plan!.data!.diff).toMatch(/^\+ {8}"rocky linux" in distribution or$/m);
      // 7: the ISO's own entry point with the argument it expects.
      const command = first.steps.plan!.data!.installCommand as string[];
      expect(command[0]).toBe('sh');
      expect(command[1]).toMatch(/^\/var\/tmp\/ngt-prep-\d{14}\/installer\/linux\/install_ngt\.sh$/);
      expect(command[2]).toBe('--operation=install');
      // 4: the installer's progress arrived on stderr; it is logged as information, not as warnings.
      const installerLogs = first.events.filter(
        (e): e is Extract<JobEvent, { type: 'log' }> => e.type === 'log' && e.stepId === 'run-installer',
      );
      const using = installerLogs.find((e) => e.text.startsWith('Using Linux Installer for rocky linux'));
      expect(using?.level).toBe('info');
      expect(installerLogs.filter((e) => e.level === 'warn' || e.level === 'error')).toEqual([]);

      // 5 and 10: reinstall the same version with --force.
      const again = await runJob(sandbox, { force: true });
      expect(again.steps.plan!.detail).toContain('deletes /usr/local/nutanix on every run');
      expect(again.steps.plan!.data!.replacesInstalled).toEqual({
        path: '/usr/local/nutanix/ngt/config/ngt_config.json',
        version: '4.1',
      });
      expect(again.steps['run-installer']!.status).toBe('ok');
      expect(again.steps['run-installer']!.data).toMatchObject({ exitCode: 1, alreadyInstalled: '4.1' });
      expect(again.steps['verify-services']!.status).toBe('ok');
      expect(again.report.result).toBe('ok');
    });
  }, 180_000);

  it('case 7: a newer ISO without install_ngt.sh runs install_ngt.py --operation install', async () => {
    await withSandbox({ isoWithoutInstallSh: true }, async (sandbox) => {
      const run = await runJob(sandbox);
      expect(run.steps.plan!.data!.installCommand).toEqual([
        '/usr/bin/python3',
        expect.stringMatching(/\/installer\/linux\/install_ngt\.py$/),
        '--operation',
        'install',
      ]);
      expect(run.report.result, JSON.stringify(run.steps['run-installer'])).toBe('ok');
    });
  }, 120_000);

  it('case 6: the agent fails to start, the installer exits 0 — verify fails with the tail of guest_agent_stdout.log', async () => {
    await withSandbox({ isoWithoutClientCertificate: true }, async (sandbox) => {
      const run = await runJob(sandbox);
      const install = run.steps['run-installer']!;
      expect(install.status).toBe('warn');
      expect(install.code).toBe('LINUX_NGT_SERVICE_FAILED_TO_START');
      const services = run.steps['verify-services']!;
      expect(services.status).toBe('fail');
      expect(services.code).toBe('LINUX_NGT_SERVICES_DOWN');
      expect(services.detail).toContain('/usr/local/nutanix/ngt/logs/guest_agent_stdout.log');
      expect(services.detail).toContain('could not load its client certificate');
      expect(services.data!.agentLog).toMatchObject({ path: '/usr/local/nutanix/ngt/logs/guest_agent_stdout.log' });
      expect(run.report.result).toBe('failed');
    });
  }, 120_000);

  it('case 3: an installer calling platform.linux_distribution() on Python ≥ 3.8 only is refused in prepare; nothing changes', async () => {
    await withSandbox({ isoWithoutInstallSh: true }, async (sandbox) => {
      // A Python 3 installer of the transition era: the older factory and redhat_installer.py.
      for (const f of ['installer_factory.py', 'redhat_installer.py'])
        writeFileSync(join(sandbox.isoDir!, 'installer/linux/src', f), readFileSync(join(OLDER, f)));
      const run = await runJob(sandbox);
      expect(run.steps.python!.status).toBe('fail');
      expect(run.steps.python!.code).toBe('LINUX_INSTALLER_NEEDS_PLATFORM_API');
      expect(run.steps.python!.summary).toContain('installer_factory.py, redhat_installer.py');
      expect(run.steps.python!.remediation).toMatch(/newer NGT release/);
      expect(run.steps['run-installer']!.status).toBe('skipped');
      expect(await leftovers(sandbox)).toBe('');
    });
  }, 120_000);

  it.skipIf(!withPythons)(
    'case 3 (other side): the same installer on an EL8 with /usr/libexec/platform-python 3.6 runs with it and installs',
    async () => {
      await withSandbox(
        { isoWithoutInstallSh: true, pythons: [{ version: '3.6', path: '/usr/libexec/platform-python' }] },
        async (sandbox) => {
          for (const f of ['installer_factory.py', 'redhat_installer.py'])
            writeFileSync(join(sandbox.isoDir!, 'installer/linux/src', f), readFileSync(join(OLDER, f)));
          const run = await runJob(sandbox);
          expect(run.steps.python!.data!.python).toBe('/usr/libexec/platform-python');
          expect(run.steps.plan!.data!.installCommand).toEqual([
            '/usr/libexec/platform-python',
            expect.stringMatching(/install_ngt\.py$/),
            '--operation',
            'install',
          ]);
          expect(run.report.result, JSON.stringify(run.steps['run-installer'])).toBe('ok');
        },
      );
    },
    120_000,
  );

  it('case 8: an older, Python 2-only installer on a VM with python3 only is refused with the reason', async () => {
    await withSandbox({ isoFactoryVariant: 'platform' }, async (sandbox) => {
      const run = await runJob(sandbox);
      expect(run.steps.python!.code).toBe('LINUX_PYTHON_REFUSED_BY_INSTALLER');
      expect(run.steps.python!.summary).toContain('2.6/2.7');
      expect(run.steps.python!.summary).toContain('/usr/bin/python3');
      expect(await leftovers(sandbox)).toBe('');
    });
  }, 120_000);

  it.skipIf(!withPythons)(
    'cases 8, 9: the older installer gets python2; /usr/local/nutanix without ngt/, agent found through /etc/init.d',
    async () => {
      await withSandbox(
        { isoFactoryVariant: 'platform', pythons: [{ version: '2.7', path: '/usr/bin/python2' }] },
        async (sandbox) => {
          const run = await runJob(sandbox);
          expect(run.steps.python!.data!.python).toBe('/usr/bin/python2');
          expect(run.steps.plan!.data!.installCommand).toEqual([
            '/usr/bin/python2',
            expect.stringMatching(/install_ngt\.py$/),
          ]);
          expect(run.steps.plan!.data!.diff).toMatch(/^\+ {6}"rocky linux" in distribution or$/m);
          expect(run.report.result, JSON.stringify(run.steps, null, 1)).toBe('ok');
          expect(run.steps['verify-services']!.data).toMatchObject({
            method: 'init-script',
            selfServiceRestoreExpected: false,
          });
          expect(run.steps['verify-install']!.data!.installDir).toBe('/usr/local/nutanix');
          const status = await sandbox.exec(['sh', '/etc/init.d/ngt_guest_agent', 'status']);
          expect(status.stdout).toContain('is running');
        },
      );
    },
    120_000,
  );

  it('case 11: dmidecode missing is reported by prepare, before anything changes', async () => {
    await withSandbox({ hideSbin: ['dmidecode'] }, async (sandbox) => {
      const run = await runJob(sandbox);
      expect(
        run.steps.prerequisites!.status,
        JSON.stringify(run.report.steps.map((s) => [s.id, s.status, s.summary])),
      ).toBe('fail');
      expect(run.steps.prerequisites!.code).toBe('LINUX_DMIDECODE_MISSING');
      expect(run.steps['run-installer']!.status).toBe('skipped');
      expect(await leftovers(sandbox)).toBe('');
    });
  }, 120_000);
});
