/**
 * NGT Prep's Prism Central client against the test Prism Central over real
 * TLS on loopback: trust decisions before credentials, pagination, guest
 * tools with ETags, the push's mutations and tasks, error mapping, retries.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { connectPrismCentral, type ConnectOptions } from '../../../main/cluster/prismCentral/connectPrismCentral';
import { getGuestTools, waitUntilReachable } from '../../../main/cluster/prismCentral/guestTools';
import { insertGuestToolsIso, installGuestTools } from '../../../main/cluster/prismCentral/guestToolsActions';
import type { PcClient } from '../../../main/cluster/prismCentral/httpClient';
import { taskFailure, waitForTask, type PcTask } from '../../../main/cluster/prismCentral/taskPolling';
import { TrustStore } from '../../../main/cluster/prismCentral/trustStore';
import { listAllVms, nameContainsFilter } from '../../../main/cluster/prismCentral/vmList';
import { NgtError } from '../../../main/engine/errors';
import { createTranslator } from '../../../main/i18n/catalogue';
import { makeCaAndLeaf, makeSelfSigned } from '../../fixtures/probe/makeCertificates';
import { makeVm, PrismCentralState } from '../../fixtures/prism-central/prismCentralState';
import { startTestPrismCentral, type TestPrismCentral } from '../../fixtures/prism-central/testPrismCentral';

const t = createTranslator('en');
const SENTINEL = 'S3ntinel-PC-Pa55-7f3a';
const GUEST_SENTINEL = 'S3ntinel-Guest-Pa55-91c2';
const selfSigned = makeSelfSigned({ cn: 'pc.test', sans: ['127.0.0.1'] });
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

let dir: string;
const servers: TestPrismCentral[] = [];

function fleet(): PrismCentralState {
  const vms = [
    ...['win-01', 'win-02', 'win-03', 'win-04', 'win-05'].map((name, i) =>
      makeVm({ name, learnedIps: [`10.200.0.${10 + i}`] }),
    ),
    makeVm({ name: 'rocky-01', configuredIps: ['10.200.0.30'], cdRoms: [{ busType: 'SATA', content: 'iso' }] }),
    makeVm({ name: "o'brien-db", powerState: 'OFF', cdRoms: [] }),
  ];
  return new PrismCentralState(vms, { queuedReads: 1, runningReads: 2 });
}

async function start(tls = selfSigned, state = fleet()): Promise<TestPrismCentral> {
  const pc = await startTestPrismCentral({ tls, state, user: { username: 'admin', password: SENTINEL } });
  servers.push(pc);
  return pc;
}

/** Sleeps recorded, never waited for; the clock moves by what is slept. */
function fakeTime() {
  let clock = 0;
  const slept: number[] = [];
  return {
    slept,
    now: () => clock,
    sleep: async (ms: number) => {
      slept.push(ms);
      clock += ms;
    },
  };
}

function options(pc: TestPrismCentral, extra: Partial<ConnectOptions> = {}): ConnectOptions {
  return {
    endpoint: { host: '127.0.0.1', port: pc.port },
    username: 'admin',
    password: () => SENTINEL,
    trustStore: new TrustStore(path.join(dir, `trust-${pc.port}.json`), t),
    acceptNew: true,
    sleep: fakeTime().sleep,
    t,
    ...extra,
  };
}

