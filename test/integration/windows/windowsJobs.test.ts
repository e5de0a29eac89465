/**
 * The Windows jobs as composed for the wizard and the CLI: the engine, the
 * check rules and rollback planning are real; PowerShell is a stand-in that
 * answers with recorded, real-shaped script output (Windows cannot run here);
 * the outside-in proof talks to a real loopback TLS WS-Man listener.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../main/cli/runCli';
import type { Ports } from '../../../main/engine/ports';
import type { PromptRequest } from '../../../main/engine/types';
import { nodeEnvironment, nodePorts } from '../../../main/platform/nodePorts';
import { inspectPemCertificate } from '../../../main/windows/certificates';
import type { PowerShellRunner } from '../../../main/windows/powershellRunner';
import {
  createWindowsApplyJob,
  createWindowsCheckJob,
  createWindowsRollbackJob,
  createWindowsVerifyJob,
  type WindowsJobDeps,
} from '../../../main/windows/windowsJobs';
import { startFakeWinRm, type LoopbackServer } from '../../fixtures/probe/loopbackServers';
import { makeSelfSigned } from '../../fixtures/probe/makeCertificates';
import { runToEnd, t } from '../../support/engineHarness';
import { reportSchemaErrors } from '../../support/reportSchema';
import {
  elevatedHost,
  powerShellStandIn,
  recordedApplyOutput,
  recordedVerifyOutput,
  standInOutput,
} from '../../support/windowsStandIn';

const windowsPorts = (): Ports =>
  nodePorts({ environment: nodeEnvironment({ platform: 'win32', hostname: 'WIN-8RQ2M5T0K1L' }) });

let server: LoopbackServer;
let thumbprint: string;
beforeAll(async () => {
  const tls = makeSelfSigned({ cn: '127.0.0.1', sans: ['127.0.0.1'] });
  thumbprint = inspectPemCertificate(tls.certPem)!.sha1Thumbprint;
  server = await startFakeWinRm({ tls, version: 'OS: 10.0.17763 SP: 0.0 Stack: 3.0' });
});
afterAll(async () => server?.close());
const verifyOutput = () => recordedVerifyOutput(thumbprint);
const applyOutput = () => recordedApplyOutput(thumbprint);

function deps(runner: PowerShellRunner, ports = windowsPorts()): WindowsJobDeps {
  return {
    t,
    ports,
    scriptsDir: 'C:\\Program Files\\NGT Prep\\resources\\assets\\windows',
    runner,
    probeHost: elevatedHost,
    proofPort: server.port,
  };
}

describe('Windows jobs', () => {
  it('check on a fresh Server 2019: one step per group, the missing HTTPS listener fails, schema-valid report', async () => {
    const { runner, calls } = powerShellStandIn({
      'Get-NgtPrepState': standInOutput('fresh-2019', 'Get-NgtPrepState'),
    });
    const { report } = await runToEnd(createWindowsCheckJob(deps(runner)), { ports: windowsPorts() });
    expect(calls.map((c) => c.script)).toEqual(['Get-NgtPrepState']);
    expect(report.steps.map((s) => s.id)).toEqual([
      'windows.platform',
      'windows.collect',
      'windows.check.service',
      'windows.check.listener',
      'windows.check.certificate',
      'windows.check.authentication',
      'windows.check.firewall',
      'windows.check.networkProfile',
      'windows.check.ngt',
    ]);
    expect(report.steps.find((s) => s.id === 'windows.check.listener')).toMatchObject({ status: 'fail' });
    expect(report.steps.find((s) => s.id === 'windows.check.listener')!.remediation).toBeTruthy();
    expect(report.result).toBe('failed');
    expect(reportSchemaErrors(report)).toEqual([]);
  });

  it('apply: what apply fixes does not stop Prepare; the plan is asked; apply, local verify and the outside-in proof all pass', async () => {
    const { runner, calls } = powerShellStandIn({
      'Get-NgtPrepState': standInOutput('fresh-2019', 'Get-NgtPrepState'),
      'Set-NgtPrepWinRm': applyOutput(),
      'Test-NgtPrepWinRm': verifyOutput(),
    });
    const prompts: PromptRequest[] = [];
    const options = {
      keySize: 4096 as const,
      certValidityDays: 1095,
      firewallRemoteAddresses: ['192.0.2.10'],
      basic: true,
      localAccountTokenFilterPolicy: false,
    };
    const { report } = await runToEnd(createWindowsApplyJob(deps(runner), options), {
      ports: windowsPorts(),
      answerPrompt: async (p) => (prompts.push(p), { accept: true }),
    });
    expect(calls.map((c) => c.script)).toEqual(['Get-NgtPrepState', 'Set-NgtPrepWinRm', 'Test-NgtPrepWinRm']);
    expect(calls[1].options).toEqual(options);
    expect(prompts).toHaveLength(1);
    expect(prompts[0]).toMatchObject({ kind: 'confirm-plan' });
    expect((prompts[0] as { summary: string }).summary).toContain('from 192.0.2.10 only');
    const status = Object.fromEntries(report.steps.map((s) => [s.id, s.status]));
    expect(status['windows.check.listener']).toBe('ok'); // "To be fixed by Apply"
    expect(report.steps.find((s) => s.id === 'windows.check.listener')!.summary).toMatch(/^To be fixed by Apply: /);
    expect(status['windows.apply']).toBe('ok');
    expect(status['windows.verify.local']).toBe('ok');
    expect(status['windows.proof.tcp']).toBe('ok');
    expect(status['windows.proof.tls']).toBe('warn'); // self-signed, flagged; thumbprint pinned and matching
    expect(status['windows.proof.identify']).toBe('ok');
    expect(report.steps.find((s) => s.id === 'windows.proof.identify')!.data).toMatchObject({
      productVersion: 'OS: 10.0.17763 SP: 0.0 Stack: 3.0',
    });
    expect(report.steps.find((s) => s.id === 'windows.proof.tls')!.data).toMatchObject({ thumbprintMatches: true });
    expect(reportSchemaErrors(report)).toEqual([]);
  });

  it('apply declined at the plan: nothing is changed and the job ends cancelled', async () => {
    const { runner, calls } = powerShellStandIn({
      'Get-NgtPrepState': standInOutput('fresh-2019', 'Get-NgtPrepState'),
    });
    const { report } = await runToEnd(
      createWindowsApplyJob(deps(runner), {
        keySize: 4096,
        certValidityDays: 1095,
        firewallRemoteAddresses: [],
        basic: true,
        localAccountTokenFilterPolicy: false,
      }),
      { ports: windowsPorts(), answerPrompt: async () => ({ accept: false }) },
    );
    expect(calls.map((c) => c.script)).toEqual(['Get-NgtPrepState']);
    expect(report.result).toBe('cancelled');
    expect(report.steps.find((s) => s.id === 'windows.plan')).toMatchObject({
      status: 'skipped',
      summary: 'Stopped before any change, as asked.',
    });
    expect(report.steps.find((s) => s.id === 'windows.apply')!.status).toBe('skipped');
  });

  it('apply stops before any change when a blocker apply cannot fix exists (Basic blocked by Group Policy)', async () => {
    const { runner, calls } = powerShellStandIn({
      'Get-NgtPrepState': standInOutput('gpo-basic-off', 'Get-NgtPrepState'),
    });
    const { report } = await runToEnd(
      createWindowsApplyJob(deps(runner), {
        keySize: 4096,
        certValidityDays: 1095,
        firewallRemoteAddresses: [],
        basic: true,
        localAccountTokenFilterPolicy: false,
      }),
      { ports: windowsPorts(), answerPrompt: async () => ({ accept: true }) },
    );
    expect(calls.map((c) => c.script)).toEqual(['Get-NgtPrepState']);
    const blockers = report.steps.find((s) => s.id === 'windows.blockers')!;
    expect(blockers.status).toBe('fail');
    expect(blockers.code).toBe('WINRM_BASIC_GPO_BLOCKED');
    expect(report.steps.find((s) => s.id === 'windows.apply')!.summary).toBe(t('engine.skipped.prepareFailed'));
  });

  it('verify: local checks then the proof against the listener', async () => {
    const { runner } = powerShellStandIn({ 'Test-NgtPrepWinRm': verifyOutput() });
    const { report } = await runToEnd(createWindowsVerifyJob(deps(runner)), { ports: windowsPorts() });
    expect(report.steps.map((s) => [s.id, s.status])).toEqual([
      ['windows.platform', 'ok'],
      ['windows.verify.local', 'ok'],
      ['windows.proof.dns', 'ok'],
      ['windows.proof.tcp', 'ok'],
      ['windows.proof.tls', 'warn'],
      ['windows.proof.identify', 'ok'],
      ['windows.proof.outside-in', 'warn'],
    ]);
    // Finding 4: the probe from the VM to itself is labelled local (Windows Firewall does not
    // filter it), and the last step leads to the same probe from another host.
    expect(report.steps.find((s) => s.id === 'windows.proof.tcp')!.title).toMatch(/^Local probe \(this VM to itself\)/);
    const outsideIn = report.steps.find((s) => s.id === 'windows.proof.outside-in')!;
    expect(outsideIn.summary).toMatch(/Windows Firewall does not filter/);
    expect(outsideIn.remediation).toContain("another host, ideally in Prism Central's subnet");
    expect(outsideIn.remediation).toContain(
      `ngt-prep probe winrm --host 127.0.0.1 --port ${server.port} --thumbprint ${thumbprint}`,
    );
  });

  it("verify with the account Prism Central will use adds the probe's Basic step, and the password appears nowhere", async () => {
    const tls = makeSelfSigned({ cn: '127.0.0.1', sans: ['127.0.0.1'] });
    const pinned = inspectPemCertificate(tls.certPem)!.sha1Thumbprint;
    const password = 'Pc-Admin-Secret-42';
    const winrm = await startFakeWinRm({ tls, accounts: [{ user: 'pcadmin', password, admin: true }] });
    try {
      const { runner } = powerShellStandIn({ 'Test-NgtPrepWinRm': recordedVerifyOutput(pinned) });
      const job = createWindowsVerifyJob({ ...deps(runner), proofPort: winrm.port }, { user: 'pcadmin', password });
      const { report } = await runToEnd(job, { ports: windowsPorts() });
      const basic = report.steps.find((s) => s.id === 'windows.proof.basic-auth')!;
      expect(basic.status).toBe('ok');
      expect(basic.title).toMatch(/^Local probe/);
      expect(report.steps.find((s) => s.id === 'windows.proof.outside-in')!.remediation).toContain('--user pcadmin');
      expect(JSON.stringify(report)).not.toContain(password);
      expect(winrm.requests.some((r) => String(r.headers.authorization ?? '').startsWith('Basic '))).toBe(true);
    } finally {
      await winrm.close();
    }
  });

  it('rollback: plans from the saved apply record, asks, and runs the undo script with exactly those actions', async () => {
    const undo = {
      ok: true,
      script: 'Undo-NgtPrepWinRm',
      schemaVersion: 1,
      changed: true,
      failedCount: 0,
      archivedRecords: [],
      results: [] as unknown[],
    };
    const { runner, calls } = powerShellStandIn({
      'Get-NgtPrepState': standInOutput('fresh-2019.applied', 'Get-NgtPrepState'),
      'Undo-NgtPrepWinRm': undo,
    });
    const prompts: PromptRequest[] = [];
    const { report } = await runToEnd(createWindowsRollbackJob(deps(runner)), {
      ports: windowsPorts(),
      answerPrompt: async (p) => (prompts.push(p), { accept: true }),
    });
    expect(calls.map((c) => c.script)).toEqual(['Get-NgtPrepState', 'Undo-NgtPrepWinRm']);
    const plan = report.steps.find((s) => s.id === 'windows.rollback.plan')!;
    const planned = (plan.data as { actions: { type: string }[] }).actions;
    expect(planned.length).toBeGreaterThan(0);
    expect(calls[1].options).toMatchObject({ actions: planned });
    expect(prompts[0]).toMatchObject({ kind: 'confirm-plan' });
  });

  it('rollback with no record of an apply changes nothing', async () => {
    const { runner, calls } = powerShellStandIn({
      'Get-NgtPrepState': standInOutput('fresh-2019', 'Get-NgtPrepState'),
    });
    const { report } = await runToEnd(createWindowsRollbackJob(deps(runner)), {
      ports: windowsPorts(),
      answerPrompt: async () => ({ accept: true }),
    });
    expect(calls.map((c) => c.script)).toEqual(['Get-NgtPrepState']);
    expect(report.steps.find((s) => s.id === 'windows.rollback.undo')).toMatchObject({ status: 'skipped' });
    expect(report.result).toBe('ok');
  });

  it('rollback on a golden-image template with no record left removes the first-boot task and its files (finding 11)', async () => {
    const check = standInOutput('golden-image-template', 'Get-NgtPrepState');
    expect(check.applyRecords).toEqual([]);
    expect(check.firstBoot).toMatchObject({ taskPresent: true, scriptPresent: true });
    const { runner, calls } = powerShellStandIn({
      'Get-NgtPrepState': check,
      'Undo-NgtPrepWinRm': standInOutput('golden-image-template', 'Undo-NgtPrepWinRm'),
    });
    const prompts: PromptRequest[] = [];
    const { report } = await runToEnd(createWindowsRollbackJob(deps(runner)), {
      ports: windowsPorts(),
      answerPrompt: async (p) => (prompts.push(p), { accept: true }),
    });
    expect(calls.map((c) => c.script)).toEqual(['Get-NgtPrepState', 'Undo-NgtPrepWinRm']);
    expect(calls[1].options).toMatchObject({ actions: [], recordPaths: [] });
    expect(prompts[0]).toMatchObject({ kind: 'confirm-plan' });
    expect(JSON.stringify(prompts[0])).toContain('NGT Prep WinRM first boot');
    const undo = report.steps.find((s) => s.id === 'windows.rollback.undo')!;
    expect(undo).toMatchObject({ status: 'ok' });
    expect(undo.detail).toContain('first-boot task');
    expect(report.result).toBe('ok');
  });

  it('on a non-Windows computer the CLI refuses check/apply/verify/rollback with exit 2 and points to export and probe', async () => {
    for (const verb of ['check', 'apply', 'verify', 'rollback']) {
      const err: string[] = [];
      const code = await runCli(
        ['windows', verb],
        { stdout: () => undefined, stderr: (s) => void err.push(s), env: { LANG: 'en_US.UTF-8' }, isTTY: false },
        nodePorts({ environment: nodeEnvironment({ platform: 'linux' }) }),
      );
      expect(code).toBe(2);
      expect(err.join('')).toContain('ngt-prep windows export');
      expect(err.join('')).toContain('ngt-prep probe winrm');
    }
  });
});
