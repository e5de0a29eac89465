/**
 * The per-VM NGT push against the test Prism Central: ISO, install, tasks,
 * reachability, and the ways it stops — no free CD-ROM, a guest Prism Central
 * cannot reach, a link that never comes up — and a VM already done left alone.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { connectPrismCentral } from '../../../main/cluster/prismCentral/connectPrismCentral';
import type { PcClient } from '../../../main/cluster/prismCentral/httpClient';
import { pushGuestTools, type PushOptions, type PushProgress } from '../../../main/cluster/prismCentral/pushGuestTools';
import { TrustStore } from '../../../main/cluster/prismCentral/trustStore';
import type { NgtError } from '../../../main/engine/errors';
import { createTranslator } from '../../../main/i18n/catalogue';
import { makeSelfSigned } from '../../fixtures/probe/makeCertificates';
import { makeVm, PrismCentralState, type FixtureVm } from '../../fixtures/prism-central/prismCentralState';
import { startTestPrismCentral, type TestPrismCentral } from '../../fixtures/prism-central/testPrismCentral';

const t = createTranslator('en');
const tls = makeSelfSigned({ cn: 'pc.test', sans: ['127.0.0.1'] });
const INSTALL = {
  capabilities: ['VSS_SNAPSHOT' as const],
  credential: { username: 'Administrator', password: 'Guest-S3ntinel' },
  reboot: { scheduleType: 'SKIP' as const },
};
let dir: string;
let pc: TestPrismCentral | undefined;

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'ngtp-push-'));
});
afterEach(async () => {
  await pc?.close();
  pc = undefined;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function setUp(vm: FixtureVm): Promise<PcClient> {
  pc = await startTestPrismCentral({
    tls,
    state: new PrismCentralState([vm]),
    user: { username: 'admin', password: 'pc-pw' },
  });
  const connection = await connectPrismCentral({
    endpoint: { host: '127.0.0.1', port: pc.port },
    username: 'admin',
    password: () => 'pc-pw',
    trustStore: new TrustStore(path.join(dir, `trust-${pc.port}.json`), t),
    acceptNew: true,
    t,
  });
  return connection.client;
}

function options(progress: PushProgress[] = []): PushOptions {
  let clock = 0;
  return {
    t,
    onProgress: (p) => progress.push(p),
    taskTimeoutMs: 600_000,
    reachableTimeoutMs: 60_000,
    intervalMs: 5_000,
    now: () => clock,
    sleep: async (ms) => {
      clock += ms;
    },
  };
}

const posts = () => pc!.requests.filter((r) => r.method === 'POST').map((r) => r.url.split('/$actions/')[1]);

describe('pushGuestTools', () => {
  it('inserts the ISO, installs, watches both tasks and ends with Communication Link Active', async () => {
    const vm = makeVm({ name: 'win-01', readsUntilReachable: 2 });
    const client = await setUp(vm);
    const progress: PushProgress[] = [];
    const outcome = await pushGuestTools(client, vm.extId, INSTALL, options(progress));
    expect(outcome).toMatchObject({
      alreadyDone: false,
      insertedIso: true,
      communicationLinkActive: true,
      guestTools: { isInstalled: true, isReachable: true, version: '4.1' },
    });
    expect(outcome.installTask?.status).toBe('SUCCEEDED');
    expect(posts()).toEqual(['insert-iso', 'install']);
    const stages = progress.map((p) => (p.task ? `${p.stage}:${p.task.status}:${p.task.progressPercentage}` : p.stage));
    expect(stages).toEqual([
      'reading',
      'inserting-iso',
      'inserting-iso:QUEUED:0',
      'inserting-iso:RUNNING:33',
      'inserting-iso:RUNNING:66',
      'inserting-iso:SUCCEEDED:100',
      'installing',
      'installing:QUEUED:0',
      'installing:RUNNING:33',
      'installing:RUNNING:66',
      'installing:SUCCEEDED:100',
      'waiting-reachable',
    ]);
  });

  it('leaves a VM that is installed, current and reachable alone', async () => {
    const vm = makeVm({
      name: 'done',
      guestTools: { isInstalled: true, version: '4.1', isReachable: true },
    });
    const client = await setUp(vm);
    const outcome = await pushGuestTools(client, vm.extId, INSTALL, options());
    expect(outcome).toMatchObject({ alreadyDone: true, communicationLinkActive: true, installTask: null });
    expect(posts()).toEqual([]);
  });

  it('skips the ISO when it is already inserted', async () => {
    const vm = makeVm({
      name: 'iso-in',
      cdRoms: [{ busType: 'IDE', content: 'guest-tools' }],
      guestTools: { isIsoInserted: true },
    });
    const client = await setUp(vm);
    const outcome = await pushGuestTools(client, vm.extId, INSTALL, options());
    expect(outcome.insertedIso).toBe(false);
    expect(posts()).toEqual(['install']);
  });

  it('stops before installing when the VM has no free CD-ROM, with the remediation', async () => {
    const vm = makeVm({ name: 'no-cdrom', cdRoms: [{ busType: 'SATA', content: 'iso' }] });
    const client = await setUp(vm);
    const error = (await pushGuestTools(client, vm.extId, INSTALL, options()).catch((e: unknown) => e)) as NgtError;
    expect(error.code).toBe('PC_NO_FREE_CDROM');
    expect(error.message).toContain('not enough empty CD-ROM');
    expect(posts()).toEqual(['insert-iso']);
  });

  it("reports a failed install with Prism Central's message and the guest-side remediation", async () => {
    const vm = makeVm({
      name: 'win-firewalled',
      installFailure: 'Unable to connect to the VM over WinRM on port 5986.',
    });
    const client = await setUp(vm);
    const error = (await pushGuestTools(client, vm.extId, INSTALL, options()).catch((e: unknown) => e)) as NgtError;
    expect(error.code).toBe('PC_GUEST_UNREACHABLE');
    expect(error.message).toContain('Unable to connect to the VM over WinRM on port 5986.');
    expect(error.remediation).toBe(t('cluster.remediation.guestUnreachable'));
  });

  it('reports the link still down when the tools never become reachable in time', async () => {
    const vm = makeVm({ name: 'win-no-2074', readsUntilReachable: 1_000 });
    const client = await setUp(vm);
    const outcome = await pushGuestTools(client, vm.extId, INSTALL, { ...options(), reachableTimeoutMs: 20_000 });
    expect(outcome).toMatchObject({
      alreadyDone: false,
      communicationLinkActive: false,
      guestTools: { isInstalled: true, isReachable: false },
    });
  });
});
