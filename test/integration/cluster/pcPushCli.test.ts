/**
 * `ngt-prep pc push` end to end in-process: real CLI parsing, real TLS to the
 * test Prism Central (test/fixtures/prism-central, written from the vmm v4.0
 * and prism v4.0 references), the engine job and its ngt-prep/report@1
 * report, exit codes 0/1/2/3/130, and sentinel passwords (Prism Central's and
 * the guest's) that must appear in no output.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { CliIo } from '../../../main/cli/cliTypes';
import type { Report } from '../../../main/engine/types';
import { makeSelfSigned } from '../../fixtures/probe/makeCertificates';
import { makeVm, PrismCentralState, type FixtureVm } from '../../fixtures/prism-central/prismCentralState';
import { startTestPrismCentral, type TestPrismCentral } from '../../fixtures/prism-central/testPrismCentral';
import { runCliInProcess } from '../../support/cliInProcess';
import { reportSchemaErrors } from '../../support/reportSchema';

const work = mkdtempSync(path.join(tmpdir(), 'ngtp-pc-push-'));
const PC_SENTINEL = 'Pc-S3ntinel-pw-5521';
const GUEST_SENTINEL = 'Gu3st-S3ntinel-pw-8830';
const WRONG_SENTINEL = 'Wr0ng-S3ntinel-pw-1907';
const tls = makeSelfSigned({ cn: 'pc.test', sans: ['127.0.0.1'] });
const servers: TestPrismCentral[] = [];
let runs = 0;
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

async function start(vms: FixtureVm[]): Promise<TestPrismCentral> {
  const pc = await startTestPrismCentral({
    tls,
    state: new PrismCentralState(vms),
    user: { username: 'admin', password: PC_SENTINEL },
  });
  servers.push(pc);
  return pc;
}

interface RunOptions {
  env?: Record<string, string>;
  io?: Partial<CliIo>;
}

const run = (args: string[], options: RunOptions = {}) =>
  runCliInProcess(args, {
    dataDir: path.join(work, 'data'),
    env: { PC_PW: PC_SENTINEL, GUEST_PW: GUEST_SENTINEL, ...options.env },
    io: options.io,
  });

function base(pc: TestPrismCentral, vms: string[], withPasswords = true): string[] {
  runs += 1;
  return [
    'pc',
    'push',
    '--pc',
    '127.0.0.1',
    '--port',
    String(pc.port),
    '--user',
    'admin',
    ...(withPasswords ? ['--password-env', 'PC_PW', '--guest-password-env', 'GUEST_PW'] : []),
    '--trusted-certificates',
    path.join(work, `trust-${runs}.json`),
    '--accept-new-certificate',
    ...vms.flatMap((v) => ['--vm', v]),
    '--guest-user',
    'Administrator',
    '--poll-interval',
    '0.1',
    '--wait-reachable',
    '60',
  ];
}

const posts = (pc: TestPrismCentral) =>
  pc.requests.filter((r) => r.method === 'POST').map((r) => `${r.url.split('/')[7]}:${r.url.split('/$actions/')[1]}`);

function readReport(file: string): Report {
  return JSON.parse(readFileSync(file, 'utf8')) as Report;
}

function expectNoSecret(text: string, ...secrets: string[]) {
  for (const s of secrets) {
    expect(text).not.toContain(s);
    expect(text).not.toContain(Buffer.from(`admin:${s}`).toString('base64'));
  }
}

describe('ngt-prep pc push', () => {
  it('pushes, shows task progress, records Communication Link Active per VM in a report@1; exit 0, no password anywhere', async () => {
    const fresh = makeVm({ name: 'win-01', readsUntilReachable: 2 });
    const done = makeVm({ name: 'win-02', guestTools: { isInstalled: true, version: '4.1', isReachable: true } });
    const pc = await start([fresh, done]);
    const json = path.join(work, 'ok.json');
    const html = path.join(work, 'ok.html');
    const r = await run([...base(pc, ['win-01', done.extId]), '--reboot', 'immediate', '--json', json, '--html', html]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Inserting the NGT ISO: task RUNNING 33%/);
    expect(r.stdout).toMatch(/Installing NGT: task SUCCEEDED 100%/);
    expect(r.stdout).toContain('win-01: Communication Link Active: true');

    const report = readReport(json);
    expect(reportSchemaErrors(report)).toEqual([]);
    expect(report).toMatchObject({ schema: 'ngt-prep/report@1', result: 'ok', job: { kind: 'pc-push' } });
    expect(report.steps.map((s) => [s.id, s.phase, s.status])).toEqual([
      ['connect', 'prepare', 'ok'],
      ['find-vms', 'prepare', 'ok'],
      ['push-1', 'install', 'ok'],
      ['push-2', 'install', 'ok'],
      ['link-1', 'verify', 'ok'],
      ['link-2', 'verify', 'ok'],
    ]);
    expect(report.steps[2].data).toMatchObject({ vmExtId: fresh.extId, insertedIso: true, alreadyDone: false });
    expect(report.steps[3].data).toMatchObject({ vmExtId: done.extId, alreadyDone: true });
    expect(report.steps[4].data).toMatchObject({ vmExtId: fresh.extId, communicationLinkActive: true });
    expect(report.steps[5].data).toMatchObject({ vmExtId: done.extId, communicationLinkActive: true });
    expect(readFileSync(html, 'utf8')).toContain('Communication Link Active: true');
    expect(posts(pc)).toEqual([`${fresh.extId}:insert-iso`, `${fresh.extId}:install`]);

    // The guest credential went to Prism Central, in the install body only, and nowhere else.
    const install = pc.requests.find((q) => q.url.endsWith('/$actions/install'))!;
    expect(install.body).toMatchObject({
      credential: { username: 'Administrator', password: GUEST_SENTINEL },
      rebootPreference: { scheduleType: 'IMMEDIATE' },
    });
    expectNoSecret(
      r.stdout + r.stderr + readFileSync(json, 'utf8') + readFileSync(html, 'utf8'),
      PC_SENTINEL,
      GUEST_SENTINEL,
    );
  });

  it('goes on past a VM whose install task fails and one with no free CD-ROM; exit 1 with each remediation', async () => {
    const failing = makeVm({
      name: 'win-bad',
      installFailure: 'Unable to connect to the guest VM over WinRM (port 5986): connection refused',
    });
    const noCd = makeVm({ name: 'rocky-nocd', cdRoms: [{ busType: 'SATA', content: 'iso' }] });
    const good = makeVm({ name: 'win-good', readsUntilReachable: 0 });
    const pc = await start([failing, noCd, good]);
    const json = path.join(work, 'mixed.json');
    const r = await run([...base(pc, ['win-bad', 'rocky-nocd', 'win-good']), '--json', json]);
    expect(r.code).toBe(1);
    const report = readReport(json);
    expect(reportSchemaErrors(report)).toEqual([]);
    const byId = Object.fromEntries(report.steps.map((s) => [s.id, s]));
    expect(byId['find-vms']).toMatchObject({ status: 'warn' });
    expect(byId['find-vms'].detail).toContain('rocky-nocd');
    expect(byId['push-1']).toMatchObject({ status: 'fail', code: 'PC_GUEST_UNREACHABLE' });
    expect(byId['push-1'].summary).toContain(
      'InstallVmGuestTools ended FAILED: Unable to connect to the guest VM over WinRM',
    );
    expect(byId['push-1'].remediation).toContain('TCP 5986');
    expect(byId['push-2']).toMatchObject({ status: 'fail', code: 'PC_VM_NOT_READY' });
    expect(byId['push-2'].remediation).toContain('Add an empty CD-ROM');
    expect(byId['push-2'].remediation).toContain('IDE');
    expect(byId['push-3']).toMatchObject({ status: 'ok' });
    expect(byId['link-1'].status).toBe('skipped');
    expect(byId['link-2'].status).toBe('skipped');
    expect(byId['link-3']).toMatchObject({ status: 'ok', data: { communicationLinkActive: true } });
    // Nothing was asked of Prism Central for the VM without a free CD-ROM.
    expect(posts(pc).filter((p) => p.startsWith(noCd.extId))).toEqual([]);
    expect(r.stdout).toContain('Add an empty CD-ROM');
  });

  it('records Communication Link Active: false when the link does not come up in --wait-reachable; exit 1', async () => {
    const vm = makeVm({ name: 'win-silent', readsUntilReachable: 1_000_000 });
    const pc = await start([vm]);
    const json = path.join(work, 'silent.json');
    const args = base(pc, ['win-silent']);
    args.splice(args.indexOf('--wait-reachable'), 2, '--wait-reachable', '0.3');
    const r = await run([...args, '--json', json]);
    expect(r.code).toBe(1);
    const link = readReport(json).steps.find((s) => s.id === 'link-1')!;
    expect(link).toMatchObject({
      status: 'fail',
      code: 'PC_LINK_NOT_ACTIVE',
      data: { communicationLinkActive: false, guestTools: { isInstalled: true, isReachable: false } },
    });
    expect(link.remediation).toContain('TCP 2074');
    expect(readReport(json).steps.find((s) => s.id === 'push-1')?.status).toBe('ok');
  });

  it('on a stale ETag (412) reads the guest tools again and retries once, with a new ETag and request id', async () => {
    const vm = makeVm({ name: 'win-race', readsUntilReachable: 0 });
    const pc = await start([vm]);
    // Someone else changes the VM between NGT Prep's read and its first write.
    const etagOf = pc.state.etagOf.bind(pc.state);
    let raced = false;
    pc.state.etagOf = (v) => {
      if (!raced && pc.requests.at(-1)?.method === 'POST') {
        raced = true;
        v.revision += 1;
      }
      return etagOf(v);
    };
    const json = path.join(work, 'stale.json');
    const r = await run([...base(pc, ['win-race']), '--json', json]);
    expect(r.code).toBe(0);
    const inserts = pc.requests.filter((q) => q.url.endsWith('/$actions/insert-iso'));
    expect(inserts).toHaveLength(2);
    expect(inserts[0].headers['if-match']).not.toBe(inserts[1].headers['if-match']);
    expect(inserts[0].headers['ntnx-request-id']).not.toBe(inserts[1].headers['ntnx-request-id']);
    expect(readReport(json).steps.find((s) => s.id === 'link-1')?.data).toMatchObject({
      communicationLinkActive: true,
    });
  });

  it('exits 3 when Prism Central refuses the password (401), before any change; the wrong password appears nowhere', async () => {
    const pc = await start([makeVm({ name: 'win-01' })]);
    const json = path.join(work, 'auth.json');
    const r = await run([...base(pc, ['win-01']), '--json', json], { env: { PC_PW: WRONG_SENTINEL } });
    expect(r.code).toBe(3);
    const report = readReport(json);
    expect(report.steps.find((s) => s.id === 'find-vms')).toMatchObject({ status: 'fail', code: 'PC_AUTH_FAILED' });
    expect(report.steps.find((s) => s.id === 'push-1')?.status).toBe('skipped');
    expect(posts(pc)).toEqual([]);
    expectNoSecret(r.stdout + r.stderr + readFileSync(json, 'utf8'), WRONG_SENTINEL, GUEST_SENTINEL);
  });

  it('exits 3 on an unknown certificate without --accept-new-certificate: no request at all', async () => {
    const pc = await start([makeVm({ name: 'win-01' })]);
    const args = base(pc, ['win-01']).filter((a) => a !== '--accept-new-certificate');
    const r = await run(args);
    expect(r.code).toBe(3);
    expect(r.stdout).toMatch(/SHA256:[A-Za-z0-9+/]{43}/);
    expect(r.stdout).toContain('--accept-new-certificate');
    expect(pc.requests).toEqual([]);
  });

  it('exits 1 for a --vm that names no VM, and changes nothing', async () => {
    const pc = await start([makeVm({ name: 'win-01' })]);
    const r = await run(base(pc, ['win-01', 'no-such-vm']));
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('--vm no-such-vm: no VM with this name or UUID');
    expect(posts(pc)).toEqual([]);
  });

  it('asks each password once on a terminal, whatever the number of VMs', async () => {
    const pc = await start([
      makeVm({ name: 'a', readsUntilReachable: 0 }),
      makeVm({ name: 'b', readsUntilReachable: 0 }),
    ]);
    const questions: string[] = [];
    const r = await run(['--verbose', ...base(pc, ['a', 'b'], false)], {
      io: {
        isTTY: true,
        promptSecret: async (q) => {
          questions.push(q);
          return q.startsWith('Prism Central') ? PC_SENTINEL : GUEST_SENTINEL;
        },
      },
      env: { NO_COLOR: '1' },
    });
    expect(r.code).toBe(0);
    expect(questions).toEqual(['Prism Central password: ', 'Guest password for Administrator (all VMs): ']);
    const installs = pc.requests.filter((q) => q.url.endsWith('/$actions/install'));
    expect(installs.map((q) => (q.body as { credential: { password: string } }).credential.password)).toEqual([
      GUEST_SENTINEL,
      GUEST_SENTINEL,
    ]);
    expectNoSecret(r.stdout + r.stderr, PC_SENTINEL, GUEST_SENTINEL);
  });

  it('exits 130 when interrupted during a task, and the rest is skipped', async () => {
    const pc = await start([makeVm({ name: 'a' }), makeVm({ name: 'b' })]);
    let cancel: (() => void) | undefined;
    const json = path.join(work, 'cancel.json');
    const out: string[] = [];
    const r = await run([...base(pc, ['a', 'b']), '--json', json], {
      io: {
        onInterrupt: (c) => (cancel = c),
        stdout: (s) => {
          out.push(s);
          if (s.includes('Inserting the NGT ISO')) cancel?.();
        },
      },
    });
    expect(r.code).toBe(130);
    const report = readReport(json);
    expect(report.result).toBe('cancelled');
    expect(report.steps.find((s) => s.id === 'push-2')?.status).toBe('skipped');
    expect(posts(pc).filter((p) => p.endsWith(':install'))).toEqual([]);
  });

  it.each([
    [['--vm', 'a', '--guest-password-env', 'GUEST_PW'], '--guest-user'],
    [['--guest-user', 'x', '--guest-password-env', 'GUEST_PW'], '--vm'],
    [['--vm', 'a', '--guest-user', 'x', '--guest-password-env', 'GUEST_PW', '--reboot', 'later'], 'skip or immediate'],
    [
      ['--vm', 'a', '--guest-user', 'x', '--guest-password-env', 'GUEST_PW', '--wait-reachable', '5000'],
      'from 0 to 3600',
    ],
    [['--vm', 'a', '--guest-user', 'x', '--guest-password-env', 'NOT_SET'], 'named by --guest-password-env is not set'],
  ])('exits 2 for bad usage: %j', async (extra, text) => {
    const r = await run(['pc', 'push', '--pc', 'pc.test', '--user', 'admin', '--password-env', 'PC_PW', ...extra]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(text);
  });
});
