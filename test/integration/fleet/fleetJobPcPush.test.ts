/**
 * The board's fleet job with `pcPush`, through the real engine, against the
 * test Prism Central (HTTPS on loopback, vmm/prism v4.0 shapes from Nutanix's
 * reference, see test/fixtures/prism-central); the hosts' own SSH prepare is
 * a stand-in here (the real one runs against sandboxes in
 * fleetPcPushSandbox.test.ts). A host whose installer names its distribution
 * is pushed with the password the board gave for its user; the Prism Central
 * task's percent reaches the board as the host's step progress; the host's
 * report ends with Communication Link Active; the password reaches Prism
 * Central and no event or report. Without a Prism Central the job refuses
 * the push with a code before any host runs.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fleetPrismCentralDeps } from '../../support/fleetPrismCentralDeps';

import { connectPrismCentral } from '../../../main/cluster/prismCentral/connectPrismCentral';
import type { PcClient } from '../../../main/cluster/prismCentral/httpClient';
import { TrustStore } from '../../../main/cluster/prismCentral/trustStore';
import { startJob } from '../../../main/engine/runJob';
import type { JobEvent, Report } from '../../../main/engine/types';
import { FleetSessions, createFleetJob, type FleetJobDeps } from '../../../main/fleet/fleetJob';
import { fleetJobParamsSchema } from '../../../main/fleet/fleetJobParams';
import type { FleetPrismCentralDeps } from '../../../main/fleet/fleetPrismCentralSource';
import type { HostJobPort } from '../../../main/fleet/fleetTypes';
import { makeSelfSigned } from '../../fixtures/probe/makeCertificates';
import { makeVm, PrismCentralState } from '../../fixtures/prism-central/prismCentralState';
import { startTestPrismCentral, type TestPrismCentral } from '../../fixtures/prism-central/testPrismCentral';
import { createFleetPushJob } from '../../../main/fleet/pcPushHostJob';
import { runToEnd, t, testPorts } from '../../support/engineHarness';

const SECRET = `Board-S3ntinel-${process.pid}`;
const vm = makeVm({ name: 'web01', learnedIps: ['10.0.0.1'] });
const windowsVm = makeVm({
  name: 'win01',
  learnedIps: ['10.0.0.2'],
  guestTools: { guestOsVersion: 'Windows Server 2022' },
});
let pc: TestPrismCentral;
let client: PcClient;
const dir = mkdtempSync(path.join(tmpdir(), 'ngtp-board-push-'));

beforeAll(async () => {
  pc = await startTestPrismCentral({
    tls: makeSelfSigned({ cn: 'pc.test', sans: ['127.0.0.1'] }),
    state: new PrismCentralState([vm, windowsVm], { queuedReads: 1, runningReads: 3 }),
    user: { username: 'admin', password: 'pc-pw' },
  });
  const connection = await connectPrismCentral({
    endpoint: { host: '127.0.0.1', port: pc.port },
    username: 'admin',
    password: () => 'pc-pw',
    trustStore: new TrustStore(path.join(dir, 'trust.json'), t),
    acceptNew: true,
    t,
  });
  client = connection.client;
});
afterAll(async () => {
  await pc?.close();
  rmSync(dir, { recursive: true, force: true });
});

function prepareReport(host: string): Report {
  return {
    schema: 'ngt-prep/report@1',
    tool: { name: 'ngt-prep', version: 'test' },
    job: { id: `${host}-prepare`, kind: 'linux-install', target: host, lang: 'en' },
    startedAt: '2026-01-01T00:00:00.000Z',
    finishedAt: '2026-01-01T00:00:01.000Z',
    result: 'ok',
    steps: [{ id: 'connect', phase: 'prepare', title: 'Connect', status: 'ok', summary: 'connected', durationMs: 1 }],
  };
}

/** The SSH prepare as linuxHostJobPort ends it for a distribution the installer names; an SSH install would be recorded. */
const sshInstalls: string[] = [];
const standIn = (): HostJobPort => (host, request) => {
  if (!request.dryRun) sshInstalls.push(host.name);
  return {
    done: Promise.resolve({
      report: prepareReport(host.name),
      factorySha256: 'a'.repeat(64),
      diff: '',
      supportDecision: 'supported-as-is' as const,
    }),
    cancel: () => undefined,
  };
};

function deps(prismCentral: FleetPrismCentralDeps | undefined): FleetJobDeps {
  return {
    t,
    ports: testPorts(),
    lang: 'en',
    tool: { name: 'ngt-prep', version: 'test' },
    sessions: new FleetSessions(),
    knownHostsPath: '/nonexistent/known_hosts',
    hostJobPort: standIn,
    prismCentral,
    pushPollIntervalMs: 1,
  };
}

/** The board's hosts from the test Prism Central (web01 only), logging in as root with the board-given password. */
const params = () =>
  fleetJobParamsSchema.parse({
    source: {
      kind: 'prismCentral',
      connect: { host: '127.0.0.1', port: pc.port, username: 'admin', password: 'pc-pw' },
      filter: { nameContains: 'web01' },
    },
    defaults: { user: 'root' },
    passwords: [{ user: 'root', password: SECRET }],
    pcPush: { waitReachableSec: 30 },
  });

