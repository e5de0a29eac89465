import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { exitCodeForReport } from '../../../main/cli/exitCode';
import { runCli } from '../../../main/cli/runCli';
import type { CliCommand } from '../../../main/cli/cliTypes';
import { runJobCommand } from '../../../main/cli/runJobCommand';
import { NgtError } from '../../../main/engine/errors';
import type { Report, ReportStep } from '../../../main/engine/types';
import { createTranslator } from '../../../main/i18n/catalogue';
import { nodePorts, nodeEnvironment } from '../../../main/platform/nodePorts';
import { reportSchemaErrors } from '../../support/reportSchema';
import { waitFor } from '../../support/waitFor';

const work = mkdtempSync(path.join(tmpdir(), 'ngtp-cli-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function io() {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    io: {
      stdout: (s: string) => void out.push(s),
      stderr: (s: string) => void err.push(s),
      env: { LANG: 'en_US.UTF-8' },
      isTTY: false,
    },
  };
}
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
    const a = io();
    expect(await runCli(['--version'], a.io, ports())).toBe(0);
    expect(a.out.join('')).toMatch(/^ngt-prep \d+\.\d+\.\d+/);
    const b = io();
    expect(await runCli(['--help'], b.io, ports())).toBe(0);
    expect(b.out.join('')).toContain('doctor');
    expect(b.out.join('')).toContain('Exit codes');
    const c = io();
    expect(await runCli(['frobnicate'], c.io, ports())).toBe(2);
    expect(c.err.join('')).toContain('Unknown command "frobnicate"');
    const d = io();
    expect(await runCli(['--lang', 'de', 'doctor'], d.io, ports())).toBe(2);
    expect(d.err.join('')).toContain('use en, fr or ja');
    const e = io();
    expect(await runCli(['doctor', '--bogus'], e.io, ports())).toBe(2);
    expect(e.err.join('')).toContain('Usage: ngt-prep doctor');
  });

  it('runs doctor for real, prints each step and writes a schema-valid report', async () => {
    const a = io();
    const json = path.join(work, 'doctor.json');
    const html = path.join(work, 'doctor.html');
    const code = await runCli(['doctor', '--json', json, '--html', html], a.io, ports());
    const parsed = JSON.parse(readFileSync(json, 'utf8')) as Report;
    expect(code).toBe(0);
    expect(reportSchemaErrors(parsed)).toEqual([]);
    expect(parsed.job.kind).toBe('doctor');
    expect(parsed.steps.map((s) => s.id)).toEqual([
      'doctor.os',
      'doctor.powershell',
      'doctor.execution-policy',
      'doctor.elevation',
      'doctor.ssh-agent',
      'doctor.known-hosts',
      'doctor.app-data',
    ]);
    expect(parsed.steps.find((s) => s.id === 'doctor.app-data')).toMatchObject({ status: 'ok' });
    const text = a.out.join('');
    expect(text).toMatch(/\[OK\s*\] Operating system: Linux/);
    expect(text).toContain(`Report written to ${json}`);
    const page = readFileSync(html, 'utf8');
    expect(page).toContain('<!doctype html>');
    expect(page).not.toMatch(/<script|https?:\/\/(?!ngt-prep\.invalid)/);
  });

  it('speaks the language given with --lang, not the default', async () => {
    for (const lang of ['fr', 'ja'] as const) {
      const a = io();
      expect(await runCli(['--lang', lang, '--help'], a.io, ports())).toBe(0);
      const commands = createTranslator(lang)('cli.help.commands');
      expect(commands).not.toBe(createTranslator('en')('cli.help.commands'));
      expect(a.out.join('')).toContain(commands);
    }
  });

  it('maps usage and connect errors thrown by commands to exit 2 and 3', async () => {
    const thrower = (error: Error): CliCommand => ({
      path: ['boom'],
      describeKey: 'x',
      usageKey: 'x',
      run: async () => Promise.reject(error),
    });
    const a = io();
    expect(
      await runCli(['boom'], a.io, ports(), [
        thrower(new NgtError('USAGE_X', 'bad input', { category: 'usage', remediation: 'do y' })),
      ]),
    ).toBe(2);
    expect(a.err.join('')).toContain('bad input');
    expect(a.err.join('')).toContain('do y');
    const b = io();
    expect(
      await runCli(['boom'], b.io, ports(), [
        thrower(new NgtError('SSH_AUTH_FAILED', 'denied', { category: 'connect' })),
      ]),
    ).toBe(3);
  });

  it('returns 130 when interrupted while a job runs', async () => {
    const a = io();
    let cancel: (() => void) | undefined;
    const ctx = {
      io: { ...a.io, onInterrupt: (c: () => void) => (cancel = c) },
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
