/**
 * The fleet board's Prism Central source: its parameters (additive: the text
 * inventory's shape still parses as before), the renderer's form model, and
 * the two jobs through the real engine against the test Prism Central (real
 * TLS on loopback, the vmm v4.0 VM list as Nutanix's v4 reference documents
 * it; test/fixtures/prism-central) with a stand-in per-host job (the real one
 * runs against SSH sandboxes in test/e2e/fleetPrismCentral.spec.ts):
 *  - `fleet-pc-hosts` asks about the first-seen certificate before any
 *    request, then hands back the VMs as checked hosts (IP, OS, vmExtId; a VM
 *    without an address is a problem with what to do);
 *  - `fleet` with `source` runs those hosts, each with the Prism Central link
 *    its verify uses; the Prism Central password is a secret of the job.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fleetPrismCentralDeps } from '../../support/fleetPrismCentralDeps';

import { startJob } from '../../../main/engine/runJob';
import type { JobEvent, PromptRequest, Report } from '../../../main/engine/types';
import { createFleetJob, FleetSessions, type FleetJobDeps } from '../../../main/fleet/fleetJob';
import {
  fleetJobParamsSchema,
  fleetPcHostsParamsSchema,
  type FleetCheckResult,
} from '../../../main/fleet/fleetJobParams';
import { createFleetPcHostsJob } from '../../../main/fleet/fleetPrismCentralSource';
import type { FleetHost, HostJobPort } from '../../../main/fleet/fleetRunner';
import type { LinuxFleetHostConfig, LinuxHostJobOptions } from '../../../main/fleet/linuxHostJob';
import { jobStartSchema } from '../../../main/ipc/contract';
import {
  EMPTY_FLEET_PC,
  fleetPcSource,
  readPcCheck,
  validateFleetPc,
} from '../../../renderer/src/components/fleet/fleetPcSource';
import { makeSelfSigned } from '../../fixtures/probe/makeCertificates';
import { makeVm, PrismCentralState } from '../../fixtures/prism-central/prismCentralState';
import { startTestPrismCentral, type TestPrismCentral } from '../../fixtures/prism-central/testPrismCentral';
import { t, testPorts } from '../../support/engineHarness';

const PC_SECRET = 'Pc-S3ntinel-board-source';
const ROOT_SECRET = 'R00t-S3ntinel-board-source';
const CLUSTER = '0005b6c8-0000-4000-8000-000000000001';

describe('the Prism Central source in the fleet parameters', () => {
  const source = {
    kind: 'prismCentral',
    connect: { host: 'pc.example.test', username: 'admin', password: PC_SECRET },
  } as const;

  it('keeps the text inventory shape as it was', () => {
    const parsed = fleetJobParamsSchema.parse({ inventory: { text: 'root@10.0.0.1\n' } });
    expect(parsed.inventory).toEqual({ text: 'root@10.0.0.1\n' });
    expect(parsed.source).toBeUndefined();
    expect(parsed.forks).toBe(10);
  });

  it('takes a source without inventory text, with Prism Central port 9440 and power ON by default', () => {
    const parsed = fleetJobParamsSchema.parse({ source });
    expect(parsed.inventory).toEqual({ text: '' });
    expect(parsed.source).toEqual({
      kind: 'prismCentral',
      connect: { host: 'pc.example.test', port: 9440, username: 'admin', password: PC_SECRET },
      filter: { powerState: 'ON' },
    });
    const withFilter = fleetJobParamsSchema.parse({
      source: { ...source, filter: { nameContains: ' web- ', clusterExtId: CLUSTER, powerState: 'any' } },
    });
    expect(withFilter.source!.filter).toEqual({ nameContains: 'web-', clusterExtId: CLUSTER, powerState: 'any' });
  });

  it.each([
    ['a cluster that is no UUID', { ...source, filter: { clusterExtId: 'cluster-1' } }, 'clusterExtId'],
    ['an unknown power state', { ...source, filter: { powerState: 'SUSPENDED' } }, 'powerState'],
    ['an empty password', { ...source, connect: { ...source.connect, password: '' } }, 'password'],
    ['a URL as the address', { ...source, connect: { ...source.connect, host: 'https://pc/' } }, 'host'],
    ['an unknown key', { ...source, connect: { ...source.connect, token: 'x' } }, 'connect'],
  ])('refuses %s', (_, bad, where) => {
    const result = fleetJobParamsSchema.safeParse({ source: bad });
    expect(result.success).toBe(false);
    expect(result.error!.issues.map((i) => i.path.join('.')).join(' ')).toContain(where);
  });

  it('the check job of a source takes no inventory text, and is a job kind of the contract', () => {
    expect(fleetPcHostsParamsSchema.safeParse({ source, inventory: { text: '' } }).success).toBe(false);
    const request = jobStartSchema.parse({ kind: 'fleet-pc-hosts', params: { source, defaults: { user: 'root' } } });
    expect(request.kind).toBe('fleet-pc-hosts');
  });
});

describe("the board's Prism Central form model", () => {
  const values = { ...EMPTY_FLEET_PC, host: ' pc.example.test ', password: PC_SECRET };

  it('checks the connection as the Prism Central page does, and the cluster extId', () => {
    expect(validateFleetPc(values)).toEqual({});
    expect(validateFleetPc({ ...values, host: '', clusterExtId: 'nope' })).toEqual({
      host: 'clusterPage.errors.hostRequired',
      clusterExtId: 'fleetBoard.pc.clusterInvalid',
    });
    expect(validateFleetPc({ ...values, clusterExtId: ` ${CLUSTER} ` })).toEqual({});
  });

  it('makes the source the schema takes: trimmed, empty filters left out', () => {
    const made = fleetPcSource({ ...values, port: '9441', nameContains: '  ', powerState: 'OFF' });
    expect(made).toEqual({
      kind: 'prismCentral',
      connect: { host: 'pc.example.test', port: 9441, username: 'admin', password: PC_SECRET },
      filter: { nameContains: undefined, clusterExtId: undefined, powerState: 'OFF' },
    });
    expect(fleetJobParamsSchema.safeParse({ source: made }).success).toBe(true);
  });

  it('reads the check from the pc-hosts step only', () => {
    const check: FleetCheckResult = {
      format: 'prism-central',
      hosts: [],
      problems: [],
      fileProblems: false,
      passwordsFor: [],
      sudoPasswordsFor: [],
    };
    expect(
      readPcCheck([
        {
          id: 'pc-hosts',
          title: 'x',
          phase: 'prepare',
          advisory: false,
          status: 'ok',
          outcome: { status: 'ok', summary: '', data: { check } },
        },
      ]),
    ).toBe(check);
    expect(
      readPcCheck([
        {
          id: 'connect',
          title: 'x',
          phase: 'prepare',
          advisory: false,
          status: 'ok',
          outcome: { status: 'ok', summary: '', data: { check } },
        },
      ]),
    ).toBeNull();
  });
});

describe('the Prism Central source through the engine, against the test Prism Central', () => {
  const tls = makeSelfSigned({ cn: 'pc.unit.test', sans: ['127.0.0.1'] });
  const work = mkdtempSync(join(tmpdir(), 'ngtp-board-pc-'));
  let pc: TestPrismCentral;

  beforeAll(async () => {
    pc = await startTestPrismCentral({
      tls,
      state: new PrismCentralState([
        makeVm({
          name: 'web-01',
          learnedIps: ['fe80::1', '10.0.0.11'],
          guestTools: { guestOsVersion: 'linux:64:Rocky Linux-8.4' },
        }),
        makeVm({ name: 'web-02', configuredIps: ['10.0.0.12'], clusterExtId: CLUSTER }),
        makeVm({ name: 'web-03' }),
        makeVm({ name: 'web-off', powerState: 'OFF', learnedIps: ['10.0.0.14'] }),
        makeVm({ name: 'db-01', learnedIps: ['10.0.0.15'] }),
      ]),
      user: { username: 'admin', password: PC_SECRET },
    });
  });
  afterAll(async () => {
    await pc.close();
    rmSync(work, { recursive: true, force: true });
  });

  /** A trust file of its own for each test: every test starts with a first-seen certificate. */
  const pcDeps = () => fleetPrismCentralDeps(work, t);

  const source = (filter: Record<string, string> = { nameContains: 'web-' }) => ({
    kind: 'prismCentral' as const,
    connect: { host: '127.0.0.1', port: pc.port, username: 'admin', password: PC_SECRET },
    filter,
  });

  async function runJob(definition: Parameters<typeof startJob>[0], answer: (p: PromptRequest) => boolean) {
    const events: JobEvent[] = [];
    const prompts: { prompt: PromptRequest; requestsBefore: number }[] = [];
    const handle = startJob(definition, {
      lang: 'en',
      t,
      ports: testPorts(),
      tool: { name: 'ngt-prep', version: 'test' },
      onEvent: (e) => {
        events.push(e);
        if (e.type === 'prompt') {
          prompts.push({ prompt: e.prompt, requestsBefore: pc.requests.length });
          queueMicrotask(() => handle.answer(e.promptId, { accept: answer(e.prompt) }));
        }
      },
    });
    const report: Report = await handle.done;
    return { report, events, prompts };
  }

  const inventoryDeps = {
    t,
    environment: testPorts().environment,
    readFile: async () => Buffer.from(''),
    knownHostsPath: '/nonexistent/known_hosts',
  };

  it('asks about the certificate before any request, then hands back the VMs as checked hosts', async () => {
    const requests = pc.requests.length;
    const params = fleetPcHostsParamsSchema.parse({ source: source(), defaults: { user: 'root' } });
    const { report, prompts, events } = await runJob(
      createFleetPcHostsJob(params, { t, prismCentral: pcDeps(), inventory: inventoryDeps }),
      () => true,
    );
    expect(prompts.map((p) => p.prompt.kind)).toEqual(['certificate']);
    expect(prompts[0]!.requestsBefore).toBe(requests);
    const step = report.steps.find((s) => s.id === 'pc-hosts')!;
    expect(step.status).toBe('warn');
    expect(step.summary).toBe('2 hosts from Prism Central; VMs with a problem: 1.');
    const check = events.flatMap((e) =>
      e.type === 'step-finished' && e.stepId === 'pc-hosts' ? [e.outcome.data!.check as FleetCheckResult] : [],
    )[0]!;
    const byName = Object.fromEntries(check.hosts.map((h) => [h.name, h]));
    expect(Object.keys(byName).sort()).toEqual(['web-01', 'web-02']);
    const vm = (name: string) => pc.state.vms.find((v) => v.name === name)!;
    expect(byName['web-01']).toMatchObject({
      address: '10.0.0.11',
      os: 'linux',
      user: 'root',
      vmExtId: vm('web-01').extId,
    });
    expect(byName['web-02']).toMatchObject({ address: '10.0.0.12', vmExtId: vm('web-02').extId });
    expect(check.problems).toHaveLength(1);
    expect(check.problems[0]).toMatchObject({ host: 'web-03' });
    expect(check.problems[0]!.message).toContain('has no IPv4 address in Prism Central');
    expect(check.problems[0]!.remediation).toContain('Power the VM on');
    expect(check.fileProblems).toBe(false);
    expect(check.passwordsFor).toEqual([{ user: 'root', hosts: ['web-01', 'web-02'] }]);
    // The name filter went to Prism Central as OData.
    expect(pc.requests.slice(requests).some((r) => decodeURIComponent(r.url).includes("contains(name, 'web-')"))).toBe(
      true,
    );
    expect(JSON.stringify(events) + JSON.stringify(report)).not.toContain(PC_SECRET);
  });

  it('a declined certificate sends nothing and says what to check', async () => {
    const requests = pc.requests.length;
    const params = fleetPcHostsParamsSchema.parse({ source: source(), defaults: { user: 'root' } });
    const { report } = await runJob(
      createFleetPcHostsJob(params, { t, prismCentral: pcDeps(), inventory: inventoryDeps }),
      () => false,
    );
    const connect = report.steps.find((s) => s.id === 'connect')!;
    expect(connect.status).toBe('fail');
    expect(connect.code).toBe('PC_CERT_DECLINED');
    expect(report.steps.find((s) => s.id === 'pc-hosts')!.status).toBe('skipped');
    expect(pc.requests.length).toBe(requests);
  });

  it('the cluster and power filters narrow the hosts as the CLI source does', async () => {
    const params = fleetPcHostsParamsSchema.parse({
      source: source({ clusterExtId: CLUSTER }),
      defaults: { user: 'root' },
    });
    const { events } = await runJob(
      createFleetPcHostsJob(params, { t, prismCentral: pcDeps(), inventory: inventoryDeps }),
      () => true,
    );
    const check = events.flatMap((e) =>
      e.type === 'step-finished' && e.stepId === 'pc-hosts' ? [e.outcome.data!.check as FleetCheckResult] : [],
    )[0]!;
    expect(check.hosts.map((h) => h.name)).toEqual(['web-02']);
    const off = fleetPcHostsParamsSchema.parse({ source: source({ powerState: 'OFF' }), defaults: { user: 'root' } });
    const second = await runJob(
      createFleetPcHostsJob(off, { t, prismCentral: pcDeps(), inventory: inventoryDeps }),
      () => true,
    );
    const offCheck = second.events.flatMap((e) =>
      e.type === 'step-finished' && e.stepId === 'pc-hosts' ? [e.outcome.data!.check as FleetCheckResult] : [],
    )[0]!;
    expect(offCheck.hosts.map((h) => h.name)).toEqual(['web-off']);
  });

  it('the fleet over the source runs its hosts with their Prism Central link; its password is a secret', async () => {
    const configs = new Map<string, LinuxFleetHostConfig>();
    let trustFileOfHosts: string | undefined;
    const hostJobPort = (options: LinuxHostJobOptions): HostJobPort => {
      trustFileOfHosts = options.prismCentral?.trustFile;
      return (host: FleetHost) => {
        configs.set(host.name, options.configFor(host));
        const report: Report = {
          schema: 'ngt-prep/report@1',
          tool: { name: 'ngt-prep', version: 'test' },
          job: { id: `${host.name}-job`, kind: 'linux-install', target: host.address, lang: 'en' },
          startedAt: '2026-01-01T00:00:00.000Z',
          finishedAt: '2026-01-01T00:00:01.000Z',
          result: 'ok',
          steps: [],
        };
        return { done: Promise.resolve({ report }), cancel: () => undefined };
      };
    };
    const prismCentral = pcDeps();
    const deps: FleetJobDeps = {
      t,
      ports: testPorts(),
      lang: 'en',
      tool: { name: 'ngt-prep', version: 'test' },
      sessions: new FleetSessions(),
      knownHostsPath: '/nonexistent/known_hosts',
      hostJobPort,
      prismCentral,
    };
    const base = {
      source: source(),
      defaults: { user: 'root' },
      phase: 'prepare',
      passwords: [{ user: 'root', password: ROOT_SECRET }],
    };
    // The VM without an address stops the fleet until the bad hosts are explicitly left out.
    const refused = await runJob(createFleetJob(fleetJobParamsSchema.parse(base), deps), () => true);
    expect(refused.report.steps.find((s) => s.id === 'inventory')!.code).toBe('USAGE_INVENTORY_INVALID');
    expect(configs.size).toBe(0);

    const { report, events } = await runJob(
      createFleetJob(fleetJobParamsSchema.parse({ ...base, skipBadHosts: true }), deps),
      () => true,
    );
    expect(report.job.target).toBe(`Prism Central 127.0.0.1:${pc.port}`);
    expect(report.steps.map((s) => [s.id, s.status])).toEqual([
      ['connect', 'ok'],
      ['inventory', 'warn'],
      ['fleet', 'ok'],
    ]);
    expect(report.steps[1]!.summary).toBe('2 hosts will run (1 left out).');
    expect([...configs.keys()].sort()).toEqual(['web-01', 'web-02']);
    const vm = (name: string) => pc.state.vms.find((v) => v.name === name)!;
    for (const name of ['web-01', 'web-02']) {
      const p = configs.get(name)!.params;
      expect(p.host).toBe(name === 'web-01' ? '10.0.0.11' : '10.0.0.12');
      expect(p.username).toBe('root');
      expect(p.auth).toEqual({ kind: 'password', password: ROOT_SECRET });
      expect(p.prismCentral).toMatchObject({
        host: '127.0.0.1',
        port: pc.port,
        username: 'admin',
        password: PC_SECRET,
        acceptNewCertificate: false,
        vmExtId: vm(name).extId,
      });
    }
    expect(trustFileOfHosts).toBe(prismCentral.trustFile);
    const seen = JSON.stringify(events) + JSON.stringify(report);
    expect(seen).not.toContain(PC_SECRET);
    expect(seen).not.toContain(ROOT_SECRET);
  });
});
