/**
 * The fleet as a wizard job, through the real engine, with a stand-in per-host
 * job (the real single-VM job runs against SSH sandboxes in
 * test/integration/fleet and test/e2e/fleet.spec.ts): a bad inventory is
 * refused with every problem before any host runs; the unknown host keys come
 * as one prompt, each distinct installer as one diff prompt; every host's
 * events and results reach the board; the passwords reach the host jobs and
 * never an event or a report; retry runs only the failed hosts; the fleet
 * report is the published format.
 */
import { describe, expect, it } from 'vitest';

import { startJob } from '../../../main/engine/runJob';
import type { JobEvent, PromptRequest, Report } from '../../../main/engine/types';
import { FleetSessions, createFleetJob, createFleetRetryJob, type FleetJobDeps } from '../../../main/fleet/fleetJob';
import { fleetJobParamsSchema, type FleetJobParams } from '../../../main/fleet/fleetJobParams';
import type { FleetHost, HostJobOutcome, HostJobPort, HostJobRequest } from '../../../main/fleet/fleetRunner';
import type { LinuxHostJobOptions } from '../../../main/fleet/linuxHostJob';
import { JobHistory } from '../../../main/app/jobHistory';
import {
  boardFromHistories,
  boardRows,
  reduceBoard,
  initialBoard,
  retriedJobOf,
} from '../../../renderer/src/state/fleetBoardState';
import { t, testPorts } from '../../support/engineHarness';

const SECRET = 'S3ntinel-fleet-job-pw';
const SHA = 'c'.repeat(64);
const DIFF = '--- a/installer_factory.py\n+++ b/installer_factory.py\n@@ -1 +1 @@\n-old\n+new\n';

function hostReport(host: string, result: Report['result'], code?: string): Report {
  return {
    schema: 'ngt-prep/report@1',
    tool: { name: 'ngt-prep', version: 'test' },
    job: { id: `${host}-job`, kind: 'linux-install', target: host, lang: 'en' },
    startedAt: '2026-01-01T00:00:00.000Z',
    finishedAt: '2026-01-01T00:00:01.000Z',
    result,
    steps: [
      {
        id: 'connect',
        phase: 'prepare',
        title: 'Connect',
        status: result === 'failed' ? 'fail' : 'ok',
        summary: result === 'failed' ? `${host} refused` : 'connected',
        code,
        durationMs: 1,
      },
    ],
  };
}

interface FakeWorld {
  /** Hosts whose key known_hosts does not hold until a fingerprint is given. */
  unknownKey: Set<string>;
  /** Hosts that fail whatever happens. */
  broken: Set<string>;
  /** Hosts whose job runs until it is cancelled. */
  hang: Set<string>;
  calls: { host: string; phase: string; username: string; password?: string; sudoPassword?: string }[];
}

/** Behaves as linuxHostJobPort does towards the runner: events, host-key refusal, the plan confirmed by sha. */
function fakePort(world: FakeWorld) {
  return (options: LinuxHostJobOptions): HostJobPort =>
    (host: FleetHost, request: HostJobRequest) => {
      const config = options.configFor(host);
      const auth = config.params.auth;
      world.calls.push({
        host: host.name,
        phase: request.phase,
        username: config.params.username,
        password: auth.kind === 'password' ? auth.password : undefined,
        sudoPassword: config.params.sudoPassword,
      });
      const jobId = `${host.name}-${request.phase}-${world.calls.length}`;
      const at = '2026-01-01T00:00:00.000Z';
      const emit = (event: JobEvent) => options.onEvent?.(host, event);
      let cancel = () => undefined as void;
      const cancelled = new Promise<void>((resolve) => (cancel = resolve));
      const done = (async (): Promise<HostJobOutcome> => {
        await Promise.resolve();
        emit({ type: 'job-started', jobId, kind: 'linux-install', target: host.address, steps: [], at });
        if (world.hang.has(host.name)) {
          await cancelled;
          return { report: hostReport(host.name, 'cancelled') };
        }
        emit({ type: 'log', jobId, level: 'info', text: `working on ${host.name}`, at });
        emit({ type: 'log', jobId, level: 'debug', text: 'ssh negotiation', at });
        if (world.broken.has(host.name)) return { report: hostReport(host.name, 'failed', 'SSH_CONNECT_REFUSED') };
        if (world.unknownKey.has(host.name) && request.fingerprint === undefined) {
          request.onUnknownHostKey({ keyType: 'ssh-ed25519', fingerprint: `SHA256:${host.name}-key` });
          return { report: hostReport(host.name, 'failed', 'SSH_HOST_KEY_UNKNOWN') };
        }
        if (request.phase !== 'prepare' && !request.dryRun && !request.confirmPlan(SHA))
          return { report: hostReport(host.name, 'cancelled') };
        const report = hostReport(host.name, 'ok');
        emit({ type: 'job-finished', jobId, result: 'ok', report });
        return { report, factorySha256: SHA, diff: DIFF };
      })();
      return { done, cancel: () => cancel() };
    };
}