async function caught(promise: Promise<unknown>): Promise<NgtError> {
  try {
    await promise;
  } catch (error) {
    return error as NgtError;
  }
  throw new Error('expected a failure');
}

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'ngt-pc-'));
});
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('certificate trust, decided before any credential is sent', () => {
  it('refuses an unknown self-signed certificate without an explicit choice, showing what it saw', async () => {
    const pc = await start();
    const error = await caught(connectPrismCentral(options(pc, { acceptNew: false })));
    expect(error.code).toBe('PC_CERT_UNKNOWN');
    expect(error.category).toBe('connect');
    expect(error.message).toMatch(/SHA256:[A-Za-z0-9+/]{43}/);
    expect(error.message).toContain('CN=pc.test');
    // The certificate was looked at over TLS; not one HTTP request was made.
    expect(pc.requests).toEqual([]);
  });

  it('pins a certificate accepted on first use, then trusts it again without the flag', async () => {
    const pc = await start();
    const first = await connectPrismCentral(options(pc));
    expect(first.trust.via).toBe('accepted-new');
    const file = JSON.parse(readFileSync(path.join(dir, `trust-${pc.port}.json`), 'utf8'));
    expect(file.certificates).toEqual([
      expect.objectContaining({ host: '127.0.0.1', port: pc.port, fingerprint: first.certificate.fingerprint }),
    ]);
    const again = await connectPrismCentral(options(pc, { acceptNew: false }));
    expect(again.trust.via).toBe('pinned');
    expect((await listAllVms(again.client, t)).length).toBe(7);
  });

  it('refuses a changed certificate before the request: the server never sees Authorization', async () => {
    const pc = await start();
    const { client } = await connectPrismCentral(options(pc));
    await listAllVms(client, t);
    const seen = pc.requests.length;
    pc.setCertificate(makeSelfSigned({ cn: 'pc.test', sans: ['127.0.0.1'] }));
    const error = await caught(listAllVms(client, t));
    expect(error.code).toBe('PC_CERT_CHANGED');
    expect(pc.requests.length).toBe(seen);
    // And a new session refuses it too, even with --accept-new-certificate: only first sightings are accepted.
    const fresh = await caught(connectPrismCentral(options(pc)));
    expect(fresh.code).toBe('PC_CERT_CHANGED');
    expect(pc.requests.length).toBe(seen);
  });

  it('accepts a certificate that chains to a trusted CA and matches the name, without pinning', async () => {
    const { ca, leaf } = makeCaAndLeaf({ cn: 'pc.test', sans: ['127.0.0.1'] });
    const pc = await start(leaf);
    const connection = await connectPrismCentral(options(pc, { acceptNew: false, ca: ca.certPem }));
    expect(connection.trust.via).toBe('ca');
    expect(await new TrustStore(path.join(dir, `trust-${pc.port}.json`), t).entries()).toEqual([]);
    expect((await listAllVms(connection.client, t)).length).toBe(7);
  });

  it('does not take a CA-issued certificate for another name as trusted', async () => {
    const { ca, leaf } = makeCaAndLeaf({ cn: 'other.test', sans: ['other.test'] });
    const pc = await start(leaf);
    const error = await caught(connectPrismCentral(options(pc, { acceptNew: false, ca: ca.certPem })));
    expect(error.code).toBe('PC_CERT_UNKNOWN');
  });

  it('checks --pc-fingerprint alone when given', async () => {
    const pc = await start();
    const seen = await connectPrismCentral(options(pc));
    const ok = await connectPrismCentral(
      options(pc, { acceptNew: false, expectedFingerprint: seen.certificate.fingerprint }),
    );
    expect(ok.trust.via).toBe('fingerprint');
    const bad = await caught(connectPrismCentral(options(pc, { expectedFingerprint: 'SHA256:' + 'A'.repeat(43) })));
    expect(bad.code).toBe('PC_CERT_FINGERPRINT_MISMATCH');
  });
});

