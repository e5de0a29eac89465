/**
 * `ngt-prep pc vms` end to end in-process: real CLI parsing, real TLS to the
 * test Prism Central, the trust file on disk, exit codes 0/1/2/3, and a
 * sentinel password that must appear in no output.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { makeSelfSigned } from '../../fixtures/probe/makeCertificates';
import { makeVm, PrismCentralState } from '../../fixtures/prism-central/prismCentralState';
import { startTestPrismCentral, type TestPrismCentral } from '../../fixtures/prism-central/testPrismCentral';
import { runCliInProcess } from '../../support/cliInProcess';

const work = mkdtempSync(path.join(tmpdir(), 'ngtp-pc-cli-'));
const SENTINEL = 'Pc-S3ntinel-pw-4411';
const WRONG_SENTINEL = 'Wr0ng-S3ntinel-pw-7720';
const servers: TestPrismCentral[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

async function start(): Promise<TestPrismCentral> {
  const state = new PrismCentralState([
    makeVm({ name: 'win-01', learnedIps: ['10.200.0.11'] }),
    makeVm({
      name: 'win-02',
      guestTools: { isInstalled: true, version: '4.1', isReachable: true, isEnabled: true },
    }),
    makeVm({ name: 'rocky-01', cdRoms: [{ busType: 'SATA', content: 'iso' }] }),
  ]);
  const pc = await startTestPrismCentral({
    tls: makeSelfSigned({ cn: 'pc.test', sans: ['127.0.0.1'] }),
    state,
    user: { username: 'admin', password: SENTINEL },
  });
  servers.push(pc);
  return pc;
}

const run = (args: string[], env: Record<string, string> = { PC_PW: SENTINEL }) =>
  runCliInProcess(args, { dataDir: path.join(work, 'data'), env });

function base(pc: TestPrismCentral, trustFile: string): string[] {
  return [
    'pc',
    'vms',
    '--pc',
    '127.0.0.1',
    '--port',
    String(pc.port),
    '--user',
    'admin',
    '--password-env',
    'PC_PW',
    '--trusted-certificates',
    trustFile,
  ];
}

describe('ngt-prep pc vms', () => {
  it('exits 3 on an unknown certificate, showing its fingerprint, with no request made', async () => {
    const pc = await start();
    const r = await run(base(pc, path.join(work, 'unknown.json')));
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/SHA256:[A-Za-z0-9+/]{43}/);
    expect(r.stderr).toContain('--accept-new-certificate');
    expect(pc.requests).toEqual([]);
  });

  it('with --accept-new-certificate pins it, lists the VMs with readiness, writes JSON; the password appears nowhere', async () => {
    const pc = await start();
    const trust = path.join(work, 'accept.json');
    const json = path.join(work, 'vms.json');
    const r = await run([...base(pc, trust), '--accept-new-certificate', '--json', json]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('accepted now with --accept-new-certificate');
    expect(r.stdout).toMatch(/win-01 .*10\.200\.0\.11.*NGT not installed.*ready for an NGT push/);
    expect(r.stdout).toMatch(/win-02 .*NGT 4\.1 \(available 4\.1\).*Communication Link Active/);
    expect(r.stdout).toMatch(/rocky-01 .*not ready for an NGT push\n {4}The VM has no empty CD-ROM/);
    expect(r.stdout).toContain('3 VMs.');
    const pinned = JSON.parse(readFileSync(trust, 'utf8'));
    expect(pinned.certificates[0]).toMatchObject({ host: '127.0.0.1', port: pc.port });
    const document = JSON.parse(readFileSync(json, 'utf8'));
    expect(
      document.vms.map((v: { name: string; readiness: { pushable: boolean } }) => [v.name, v.readiness.pushable]),
    ).toEqual([
      ['win-01', true],
      ['win-02', false],
      ['rocky-01', false],
    ]);
    expect(document.prismCentral.certificate.fingerprint).toBe(pinned.certificates[0].fingerprint);
    const everything = r.stdout + r.stderr + readFileSync(json, 'utf8') + readFileSync(trust, 'utf8');
    expect(everything).not.toContain(SENTINEL);
    expect(everything).not.toContain(Buffer.from(`admin:${SENTINEL}`).toString('base64'));

    // Second run: pinned, no flag needed; --filter narrows by name.
    const again = await run([...base(pc, trust), '--filter', 'win']);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('pinned earlier');
    expect(again.stdout).toContain('2 VMs.');
    expect(pc.requests.at(-1)!.url).toContain("$filter=contains(name%2C%20'win')");
  });

  it('exits 3 on a changed certificate before any credential is sent', async () => {
    const pc = await start();
    const trust = path.join(work, 'changed.json');
    writeFileSync(
      trust,
      JSON.stringify({
        version: 1,
        certificates: [
          {
            host: '127.0.0.1',
            port: pc.port,
            fingerprint: 'SHA256:' + 'B'.repeat(43),
            subject: 'CN=old',
            validTo: '2030-01-01T00:00:00.000Z',
            trustedAt: '2026-01-01T00:00:00.000Z',
          },
        ],
      }),
    );
    const r = await run([...base(pc, trust), '--accept-new-certificate']);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('NGT Prep sent no credentials');
    expect(pc.requests).toEqual([]);
  });

  it('accepts --pc-fingerprint in hex, and exits 3 for a wrong password', async () => {
    const pc = await start();
    const first = await run([...base(pc, path.join(work, 'fp1.json')), '--accept-new-certificate']);
    const fingerprint = /certificate (SHA256:[A-Za-z0-9+/]{43})/.exec(first.stdout)![1];
    const hex = Buffer.from(fingerprint.slice(7) + '=', 'base64')
      .toString('hex')
      .match(/../g)!
      .join(':');
    const ok = await run([...base(pc, path.join(work, 'fp2.json')), '--pc-fingerprint', hex]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('matches --pc-fingerprint');
    const wrong = await run([...base(pc, path.join(work, 'fp2.json')), '--pc-fingerprint', fingerprint], {
      PC_PW: WRONG_SENTINEL,
    });
    expect(wrong.code).toBe(3);
    expect(wrong.stderr).toContain('HTTP 401');
    expect(wrong.stdout + wrong.stderr).not.toContain(WRONG_SENTINEL);
    expect(wrong.stdout + wrong.stderr).not.toContain(Buffer.from(`admin:${WRONG_SENTINEL}`).toString('base64'));
  });

  it('exits 1 when Prism Central keeps failing, after bounded retries', async () => {
    const pc = await start();
    pc.failNext(100);
    const r = await run([...base(pc, path.join(work, 'fail.json')), '--accept-new-certificate']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('HTTP 503');
    expect(r.stderr.match(/trying again/g)).toHaveLength(3);
    expect(pc.requests.length).toBe(4);
  });

  it.each([
    [['pc', 'vms', '--user', 'admin', '--password-env', 'PC_PW'], '--pc'],
    [['pc', 'vms', '--pc', 'https://pc/', '--user', 'admin', '--password-env', 'PC_PW'], 'not a host name'],
    [
      ['pc', 'vms', '--pc', 'pc', '--user', 'admin', '--password-env', 'PC_PW', '--pc-fingerprint', 'abc'],
      'not a SHA-256 fingerprint',
    ],
    [
      [
        'pc',
        'vms',
        '--pc',
        'pc',
        '--user',
        'admin',
        '--password-env',
        'PC_PW',
        '--pc-fingerprint',
        'SHA256:' + 'A'.repeat(43),
        '--accept-new-certificate',
      ],
      'exclude each other',
    ],
    [
      ['pc', 'vms', '--pc', 'pc', '--user', 'admin', '--password-env', 'EMPTY_VAR'],
      'named by --password-env is not set',
    ],
    [['pc', 'vms', '--pc', 'pc', '--user', 'admin', '--password-env', 'PC_PW', '--port', '99999'], '99999'],
  ])('exits 2 for bad usage: %j', async (args, text) => {
    const r = await run(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(text);
  });
});
