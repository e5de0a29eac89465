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
      const a = answers[name] ?? { code: 1 };
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
