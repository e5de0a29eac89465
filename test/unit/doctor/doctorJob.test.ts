/** Doctor's checks on the platforms this machine is not: recorded-shape answers from Windows' own tools. */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createDoctorJob } from '../../../main/doctor/doctorJob';
import type { ProcessRunner, RunResult } from '../../../main/engine/ports';
import { nodeEnvironment, nodePorts } from '../../../main/platform/nodePorts';
import { runToEnd, t } from '../../support/engineHarness';

function windowsRunner(answers: Record<string, Partial<RunResult>>): ProcessRunner & { calls: string[][] } {
  const calls: string[][] = [];
  return {
    calls,
    async run(command, args) {
      const name = command.replace(/^.*[\\/]/, '').replace(/\.exe$/i, '');
      calls.push([name, ...args]);
      // The execution-policy query gets its own answer (keyed by the cmdlet it runs).
      const key = args.some((a) => a.startsWith('Get-ExecutionPolicy')) ? 'Get-ExecutionPolicy' : name;
      const a = answers[key] ?? { code: 1 };
      return { code: 0, signal: null, stdout: '', stderr: '', timedOut: false, ...a };
    },
    async which(command) {
      return answers[command] ? `C:\\Windows\\System32\\${command}.exe` : null;
    },
  };
}

const PAGEANT_ROW = '"pageant.exe","7428","Console","1","12,345 K"\r\n';

describe('doctor on Windows', () => {
  it('an elevated Windows with PowerShell 5.1 and Pageant: all ok, Pageant reported', async () => {
    const processes = windowsRunner({
      powershell: { stdout: '5.1.17763.6414\r\n' },
      net: { code: 0 },
      tasklist: { stdout: PAGEANT_ROW },
    });
    const ports = nodePorts({
      processes,
      environment: nodeEnvironment({ platform: 'win32', env: {}, homedir: '/nonexistent-home' }),
    });
    const { report } = await runToEnd(createDoctorJob(t), { ports });
    const step = (id: string) => report.steps.find((s) => s.id === id)!;
    expect(step('doctor.powershell')).toMatchObject({ status: 'ok', summary: 'Found powershell 5.1.17763.6414.' });
    expect(step('doctor.elevation')).toMatchObject({ status: 'ok', summary: t('doctor.elevation.windowsElevated') });
    expect(step('doctor.ssh-agent')).toMatchObject({ status: 'ok', summary: t('doctor.sshAgent.pageant') });
    // Fixed queries only: nothing from the environment is spliced into a command.
    expect(processes.calls).toContainEqual(['tasklist', '/FI', 'IMAGENAME eq pageant.exe', '/NH', '/FO', 'CSV']);
    expect(processes.calls).toContainEqual(['net', 'session']);
  });

  it('not elevated, PowerShell 4, no agent: warnings that say what to do', async () => {
    const processes = windowsRunner({
      powershell: { stdout: '4.0\r\n' },
      net: { code: 2 },
      tasklist: { stdout: 'INFO: No tasks are running which match the specified criteria.\r\n' },
    });
    const ports = nodePorts({
      processes,
      environment: nodeEnvironment({ platform: 'win32', env: {}, homedir: '/nonexistent-home' }),
    });
    const { report } = await runToEnd(createDoctorJob(t), { ports });
    const step = (id: string) => report.steps.find((s) => s.id === id)!;
    expect(step('doctor.powershell')).toMatchObject({
      status: 'warn',
      code: 'DOCTOR_POWERSHELL_OLD',
      remediation: t('doctor.powershell.remediationOld'),
    });
    expect(step('doctor.elevation')).toMatchObject({
      status: 'warn',
      code: 'DOCTOR_NOT_ELEVATED',
      remediation: t('doctor.elevation.remediationWindows'),
    });
    expect(step('doctor.ssh-agent')).toMatchObject({ status: 'ok', summary: t('doctor.sshAgent.none') });
    expect(report.result).toBe('warn');
  });

  it('no Windows PowerShell at all fails with a remediation', async () => {
    const processes = windowsRunner({ net: { code: 0 } });
    const ports = nodePorts({
      processes,
      environment: nodeEnvironment({ platform: 'win32', env: {}, homedir: '/nonexistent-home' }),
    });
    const { report } = await runToEnd(createDoctorJob(t), { ports });
    expect(report.steps.find((s) => s.id === 'doctor.powershell')).toMatchObject({
      status: 'fail',
      code: 'DOCTOR_POWERSHELL_MISSING',
    });
  });
});