/** A text inventory: no Prism Central to push through. */
const textParams = () =>
  fleetJobParamsSchema.parse({
    inventory: {
      text: `web01 ansible_host=10.0.0.1 ansible_user=root pc_vm_ext_id=${vm.extId}\n`,
      format: 'ansible-ini',
    },
    passwords: [{ user: 'root', password: SECRET }],
    pcPush: { waitReachableSec: 30 },
  });

async function run(definition: ReturnType<typeof createFleetJob>) {
  const events: JobEvent[] = [];
  const handle = startJob(definition, {
    lang: 'en',
    t,
    ports: testPorts(),
    tool: { name: 'ngt-prep', version: 'test' },
    onEvent: (e) => {
      events.push(e);
      if (e.type === 'prompt') queueMicrotask(() => handle.answer(e.promptId, { accept: true }));
    },
  });
  return { report: await handle.done, events };
}

describe('the board fleet job with pcPush', () => {
  it('pushes through Prism Central with the board-given password, the task percent as the host row progress', async () => {
    const { report, events } = await run(createFleetJob(params(), deps(fleetPrismCentralDeps(dir, t))));
    expect(report.result, JSON.stringify(report.steps)).toBe('ok');
    expect(sshInstalls).toEqual([]);
    const install = pc.requests.filter((q) => q.method === 'POST' && q.url.endsWith('/$actions/install'));
    expect(install.map((q) => q.body)).toEqual([
      expect.objectContaining({ credential: expect.objectContaining({ username: 'root', password: SECRET }) }),
    ]);
    const progress = events.flatMap((e) =>
      e.type === 'fleet-host' && e.event.type === 'progress' && e.event.stepId === 'pc-install'
        ? [e.event.current]
        : [],
    );
    // QUEUED 0, RUNNING 25/50/75, SUCCEEDED 100: each change once, rising.
    expect(progress).toEqual([0, 25, 50, 75, 100]);
    const finished = events.find((e) => e.type === 'fleet-host' && e.event.type === 'job-finished');
    const hostReport =
      finished?.type === 'fleet-host' && finished.event.type === 'job-finished' && finished.event.report;
    expect(hostReport && hostReport.steps.map((s) => [s.id, s.status])).toEqual([
      ['connect', 'ok'],
      ['pc-push-check', 'ok'],
      ['pc-insert-iso', 'ok'],
      ['pc-install', 'ok'],
      ['pc-link', 'ok'],
    ]);
    expect(hostReport && hostReport.steps.at(-1)!.summary).toContain('Communication Link Active: true');
    expect(JSON.stringify(events) + JSON.stringify(report)).not.toContain(SECRET);
  });

  it('without a Prism Central: the push refused with FLEET_PUSH_NO_PC before any host runs', async () => {
    const before = pc.requests.length;
    const { report } = await run(createFleetJob(textParams(), deps(undefined)));
    const inventory = report.steps.find((s) => s.id === 'inventory')!;
    expect([inventory.status, inventory.code]).toEqual(['fail', 'FLEET_PUSH_NO_PC']);
    expect(inventory.remediation).toContain('Prism Central');
    expect(pc.requests.length).toBe(before);
  });

  it('a Windows host without a guest credential: FLEET_PUSH_NO_CREDENTIAL, nothing sent for its VM', async () => {
    const settings = { reboot: 'SKIP' as const, waitReachableMs: 0, taskTimeoutMs: 60_000, pollIntervalMs: 1 };
    const { report } = await runToEnd(
      createFleetPushJob(
        { name: 'win01', address: '10.0.0.2', os: 'windows' },
        {},
        { client, settings, vmExtIdOf: () => windowsVm.extId, credentialOf: () => undefined, t },
      ),
    );
    expect(report.result).toBe('failed');
    const check = report.steps.find((s) => s.id === 'pc-push-check')!;
    expect([check.status, check.code]).toEqual(['fail', 'FLEET_PUSH_NO_CREDENTIAL']);
    expect(check.summary).toContain('win01 (Windows) has no guest credential');
    expect(check.remediation).toContain('--guest-user USER --guest-password-env VAR');
    expect(report.steps.filter((s) => s.id.startsWith('pc-') && s.id !== 'pc-push-check').map((s) => s.status)).toEqual(
      ['skipped', 'skipped', 'skipped'],
    );
    expect(pc.requests.filter((q) => q.method === 'POST' && q.url.includes(windowsVm.extId))).toEqual([]);
  });

  it('--phase install: pushed, the link not waited for; all: the link step last', () => {
    const settings = { reboot: 'SKIP' as const, waitReachableMs: 0, taskTimeoutMs: 60_000, pollIntervalMs: 1 };
    const options = { client, settings, vmExtIdOf: () => vm.extId, credentialOf: () => undefined, t };
    const ids = (phase: 'install' | 'all') =>
      createFleetPushJob({ name: 'web01', address: '10.0.0.1' }, { phase }, options).steps.map((s) => s.id);
    expect(ids('install')).toEqual(['pc-push-check', 'pc-insert-iso', 'pc-install']);
    expect(ids('all')).toEqual(['pc-push-check', 'pc-insert-iso', 'pc-install', 'pc-link']);
  });
});