function deps(world: FakeWorld, sessions = new FleetSessions()): FleetJobDeps {
  return {
    t,
    ports: testPorts(),
    lang: 'en',
    tool: { name: 'ngt-prep', version: 'test' },
    sessions,
    knownHostsPath: '/nonexistent/known_hosts',
    hostJobPort: fakePort(world),
  };
}

/** Runs a job to its end, answering each prompt with `answer` and keeping every event. */
async function run(
  definition: Parameters<typeof startJob>[0],
  answer: (prompt: PromptRequest) => boolean = () => true,
  onEvent: (event: JobEvent) => void = () => undefined,
) {
  const events: JobEvent[] = [];
  const prompts: PromptRequest[] = [];
  const handle = startJob(definition, {
    lang: 'en',
    t,
    ports: testPorts(),
    tool: { name: 'ngt-prep', version: 'test' },
    onEvent: (e) => {
      events.push(e);
      onEvent(e);
      if (e.type === 'prompt') {
        prompts.push(e.prompt);
        queueMicrotask(() => handle.answer(e.promptId, { accept: answer(e.prompt) }));
      }
    },
  });
  const report = await handle.done;
  return { id: handle.id, report, events, prompts };
}

const params = (over: Partial<FleetJobParams> & { text: string }): FleetJobParams =>
  fleetJobParamsSchema.parse({
    inventory: { text: over.text },
    passwords: [{ user: 'root', password: SECRET }],
    ...over,
  });

const newWorld = (): FakeWorld => ({ unknownKey: new Set(), broken: new Set(), hang: new Set(), calls: [] });