describe('doctor reads known_hosts bounded', () => {
  it('a FIFO as ~/.ssh/known_hosts is a warning that says why, not a hang', async () => {
    const home = mkdtempSync(path.join(tmpdir(), 'ngtp-doctor-home-'));
    try {
      mkdirSync(path.join(home, '.ssh'));
      execFileSync('mkfifo', [path.join(home, '.ssh', 'known_hosts')]);
      const ports = nodePorts({ environment: nodeEnvironment({ homedir: home, appDataDir: path.join(home, 'data') }) });
      const { report } = await runToEnd(createDoctorJob(t), { ports });
      const step = report.steps.find((s) => s.id === 'doctor.known-hosts');
      expect(step).toMatchObject({ status: 'warn' });
      expect(step?.detail).toContain('is not a regular file');
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });
});

/**
 * `Get-ExecutionPolicy -List` as Windows prints it (about_Execution_Policies, "Get-ExecutionPolicy
 * -List" example: a Scope / ExecutionPolicy table, MachinePolicy first), CRLF line ends.
 */
function executionPolicyTable(rows: Record<string, string>): string {
  const scopes = ['MachinePolicy', 'UserPolicy', 'Process', 'CurrentUser', 'LocalMachine'];
  const lines = ['', '        Scope ExecutionPolicy', '        ----- ---------------'];
  for (const scope of scopes) lines.push(`${scope.padStart(13)} ${(rows[scope] ?? 'Undefined').padStart(15)}`);
  return lines.join('\r\n') + '\r\n\r\n';
}

describe('doctor on Windows: the execution policy (finding 12)', () => {
  const run = async (table: string) => {
    const processes = windowsRunner({
      powershell: { stdout: '5.1.17763.6414\r\n' },
      'Get-ExecutionPolicy': { stdout: table },
      net: { code: 0 },
    });
    const ports = nodePorts({
      processes,
      environment: nodeEnvironment({ platform: 'win32', env: {}, homedir: '/nonexistent-home' }),
    });
    const { report } = await runToEnd(createDoctorJob(t), { ports });
    return { step: report.steps.find((s) => s.id === 'doctor.execution-policy')!, processes };
  };
  it('explains a Group Policy AllSigned that -ExecutionPolicy Bypass cannot override', async () => {
    const { step, processes } = await run(
      executionPolicyTable({ MachinePolicy: 'AllSigned', LocalMachine: 'RemoteSigned' }),
    );
    expect(step).toMatchObject({ status: 'warn', code: 'DOCTOR_EXECUTION_POLICY_GPO' });
    expect(step.summary).toContain('AllSigned (MachinePolicy scope)');
    expect(step.summary).toContain('-ExecutionPolicy Bypass does not override');
    expect(step.remediation).toContain('Signing the Windows scripts');
    expect(
      processes.calls.some((c) => c[0] === 'powershell' && c.at(-1)!.startsWith('Get-ExecutionPolicy -List')),
    ).toBe(true);
  });
  it('explains a user-scope RemoteSigned from Group Policy, with Unblock-File for a copied script', async () => {
    const { step } = await run(executionPolicyTable({ UserPolicy: 'RemoteSigned' }));
    expect(step.summary).toContain('RemoteSigned (UserPolicy scope)');
    expect(step.remediation).toContain('Unblock-File');
  });
  it('is ok when only the local scopes are set (Bypass overrides them)', async () => {
    const { step } = await run(executionPolicyTable({ LocalMachine: 'AllSigned', CurrentUser: 'Restricted' }));
    expect(step.status).toBe('ok');
  });
  it('a MachinePolicy Unrestricted wins over a UserPolicy AllSigned', async () => {
    const { step } = await run(executionPolicyTable({ MachinePolicy: 'Unrestricted', UserPolicy: 'AllSigned' }));
    expect(step.status).toBe('ok');
  });
  it('says so when the table cannot be read', async () => {
    const { step } = await run('');
    expect(step).toMatchObject({ status: 'warn', code: 'DOCTOR_EXECUTION_POLICY_UNKNOWN' });
  });
});
