import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { exitCodeForReport } from '../../../main/cli/exitCode';
import type { CliCommand } from '../../../main/cli/cliTypes';
import { runJobCommand } from '../../../main/cli/runJobCommand';
import { NgtError } from '../../../main/engine/errors';
import type { Report, ReportStep } from '../../../main/engine/types';
import { createTranslator } from '../../../main/i18n/catalogue';
import { nodePorts, nodeEnvironment } from '../../../main/platform/nodePorts';
import { runCliInProcess } from '../../support/cliInProcess';
import { DOCTOR_STEP_IDS } from '../../support/doctorSteps';
import { reportSchemaErrors } from '../../support/reportSchema';
import { waitFor } from '../../support/waitFor';

const work = mkdtempSync(path.join(tmpdir(), 'ngtp-cli-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const cli = (argv: string[], commands?: CliCommand[]) =>
  runCliInProcess(argv, { dataDir: path.join(work, 'data'), commands });
const ports = () => nodePorts({ environment: nodeEnvironment({ appDataDir: path.join(work, 'data') }) });

function report(steps: Partial<ReportStep>[], result: Report['result']): Report {
  return {
    schema: 'ngt-prep/report@1',
    tool: { name: 'ngt-prep', version: 't' },
    job: { id: '1', kind: 'x', target: 'y', lang: 'en' },
    startedAt: new Date().toISOString(),
    finishedAt: new Date().toISOString(),
    result,
    steps: steps.map((s, i) => ({
      id: `s${i}`,
      phase: 'prepare',
      title: 'T',
      status: 'ok',
      summary: '',
      durationMs: 0,
      ...s,
    })) as ReportStep[],
  };
}

describe('CLI exit codes', () => {
  it('maps results and failure codes to 0, 1, 2, 3 and 130', () => {
    expect(exitCodeForReport(report([{ status: 'ok' }], 'ok'))).toBe(0);
    expect(exitCodeForReport(report([{ status: 'warn' }], 'warn'))).toBe(0);
    expect(exitCodeForReport(report([{ status: 'fail', code: 'LINUX_NO_ISO' }], 'failed'))).toBe(1);
    expect(exitCodeForReport(report([{ status: 'fail', code: 'USAGE_BAD_HOST' }], 'failed'))).toBe(2);
    expect(exitCodeForReport(report([{ status: 'fail', code: 'SSH_AUTH_FAILED' }], 'failed'))).toBe(3);
    expect(exitCodeForReport(report([{ status: 'fail', code: 'SSH_HOST_KEY_CHANGED' }], 'failed'))).toBe(3);
    expect(exitCodeForReport(report([{ status: 'skipped', code: 'CANCELLED' }], 'cancelled'))).toBe(130);
  });

  it('prints the version and help, and refuses unknown commands and languages with exit 2', async () => {
    const a = await cli(['--version']);
    expect(a.code).toBe(0);
    expect(a.stdout).toMatch(/^ngt-prep \d+\.\d+\.\d+/);
    const b = await cli(['--help']);
    expect(b.code).toBe(0);
    expect(b.stdout).toContain('doctor');
    expect(b.stdout).toContain('Exit codes');
    const c = await cli(['frobnicate']);
    expect(c.code).toBe(2);
    expect(c.stderr).toContain('Unknown command "frobnicate"');
    const d = await cli(['--lang', 'de', 'doctor']);
    expect(d.code).toBe(2);
    expect(d.stderr).toContain('use en, fr or ja');
    const e = await cli(['doctor', '--bogus']);
    expect(e.code).toBe(2);
    expect(e.stderr).toContain('Usage: ngt-prep doctor');
  });

  it('runs doctor for real, prints each step and writes a schema-valid report', async () => {
    const json = path.join(work, 'doctor.json');
    const html = path.join(work, 'doctor.html');
    const { code, stdout } = await cli(['doctor', '--json', json, '--html', html]);
    const parsed = JSON.parse(readFileSync(json, 'utf8')) as Report;
    expect(code).toBe(0);
    expect(reportSchemaErrors(parsed)).toEqual([]);
    expect(parsed.job.kind).toBe('doctor');
    expect(parsed.steps.map((s) => s.id)).toEqual([...DOCTOR_STEP_IDS]);
    expect(parsed.steps.find((s) => s.id === 'doctor.app-data')).toMatchObject({ status: 'ok' });
    const text = stdout;
    expect(text).toMatch(/\[OK\s*\] Operating system: Linux/);
    expect(text).toContain(`Report written to ${json}`);
    const page = readFileSync(html, 'utf8');
    expect(page).toContain('<!doctype html>');
    expect(page).not.toMatch(/<script|https?:\/\/(?!ngt-prep\.invalid)/);
  });

  it('speaks the language given with --lang, not the default', async () => {
    for (const lang of ['fr', 'ja'] as const) {
      const a = await cli(['--lang', lang, '--help']);
      expect(a.code).toBe(0);
      const commands = createTranslator(lang)('cli.help.commands');
      expect(commands).not.toBe(createTranslator('en')('cli.help.commands'));
      expect(a.stdout).toContain(commands);
    }
  });

  it('maps usage and connect errors thrown by commands to exit 2 and 3', async () => {
    const thrower = (error: Error): CliCommand => ({
      path: ['boom'],
      describeKey: 'x',
      usageKey: 'x',
      run: async () => Promise.reject(error),
    });
    const a = await cli(
      ['boom'],
      [thrower(new NgtError('USAGE_X', 'bad input', { category: 'usage', remediation: 'do y' }))],
    );
    expect(a.code).toBe(2);
    expect(a.stderr).toContain('bad input');
    expect(a.stderr).toContain('do y');
    const b = await cli(['boom'], [thrower(new NgtError('SSH_AUTH_FAILED', 'denied', { category: 'connect' }))]);
    expect(b.code).toBe(3);
  });

  it('returns 130 when interrupted while a job runs', async () => {
    let cancel: (() => void) | undefined;
    const ctx = {
      io: {
        stdout: () => undefined,
        stderr: () => undefined,
        env: { LANG: 'en_US.UTF-8' },
        isTTY: false,
        onInterrupt: (c: () => void) => (cancel = c),
      },
      ports: ports(),
      t: (k: string) => k,
      lang: 'en' as const,
      verbose: false,
      quiet: true,
    };
    const pending = runJobCommand(
      {
        kind: 'test',
        target: 'x',
        state: {},
        steps: [{ id: 'wait', phase: 'install', title: 'Wait', run: () => new Promise(() => undefined) }],
      },
      {},
      ctx,
    );
    await waitFor(() => cancel, { what: 'the job command to listen for an interrupt' });
    cancel!();
    expect((await pending).exitCode).toBe(130);
  });
});
