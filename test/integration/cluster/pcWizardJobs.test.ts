/**
 * The wizard's Prism Central job kinds through the registry (as the Electron
 * shell and the browser host start them), against the test Prism Central over
 * real TLS on loopback (test/fixtures/prism-central, from the vmm v4.0 and
 * prism v4.0 references): a first-seen certificate is asked about through the
 * engine's prompt and pinned in the app data directory only on a yes; a "no"
 * and a changed certificate end before any request; the VM rows come back as
 * the list step's data; the passwords are secrets of the job.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { TRUST_FILE_NAME } from '../../../main/cluster/prismCentral/trustStore';
import type { PromptRequest } from '../../../main/engine/types';
import { jobStartSchema, type JobStartRequest, type PcVmRow } from '../../../main/ipc/contract';
import { createJobDefinition } from '../../../main/jobs/registry';
import { makeSelfSigned } from '../../fixtures/probe/makeCertificates';
import { makeVm, PrismCentralState } from '../../fixtures/prism-central/prismCentralState';
import { startTestPrismCentral, type TestPrismCentral } from '../../fixtures/prism-central/testPrismCentral';
import { runToEnd, t, testPorts } from '../../support/engineHarness';

const SENTINEL = `Wiz-PC-S3ntinel-${process.pid}`;
const GUEST_SENTINEL = `Wiz-Guest-S3ntinel-${process.pid}`;
const tls = makeSelfSigned({ cn: 'pc.wizard.test', sans: ['127.0.0.1'] });
const work = mkdtempSync(path.join(tmpdir(), 'ngtp-pc-wizard-'));
const servers: TestPrismCentral[] = [];
let runs = 0;
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

async function startPc(): Promise<TestPrismCentral> {
  const pc = await startTestPrismCentral({
    tls,
    state: new PrismCentralState([
      makeVm({ name: 'win-1', guestTools: { guestOsVersion: 'windows:64:Windows Server 2022' } }),
      makeVm({ name: 'rocky-2', guestTools: { guestOsVersion: 'linux:64:Rocky Linux-8.4' } }),
    ]),
    user: { username: 'admin', password: SENTINEL },
  });
  servers.push(pc);
  return pc;
}

/** A fresh app data directory, as a fresh install has. */
function newDataDir(): string {
  runs += 1;
  return path.join(work, `data-${runs}`);
}

function portsWith(appDataDir: string) {
  const ports = testPorts();
  return { ...ports, environment: { ...ports.environment, appDataDir } };
}

async function runVms(pc: TestPrismCentral, answer: boolean, appDataDir = newDataDir()) {
  const ports = portsWith(appDataDir);
  const request: JobStartRequest = {
    kind: 'pc-vms',
    params: { host: '127.0.0.1', port: pc.port, username: 'admin', password: SENTINEL },
  };
  const job = createJobDefinition(jobStartSchema.parse(request), { t, ports, lang: 'en' });
  const prompts: PromptRequest[] = [];
  const run = await runToEnd(job, {
    ports,
    answerPrompt: async (prompt) => {
      prompts.push(prompt);
      return { accept: answer };
    },
  });
  return { ...run, prompts, appDataDir };
}