describe('the v4 API', () => {
  async function client(pc: TestPrismCentral, extra: Partial<ConnectOptions> = {}): Promise<PcClient> {
    return (await connectPrismCentral(options(pc, extra))).client;
  }

  it('follows pages until totalAvailableResults and maps VMs, CD-ROMs, IPs and guest tools', async () => {
    const pc = await start();
    const vms = await listAllVms(await client(pc), t, { limit: 3 });
    expect(vms.map((v) => v.name)).toEqual([
      'win-01',
      'win-02',
      'win-03',
      'win-04',
      'win-05',
      'rocky-01',
      "o'brien-db",
    ]);
    expect(pc.requests.map((r) => new URL(r.url, 'https://x').searchParams.get('$page'))).toEqual(['0', '1', '2']);
    const rocky = vms.find((v) => v.name === 'rocky-01')!;
    expect(rocky.cdRoms).toEqual([{ busType: 'SATA', index: 0, inserted: true, isoType: 'OTHER' }]);
    expect(rocky.configuredIps).toEqual(['10.200.0.30']);
    expect(vms[0].learnedIps).toEqual(['10.200.0.10']);
    expect(vms[0].guestTools).toMatchObject({ isInstalled: false, availableVersion: '4.1', isReachable: false });
  });

  it('filters on name with an OData literal, quotes doubled', async () => {
    const pc = await start();
    const c = await client(pc);
    expect((await listAllVms(c, t, { filter: nameContainsFilter('win-0') })).length).toBe(5);
    expect((await listAllVms(c, t, { filter: nameContainsFilter("o'brien") })).map((v) => v.name)).toEqual([
      "o'brien-db",
    ]);
    expect(pc.requests.at(-1)!.url).toContain("$filter=contains(name%2C%20'o''brien')");
  });

  it('maps 401 to an authentication error (exit 3 category) and never lets the password out', async () => {
    const pc = await start();
    const wrong = await caught(listAllVms(await client(pc, { password: () => 'not-the-password' }), t));
    expect(wrong.code).toBe('PC_AUTH_FAILED');
    expect(wrong.category).toBe('connect');
    const good = await client(pc);
    await listAllVms(good, t);
    const everything = JSON.stringify([wrong, wrong.message, wrong.detail, wrong.remediation, pc.requests]);
    expect(everything).not.toContain(SENTINEL);
    expect(everything).not.toContain(Buffer.from(`admin:${SENTINEL}`).toString('base64'));
    expect(pc.requests.every((r) => r.hadAuthorization)).toBe(true);
  });

  it('maps 404 on a VM to "the VM is gone"', async () => {
    const pc = await start();
    const error = await caught(getGuestTools(await client(pc), '2b6d4b3e-0000-4000-8000-000000000000', t));
    expect(error.code).toBe('PC_VM_GONE');
  });

  it('retries 5xx with growing backoff, then gives up after the bounded attempts', async () => {
    const pc = await start();
    const time = fakeTime();
    const c = await client(pc, { sleep: time.sleep, retry: { attempts: 4, baseDelayMs: 100, maxDelayMs: 250 } });
    pc.failNext(2);
    expect((await listAllVms(c, t)).length).toBe(7);
    expect(time.slept).toEqual([100, 200]);
    pc.failNext(10);
    const error = await caught(listAllVms(c, t));
    expect(error.code).toBe('PC_SERVER_ERROR');
    expect(time.slept).toEqual([100, 200, 100, 200, 250]);
  });

  it('inserts the ISO with If-Match and a fresh NTNX-Request-Id, and watches the task to SUCCEEDED', async () => {
    const pc = await start();
    const c = await client(pc);
    const vm = pc.state.vms[0];
    const { etag } = await getGuestTools(c, vm.extId, t);
    const task = await insertGuestToolsIso(c, vm.extId, ['VSS_SNAPSHOT'], t);
    const post = pc.requests.find((r) => r.method === 'POST')!;
    expect(post.url).toBe(`/api/vmm/v4.0/ahv/config/vms/${vm.extId}/guest-tools/$actions/insert-iso`);
    expect(post.headers['if-match']).toBe(etag);
    expect(post.headers['ntnx-request-id']).toMatch(UUID);
    expect(post.body).toEqual({
      $objectType: 'vmm.v4.ahv.config.GuestToolsInsertConfig',
      capabilities: ['VSS_SNAPSHOT'],
      isConfigOnly: false,
    });
    const seen: Pick<PcTask, 'status' | 'progressPercentage'>[] = [];
    const time = fakeTime();
    const end = await waitForTask(c, task, t, {
      timeoutMs: 60_000,
      intervalMs: 1000,
      ...time,
      onProgress: (p) => seen.push({ status: p.status, progressPercentage: p.progressPercentage }),
    });
    expect(end.status).toBe('SUCCEEDED');
    expect(seen).toEqual([
      { status: 'QUEUED', progressPercentage: 0 },
      { status: 'RUNNING', progressPercentage: 33 },
      { status: 'RUNNING', progressPercentage: 66 },
      { status: 'SUCCEEDED', progressPercentage: 100 },
    ]);
    expect((await getGuestTools(c, vm.extId, t)).state.isIsoInserted).toBe(true);
  });

  it('on 412 reads the ETag again and retries once, with a new request id; a second 412 is reported', async () => {
    const pc = await start();
    const c = await client(pc);
    const vm = pc.state.vms[1];
    const racing: PcClient = {
      get: c.get,
      post: (p, b, h, ctx) => {
        if (posts++ < racingPosts) pc.touch(vm.extId);
        return c.post(p, b, h, ctx);
      },
    };
    let posts = 0;
    let racingPosts = 1;
    await insertGuestToolsIso(racing, vm.extId, [], t);
    const sent = pc.requests.filter((r) => r.method === 'POST');
    expect(sent.length).toBe(2);
    expect(sent[0].headers['if-match']).not.toBe(sent[1].headers['if-match']);
    expect(sent[0].headers['ntnx-request-id']).not.toBe(sent[1].headers['ntnx-request-id']);
    posts = 0;
    racingPosts = 5;
    const error = await caught(insertGuestToolsIso(racing, vm.extId, [], t));
    expect(error.code).toBe('PC_PRECONDITION_FAILED');
    expect(pc.requests.filter((r) => r.method === 'POST').length).toBe(4);
  });

  it('reports a VM with no free CD-ROM with the documented text and the remediation', async () => {
    const pc = await start();
    const c = await client(pc);
    const vm = pc.state.vms.find((v) => v.name === 'rocky-01')!;
    const task = await waitForTask(c, await insertGuestToolsIso(c, vm.extId, [], t), t, {
      timeoutMs: 60_000,
      intervalMs: 10,
      ...fakeTime(),
    });
    expect(task.status).toBe('FAILED');
    expect(task.errorMessages[0].message).toBe('Guest Tools cannot be mounted as there not enough empty CD-ROM(s)');
    const error = taskFailure(task, t);
    expect(error.code).toBe('PC_NO_FREE_CDROM');
    expect(error.remediation).toBe(t('cluster.remediation.noFreeCdRom'));
  });

  it('installs with the guest credential and reboot preference, then sees the guest tools become reachable', async () => {
    const pc = await start();
    const c = await client(pc);
    const vm = pc.state.vms[2];
    vm.readsUntilReachable = 3;
    const task = await installGuestTools(
      c,
      vm.extId,
      {
        capabilities: ['SELF_SERVICE_RESTORE'],
        credential: { username: 'Administrator', password: GUEST_SENTINEL },
        reboot: { scheduleType: 'SKIP' },
      },
      t,
    );
    const body = pc.requests.find((r) => r.method === 'POST')!.body as Record<string, unknown>;
    expect(body.$objectType).toBe('vmm.v4.ahv.config.GuestToolsInstallConfig');
    expect(body.credential).toMatchObject({ username: 'Administrator', password: GUEST_SENTINEL });
    expect(body.rebootPreference).toMatchObject({ scheduleType: 'SKIP' });
    expect((await waitForTask(c, task, t, { timeoutMs: 60_000, intervalMs: 10, ...fakeTime() })).status).toBe(
      'SUCCEEDED',
    );
    const time = fakeTime();
    const result = await waitUntilReachable(c, vm.extId, t, { timeoutMs: 600_000, intervalMs: 5000, ...time });
    expect(result.reachable).toBe(true);
    expect(result.reads).toBe(4);
    expect(result.state).toMatchObject({ isInstalled: true, version: '4.1', isReachable: true });
  });

  it('stops watching a task at the timeout of the injected clock, saying where it was', async () => {
    const state = fleet();
    state.plan.runningReads = 1000;
    const pc = await start(selfSigned, state);
    const c = await client(pc);
    const task = await insertGuestToolsIso(c, state.vms[0].extId, [], t);
    const time = fakeTime();
    const error = await caught(waitForTask(c, task, t, { timeoutMs: 30_000, intervalMs: 10_000, ...time }));
    expect(error.code).toBe('PC_TASK_TIMEOUT');
    expect(time.slept).toEqual([10_000, 10_000, 10_000]);
  });
});