describe('fleet job', () => {
  it('refuses a bad inventory with every problem before any host runs', async () => {
    const world = newWorld();
    const { report } = await run(
      createFleetJob(params({ text: 'root@10.0.0.1\nnot a host line\nroot@10.0.0.1\n' }), deps(world)),
    );
    const inventory = report.steps.find((s) => s.id === 'inventory')!;
    expect(inventory.status).toBe('fail');
    expect(inventory.code).toBe('USAGE_INVENTORY_INVALID');
    expect(inventory.summary).toBe('The inventory has 2 problems; nothing runs until they are fixed.');
    expect(inventory.detail).toMatch(/^pasted:2: /m);
    expect(inventory.detail).toMatch(/^pasted:3: 10\.0\.0\.1: /m);
    expect(report.steps.find((s) => s.id === 'fleet')!.status).toBe('skipped');
    expect(world.calls).toEqual([]);
  });

  it('asks for all unknown host keys at once and once per distinct installer, then installs; secrets stay in main', async () => {
    const world = newWorld();
    world.unknownKey.add('10.0.0.2');
    world.broken.add('10.0.0.3');
    const { report, events, prompts } = await run(
      createFleetJob(params({ text: 'root@10.0.0.1\nroot@10.0.0.2\nroot@10.0.0.3\n' }), deps(world)),
    );

    expect(prompts.map((p) => p.kind)).toEqual(['host-keys', 'confirm-plan']);
    expect(prompts[0]).toEqual({
      kind: 'host-keys',
      keys: [{ host: '10.0.0.2', address: '10.0.0.2', keyType: 'ssh-ed25519', fingerprint: 'SHA256:10.0.0.2-key' }],
    });
    const plan = prompts[1] as Extract<PromptRequest, { kind: 'confirm-plan' }>;
    expect(plan.title).toBe('Apply this change to 2 hosts?');
    expect(plan.summary).toContain(SHA);
    expect(plan.summary).toContain('10.0.0.1, 10.0.0.2');
    expect(plan.diff).toBe(DIFF);

    // The password given for root reached every host job.
    expect(new Set(world.calls.map((c) => `${c.username}:${c.password}`))).toEqual(new Set([`root:${SECRET}`]));
    expect(world.calls.filter((c) => c.phase === 'all').map((c) => c.host)).toEqual(['10.0.0.1', '10.0.0.2']);

    const results = Object.fromEntries(
      events
        .filter((e) => e.type === 'fleet-host-result')
        .map((e) => [e.host, [e.pass, e.result, e.code ?? null]] as const),
    );
    expect(results).toEqual({
      '10.0.0.1': ['install', 'ok', null],
      '10.0.0.2': ['install', 'ok', null],
      '10.0.0.3': ['prepare', 'failed', 'SSH_CONNECT_REFUSED'],
    });
    const hostsEvent = events.find((e) => e.type === 'fleet-hosts');
    expect(hostsEvent?.type === 'fleet-hosts' && hostsEvent.hosts.map((h) => h.name)).toEqual([
      '10.0.0.1',
      '10.0.0.2',
      '10.0.0.3',
    ]);
    const readiness = events.find((e) => e.type === 'fleet-readiness');
    expect(readiness?.type === 'fleet-readiness' && readiness.rows.map((r) => [r.host, r.readiness])).toEqual([
      ['10.0.0.1', 'will-patch'],
      ['10.0.0.2', 'will-patch'],
      ['10.0.0.3', 'cannot'],
    ]);
    // Each host's own events come through, without its debug lines.
    const inner = events.flatMap((e) => (e.type === 'fleet-host' ? [e.event] : []));
    expect(inner.some((e) => e.type === 'log' && e.text === 'working on 10.0.0.1')).toBe(true);
    expect(inner.some((e) => e.type === 'log' && e.level === 'debug')).toBe(false);

    expect(report.result).toBe('failed');
    const fleet = report.steps.find((s) => s.id === 'fleet')!;
    expect(fleet.code).toBe('FLEET_HOSTS_FAILED');
    expect(fleet.summary).toBe('3 hosts: 2 OK, 0 warning, 1 failed, 0 cancelled, 0 skipped.');
    expect(JSON.stringify(events)).not.toContain(SECRET);
    expect(JSON.stringify(report)).not.toContain(SECRET);
  });

  it('a sudo password given for a user reaches the hosts of that user only, and no event or report', async () => {
    const world = newWorld();
    const SUDO = 'S3ntinel-fleet-sudo-pw';
    const { events, report } = await run(
      createFleetJob(
        params({
          text: 'admin@10.0.0.1\nroot@10.0.0.2\n',
          phase: 'prepare',
          passwords: [
            { user: 'admin', password: SECRET },
            { user: 'root', password: SECRET },
          ],
          sudoPasswords: [{ user: 'admin', password: SUDO }],
        }),
        deps(world),
      ),
    );
    expect(report.result).toBe('ok');
    expect(world.calls.map((c) => [c.host, c.username, c.sudoPassword ?? null])).toEqual([
      ['10.0.0.1', 'admin', SUDO],
      ['10.0.0.2', 'root', null],
    ]);
    expect(JSON.stringify(events)).not.toContain(SUDO);
    expect(JSON.stringify(report)).not.toContain(SUDO);
  });

  it('a declined diff skips its hosts and installs nothing there', async () => {
    const world = newWorld();
    const { events } = await run(
      createFleetJob(params({ text: 'root@10.0.0.1\n' }), deps(world)),
      (p) => p.kind !== 'confirm-plan',
    );
    expect(world.calls.map((c) => c.phase)).toEqual(['prepare']);
    const last = events.filter((e) => e.type === 'fleet-host-result').pop();
    expect(last?.type === 'fleet-host-result' && [last.result, last.code]).toEqual(['skipped', 'FLEET_DIFF_DECLINED']);
  });

  it('a user without the password the check asked for stops at the inventory step', async () => {
    const world = newWorld();
    const { report } = await run(
      createFleetJob(params({ text: 'admin@10.0.0.1\n', passwords: [] } as never), deps(world)),
    );
    const inventory = report.steps.find((s) => s.id === 'inventory')!;
    expect([inventory.status, inventory.code]).toEqual(['fail', 'FLEET_PASSWORD_MISSING']);
    expect(inventory.summary).toBe('No password was given for admin.');
    expect(world.calls).toEqual([]);
  });

  it('retry runs only the failed hosts, keeps the others, and the fleet report says so', async () => {
    const world = newWorld();
    world.broken.add('10.0.0.2');
    const sessions = new FleetSessions();
    const first = await run(
      createFleetJob(params({ text: 'root@10.0.0.1\nroot@10.0.0.2\n', phase: 'prepare' }), deps(world, sessions)),
    );
    expect(first.report.result).toBe('failed');
    world.broken.clear();
    world.calls.length = 0;
    const again = await run(createFleetRetryJob(first.id, deps(world, sessions)));
    expect(world.calls.map((c) => c.host)).toEqual(['10.0.0.2']);
    expect(again.report.result).toBe('ok');

    const file = await sessions.exportReport(again.id, 'json', t);
    expect(file.mimeType).toBe('application/json');
    expect(file.fileName).toMatch(/^ngt-prep-fleet-.+\.json$/);
    const fleetReport = JSON.parse(file.content);
    expect(fleetReport.schema).toBe('ngt-prep/fleet-report@1');
    expect(fleetReport.hosts.map((h: { name: string; result: string }) => [h.name, h.result])).toEqual([
      ['10.0.0.1', 'ok'],
      ['10.0.0.2', 'ok'],
    ]);
    expect(file.content).not.toContain(SECRET);
    const csv = await sessions.exportReport(again.id, 'csv', t);
    expect(csv.content.split('\r\n')[0]).toBe(
      'name,address,os,result,readiness,code,reason,factory_sha256,duration_ms',
    );
    expect(() => sessions.get('no-such-job')).toThrow(expect.objectContaining({ code: 'FLEET_NOT_FOUND' }));
  });

  it('a retry taken up again (job:attach of it and of the fleet it names) shows the whole fleet, retried hosts over', async () => {
    const world = newWorld();
    world.broken.add('10.0.0.2');
    world.broken.add('10.0.0.3');
    const sessions = new FleetSessions();
    const text = 'root@10.0.0.1\nroot@10.0.0.2\nroot@10.0.0.3\n';
    // Main's histories, as AppService keeps them for job:attach.
    const histories = new Map<string, JobHistory>();
    const keep = (e: JobEvent) => {
      const h = histories.get(e.jobId) ?? new JobHistory(e.jobId, 'fleet', '2026-01-01T00:00:00.000Z');
      histories.set(e.jobId, h);
      h.record(e);
    };
    const first = await run(createFleetJob(params({ text, phase: 'prepare' }), deps(world, sessions)), undefined, keep);
    world.broken.delete('10.0.0.2'); // one fixed, one still broken
    const retry = await run(createFleetRetryJob(first.id, deps(world, sessions)), undefined, keep);
    expect(retry.report.result).toBe('failed');

    const attached = histories.get(retry.id)!.attach().events;
    expect(retriedJobOf(attached)).toBe(first.id);
    // The retry's history alone (the bug): only the hosts it ran have a result.
    const alone = attached.reduce(reduceBoard, initialBoard(retry.id, 'all'));
    expect(boardRows(alone).map((r) => [r.name, r.status])).toEqual([
      ['10.0.0.1', 'waiting'],
      ['10.0.0.2', 'ok'],
      ['10.0.0.3', 'failed'],
    ]);
    // Folded after the fleet it names: the whole fleet, the retried hosts' new results over the earlier ones.
    const board = boardFromHistories(
      [
        { jobId: first.id, events: histories.get(first.id)!.attach().events },
        { jobId: retry.id, events: attached },
      ],
      'all',
    )!;
    expect(board.jobId).toBe(retry.id);
    expect(boardRows(board).map((r) => [r.name, r.status, r.pass])).toEqual([
      ['10.0.0.1', 'ok', 'prepare'],
      ['10.0.0.2', 'ok', 'prepare'],
      ['10.0.0.3', 'failed', 'prepare'],
    ]);
    // The host the retry did not run keeps its own job view (the drill-down) from the first run.
    expect(board.rows['10.0.0.1']!.view?.jobId).toBe('10.0.0.1-prepare-1');
    // A retried host's drill-down is its new run (calls 4 and 5 are the retry's).
    expect(board.rows['10.0.0.2']!.view?.jobId).toMatch(/^10\.0\.0\.2-prepare-[45]$/);
    expect(retriedJobOf(histories.get(first.id)!.attach().events)).toBeUndefined();
  });

  it('cancelling one host ends it cancelled and leaves the others to finish', async () => {
    const world = newWorld();
    world.hang.add('10.0.0.2');
    const sessions = new FleetSessions();
    let cancelledOne: boolean | undefined;
    const { events, report } = await run(
      createFleetJob(params({ text: 'root@10.0.0.1\nroot@10.0.0.2\n', phase: 'prepare' }), deps(world, sessions)),
      () => true,
      (e) => {
        if (e.type === 'fleet-host' && e.host === '10.0.0.2' && e.event.type === 'job-started')
          queueMicrotask(() => (cancelledOne = sessions.cancelHost(e.jobId, '10.0.0.2')));
      },
    );
    expect(cancelledOne).toBe(true);
    const results = events.flatMap((e) => (e.type === 'fleet-host-result' ? [[e.host, e.result]] : []));
    expect(results).toEqual(
      expect.arrayContaining([
        ['10.0.0.1', 'ok'],
        ['10.0.0.2', 'cancelled'],
      ]),
    );
    expect(report.result).toBe('cancelled');
  });
});