describe('pc-vms through the registry', () => {
  it('asks about a first-seen certificate, pins it on a yes, and hands back the VM rows', async () => {
    const pc = await startPc();
    const { report, events, prompts, appDataDir } = await runVms(pc, true);
    expect(prompts).toEqual([
      expect.objectContaining({
        kind: 'certificate',
        host: '127.0.0.1',
        port: pc.port,
        fingerprint: expect.stringMatching(/^SHA256:[A-Za-z0-9+/]{43}$/),
        subject: 'CN=pc.wizard.test',
        chainError: 'DEPTH_ZERO_SELF_SIGNED_CERT',
      }),
    ]);
    expect(report.result).toBe('ok');
    const pinned = JSON.parse(readFileSync(path.join(appDataDir, TRUST_FILE_NAME), 'utf8'));
    expect(pinned.certificates[0]).toMatchObject({ host: '127.0.0.1', port: pc.port });
    expect(pinned.certificates[0].fingerprint).toBe((prompts[0] as { fingerprint: string }).fingerprint);
    const rows = report.steps.find((s) => s.id === 'list-vms')?.data?.vms as PcVmRow[];
    expect(rows.map((r) => [r.name, r.os, r.readiness.pushable])).toEqual([
      ['win-1', 'windows', true],
      ['rocky-2', 'linux-unnamed', false],
    ]);
    expect(JSON.stringify(events)).not.toContain(SENTINEL);
    expect(JSON.stringify(report)).not.toContain(SENTINEL);

    // Pinned: the next run asks nothing.
    const again = await runVms(pc, false, appDataDir);
    expect(again.prompts).toEqual([]);
    expect(again.report.result).toBe('ok');
  });

  it('a "no" ends the job with its own explanation, nothing sent and nothing pinned', async () => {
    const pc = await startPc();
    const { report, appDataDir } = await runVms(pc, false);
    expect(report.result).toBe('failed');
    const connect = report.steps.find((s) => s.id === 'connect')!;
    expect(connect).toMatchObject({ status: 'fail', code: 'PC_CERT_DECLINED' });
    expect(connect.summary).toContain('You chose not to trust the certificate SHA256:');
    expect(report.steps.find((s) => s.id === 'list-vms')?.status).toBe('skipped');
    expect(pc.requests).toEqual([]);
    expect(() => readFileSync(path.join(appDataDir, TRUST_FILE_NAME))).toThrow(/ENOENT/);
  });

  it('a changed certificate is refused without a question, before any request', async () => {
    const pc = await startPc();
    const first = await runVms(pc, true);
    pc.setCertificate(makeSelfSigned({ cn: 'other.wizard.test', sans: ['127.0.0.1'] }));
    const before = pc.requests.length;
    const { report, prompts } = await runVms(pc, true, first.appDataDir);
    expect(prompts).toEqual([]);
    expect(report.steps.find((s) => s.id === 'connect')).toMatchObject({ status: 'fail', code: 'PC_CERT_CHANGED' });
    expect(pc.requests.slice(before)).toEqual([]);
  });
});

describe('pc-vms with a wrong password', () => {
  it("ends with the authentication error and the wizard's next step", async () => {
    const pc = await startTestPrismCentral({
      tls,
      state: new PrismCentralState([makeVm({ name: 'win-1' })]),
      user: { username: 'admin', password: 'the-right-one' },
    });
    servers.push(pc);
    const { report, events } = await runVms(pc, true);
    expect(report.steps.find((s) => s.id === 'list-vms')).toMatchObject({
      status: 'fail',
      code: 'PC_AUTH_FAILED',
      summary: 'Prism Central refused the user name or password (HTTP 401).',
      remediation: expect.stringContaining('in the form'),
    });
    expect(JSON.stringify(events)).not.toContain(SENTINEL);
  });
});

describe('pc-push through the registry', () => {
  it('one push and one link step per chosen VM, with both passwords as secrets', () => {
    const ports = portsWith(newDataDir());
    const parsed = jobStartSchema.parse({
      kind: 'pc-push',
      params: {
        host: '127.0.0.1',
        username: 'admin',
        password: SENTINEL,
        vms: ['a', 'b'],
        guest: { username: 'Administrator', password: GUEST_SENTINEL },
      },
    });
    expect(parsed.kind === 'pc-push' && parsed.params).toMatchObject({
      port: 9440,
      reboot: 'SKIP',
      waitReachableSeconds: 300,
    });
    const job = createJobDefinition(parsed, { t, ports, lang: 'en' });
    expect(job.kind).toBe('pc-push');
    expect(job.steps.map((s) => s.id)).toEqual(['connect', 'find-vms', 'push-1', 'push-2', 'link-1', 'link-2']);
    expect(job.secrets).toEqual(expect.arrayContaining([SENTINEL, GUEST_SENTINEL]));
  });
});
