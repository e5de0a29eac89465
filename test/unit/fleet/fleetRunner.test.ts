/**
 * The fleet runner with fake host jobs (the real single-VM job is exercised
 * against sandboxes in test/integration/fleet): forks bound, passes, bulk host
 * keys, shared diffs, cancel, timeouts, retry of failed hosts, clone finding.
 */
import { describe, expect, it } from 'vitest';

import {
  FleetRunner,
  type FleetHost,
  type HostJobOutcome,
  type HostJobRequest,
  type FleetPrompts,
} from '../../../main/fleet/fleetRunner';
import type { Report, ReportStep } from '../../../main/engine/types';
import { installWayOf } from '../../../main/fleet/pushRouting';

function report(result: Report['result'], steps: Partial<ReportStep>[] = []): Report {
  return {
    schema: 'ngt-prep/report@1',
    tool: { name: 'ngt-prep', version: 'test' },
    job: { id: 'j', kind: 'linux-install', target: 'x', lang: 'en' },
    startedAt: '2026-01-01T00:00:00.000Z',
    finishedAt: '2026-01-01T00:00:01.000Z',
    result,
    steps: steps.map((s) => ({
      id: 'connect',
      phase: 'prepare',
      title: 'T',
      status: 'ok',
      summary: 's',
      durationMs: 0,
      ...s,
    })),
  };
}

interface Behaviour {
  /** Outcome of the prepare pass. */
  prepare?: (req: HostJobRequest) => HostJobOutcome;
  install?: (req: HostJobRequest) => HostJobOutcome;
  /** Never ends until cancelled. */
  hang?: 'prepare' | 'install';
}

const hosts = (n: number, prefix = 'vm'): FleetHost[] =>
  Array.from({ length: n }, (_, i) => ({ name: `${prefix}${i + 1}`, address: `10.0.0.${i + 1}` }));

const okPrepare = (sha = 'a'.repeat(64), diff = '--- a\n+++ b\n'): HostJobOutcome => ({
  report: report('ok', [{ id: 'plan' }]),
  factorySha256: sha,
  diff,
});

function fakeFleet(behaviours: Record<string, Behaviour> = {}) {
  const calls: { host: string; req: HostJobRequest }[] = [];
  let running = 0;
  let maxRunning = 0;
  const gates: (() => void)[] = [];
  const started: string[] = [];
  const prepared = new Map<string, HostJobOutcome>();
  const startJob = (host: FleetHost, req: HostJobRequest) => {
    calls.push({ host: host.name, req });
    started.push(`${req.phase}:${host.name}`);
    running += 1;
    maxRunning = Math.max(maxRunning, running);
    const b = behaviours[host.name] ?? {};
    const pass = req.dryRun ? 'prepare' : 'install';
    let cancel = () => undefined as void;
    const done = new Promise<HostJobOutcome>((resolve) => {
      const end = (out: HostJobOutcome) => {
        running -= 1;
        resolve(out);
      };
      cancel = () => end({ report: report('cancelled') });
      if (b.hang === pass) return;
      // Each job ends when the test releases it (or at once): counts real concurrency.
      gates.push(() => {
        if (pass === 'prepare') {
          const out = b.prepare ? b.prepare(req) : okPrepare();
          prepared.set(host.name, out);
          end(out);
        } else {
          // By default the factory is still the one prepare saw.
          const out = b.install
            ? b.install(req)
            : { report: report('ok'), factorySha256: prepared.get(host.name)?.factorySha256 };
          // The real job asks its plan confirmation; a refusal makes it stop before staging.
          req.confirmPlan(out.factorySha256);
          end(out);
        }
      });
    });
    return { done, cancel: () => cancel() };
  };
  /** Releases every job waiting, again and again, until `until` settles. */
  const drive = async <T>(until: Promise<T>): Promise<T> => {
    let settled = false;
    void until.finally(() => (settled = true));
    while (!settled) {
      const batch = gates.splice(0);
      for (const g of batch) g();
      await new Promise((r) => setImmediate(r));
    }
    return until;
  };
  return { calls, startJob, drive, started, maxRunning: () => maxRunning };
}

const yes: FleetPrompts = { confirmHostKeys: async () => true, approveDiff: async () => true };

describe('FleetRunner', () => {
  it('never runs more than forks jobs at once, and prepares every host before installing any', async () => {
    const f = fakeFleet();
    const runner = new FleetRunner({ startJob: f.startJob, prompts: yes, forks: 3 });
    const run = await f.drive(runner.run(hosts(10)));
    expect(f.maxRunning()).toBe(3);
    expect(run.hosts.map((h) => h.result)).toEqual(Array(10).fill('ok'));
    const firstInstall = f.started.findIndex((s) => !s.startsWith('prepare:'));
    expect(f.started.slice(0, firstInstall)).toHaveLength(10);
    expect(f.started.slice(firstInstall).every((s) => s.startsWith('all:'))).toBe(true);
  });

  it('forks defaults to 10', async () => {
    const f = fakeFleet();
    await f.drive(new FleetRunner({ startJob: f.startJob, prompts: yes }).run(hosts(25)));
    expect(f.maxRunning()).toBe(10);
  });

  it('identical factories share one diff approved once; a declined group is skipped, the others install', async () => {
    const sha1 = '1'.repeat(64);
    const sha2 = '2'.repeat(64);
    const f = fakeFleet({
      vm1: { prepare: () => okPrepare(sha1), install: () => ({ report: report('ok'), factorySha256: sha1 }) },
      vm2: { prepare: () => okPrepare(sha1), install: () => ({ report: report('ok'), factorySha256: sha1 }) },
      vm3: { prepare: () => okPrepare(sha2), install: () => ({ report: report('ok'), factorySha256: sha2 }) },
      vm4: { prepare: () => ({ report: report('ok'), diff: '', factorySha256: '3'.repeat(64) }) },
    });
    const asked: string[][] = [];
    const runner = new FleetRunner({
      startJob: f.startJob,
      prompts: {
        confirmHostKeys: async () => true,
        approveDiff: async (g) => {
          asked.push(g.hosts);
          return g.factorySha256 === sha1;
        },
      },
    });
    const run = await f.drive(runner.run(hosts(4)));
    expect(asked).toEqual([['vm1', 'vm2'], ['vm3']]);
    expect(run.diffGroups.map((g) => g.hosts)).toEqual([['vm1', 'vm2'], ['vm3']]);
    expect(run.hosts.map((h) => [h.name, h.result, h.code])).toEqual([
      ['vm1', 'ok', undefined],
      ['vm2', 'ok', undefined],
      ['vm3', 'skipped', 'FLEET_DIFF_DECLINED'],
      ['vm4', 'ok', undefined],
    ]);
    expect(run.readiness.map((r) => r.readiness)).toEqual(['will-patch', 'will-patch', 'will-patch', 'will-install']);
    expect(f.calls.filter((c) => !c.req.dryRun).map((c) => c.host)).toEqual(['vm1', 'vm2', 'vm4']);
  });

  it('a factory that changed between prepare and install is refused for that host only', async () => {
    const f = fakeFleet({
      vm2: { install: () => ({ report: report('ok'), factorySha256: 'f'.repeat(64) }) },
    });
    const run = await f.drive(new FleetRunner({ startJob: f.startJob, prompts: yes }).run(hosts(3)));
    expect(run.hosts.map((h) => h.result)).toEqual(['ok', 'failed', 'ok']);
    expect(run.hosts[1]!.code).toBe('FLEET_FACTORY_CHANGED');
  });

  it('the readiness table says cannot and why, and already done; those never reach the install pass as cannot', async () => {
    const f = fakeFleet({
      vm1: {
        prepare: () => ({
          report: report('failed', [
            { id: 'distribution', status: 'fail', code: 'LINUX_DISTRIBUTION_UNSUPPORTED', summary: 'Debian' },
          ]),
        }),
      },
      vm2: { prepare: () => ({ report: report('ok'), alreadyDone: true, diff: '', ngtUuid: 'u-1' }) },
    });
    const shown: string[] = [];
    const runner = new FleetRunner({
      startJob: f.startJob,
      prompts: { ...yes, showReadiness: (rows) => shown.push(...rows.map((r) => `${r.host}=${r.readiness}`)) },
    });
    const run = await f.drive(runner.run(hosts(3)));
    expect(shown).toEqual(['vm1=cannot', 'vm2=already-done', 'vm3=will-patch']);
    expect(run.readiness[0]).toMatchObject({ code: 'LINUX_DISTRIBUTION_UNSUPPORTED', reason: 'Debian' });
    expect(run.hosts.map((h) => h.result)).toEqual(['failed', 'ok', 'ok']);
    expect(f.calls.filter((c) => !c.req.dryRun).map((c) => c.host)).toEqual(['vm2', 'vm3']);
  });

  it('each host is prepared once: the install pass goes on from its kept prepare, the rest is released at the end', async () => {
    const released: string[] = [];
    const keptPrepare = (name: string, extra: Partial<HostJobOutcome> = {}) => ({
      prepare: (req: HostJobRequest): HostJobOutcome => ({
        ...okPrepare(),
        ...extra,
        resume: req.keep ? { release: async () => void released.push(name) } : undefined,
      }),
    });
    const f = fakeFleet({
      vm1: keptPrepare('vm1'),
      vm2: keptPrepare('vm2', { diff: '--- other\n', factorySha256: '2'.repeat(64) }),
      vm3: keptPrepare('vm3'),
    });
    const prompts: FleetPrompts = { ...yes, approveDiff: async (g) => !g.hosts.includes('vm2') };
    const run = await f.drive(new FleetRunner({ startJob: f.startJob, prompts }).run(hosts(3)));
    expect(run.hosts.map((h) => h.result)).toEqual(['ok', 'skipped', 'ok']);
    const prepares = f.calls.filter((c) => c.req.dryRun);
    expect(prepares.map((c) => [c.host, c.req.keep])).toEqual([
      ['vm1', true],
      ['vm2', true],
      ['vm3', true],
    ]);
    // The install pass names the prepare it goes on from; the declined host's kept session is released.
    const installs = f.calls.filter((c) => !c.req.dryRun);
    expect(installs.map((c) => c.host)).toEqual(['vm1', 'vm3']);
    expect(installs.every((c) => c.req.resumeFrom !== undefined)).toBe(true);
    expect(released.sort()).toEqual(['vm1', 'vm2', 'vm3']);

    // Plan only and dry runs keep nothing open.
    for (const options of [{ phase: 'prepare' as const }, { dryRun: true }]) {
      const g = fakeFleet();
      await g.drive(new FleetRunner({ startJob: g.startJob, prompts: yes, ...options }).run(hosts(2)));
      expect(g.calls.map((c) => c.req.keep)).toEqual([undefined, undefined]);
    }
  });

  it('plan (--phase prepare) and --dry-run stop after the readiness table', async () => {
    for (const options of [{ phase: 'prepare' as const }, { dryRun: true }]) {
      const f = fakeFleet();
      const run = await f.drive(new FleetRunner({ startJob: f.startJob, prompts: yes, ...options }).run(hosts(4)));
      expect(f.calls.every((c) => c.req.dryRun && c.req.phase === 'prepare')).toBe(true);
      expect(run.hosts.every((h) => h.result === 'ok')).toBe(true);
    }
  });

  it('unknown host keys are confirmed in one prompt; accepted ones are pinned by fingerprint, a changed key fails alone', async () => {
    const fpOf = (n: string) => `SHA256:${n.padEnd(43, 'A')}`;
    const unknownUntilPinned = (name: string) => (req: HostJobRequest) => {
      if (req.fingerprint === fpOf(name)) return okPrepare();
      req.onUnknownHostKey({ keyType: 'ssh-ed25519', fingerprint: fpOf(name) });
      return { report: report('failed', [{ status: 'fail', code: 'SSH_HOST_KEY_UNKNOWN' }]) };
    };
    const f = fakeFleet({
      vm1: { prepare: unknownUntilPinned('vm1') },
      vm3: { prepare: unknownUntilPinned('vm3') },
      vm4: { prepare: () => ({ report: report('failed', [{ status: 'fail', code: 'SSH_HOST_KEY_CHANGED' }]) }) },
    });
    const prompts: string[][] = [];
    const runner = new FleetRunner({
      startJob: f.startJob,
      prompts: { ...yes, confirmHostKeys: async (keys) => (prompts.push(keys.map((k) => k.host)), true) },
    });
    const run = await f.drive(runner.run(hosts(4)));
    expect(prompts).toEqual([['vm1', 'vm3']]);
    expect(run.unknownHostKeys.map((k) => k.fingerprint)).toEqual([fpOf('vm1'), fpOf('vm3')]);
    expect(run.hosts.map((h) => h.result)).toEqual(['ok', 'ok', 'ok', 'failed']);
    expect(run.hosts[3]!.code).toBe('SSH_HOST_KEY_CHANGED');
    expect(f.calls.filter((c) => c.host === 'vm1' && !c.req.dryRun)[0]!.req.fingerprint).toBe(fpOf('vm1'));
  });

  it("a bastion's unknown key is confirmed once for every host behind it, then those hosts' own keys", async () => {
    const bastion = { host: '10.0.9.2', port: 22 };
    const BASTION_FP = `SHA256:${'B'.repeat(43)}`;
    const fpOf = (n: string) => `SHA256:${n.padEnd(43, 'A')}`;
    // Behind the bastion: its key first (the connection goes no further), then the host's own.
    const behindBastion = (name: string) => (req: HostJobRequest) => {
      if (!req.trustedJumpKeys?.includes(`10.0.9.2:22 ${BASTION_FP}`)) {
        req.onUnknownHostKey({ keyType: 'ssh-ed25519', fingerprint: BASTION_FP, jump: bastion });
        return { report: report('failed', [{ status: 'fail', code: 'SSH_HOST_KEY_REJECTED' }]) };
      }
      if (req.fingerprint === fpOf(name)) return okPrepare();
      req.onUnknownHostKey({ keyType: 'ssh-ed25519', fingerprint: fpOf(name) });
      return { report: report('failed', [{ status: 'fail', code: 'SSH_HOST_KEY_REJECTED' }]) };
    };
    const f = fakeFleet({
      vm1: { prepare: behindBastion('vm1') },
      vm2: { prepare: behindBastion('vm2') },
      vm3: {
        prepare: (req) => {
          if (req.fingerprint === fpOf('vm3')) return okPrepare();
          req.onUnknownHostKey({ keyType: 'ssh-ed25519', fingerprint: fpOf('vm3') });
          return { report: report('failed', [{ status: 'fail', code: 'SSH_HOST_KEY_REJECTED' }]) };
        },
      },
    });
    const prompts: [string, string][][] = [];
    const runner = new FleetRunner({
      startJob: f.startJob,
      prompts: {
        ...yes,
        confirmHostKeys: async (keys) => (prompts.push(keys.map((k) => [k.host, k.address])), true),
      },
    });
    const run = await f.drive(runner.run(hosts(3)));
    expect(prompts).toEqual([
      // The bastion once (under the first host behind it, at its own address), with vm3's key.
      [
        ['vm1', '10.0.9.2:22'],
        ['vm3', '10.0.0.3'],
      ],
      // Then the keys the bastion let through, for the hosts behind it only.
      [
        ['vm1', '10.0.0.1'],
        ['vm2', '10.0.0.2'],
      ],
    ]);
    expect(run.hosts.map((h) => h.result)).toEqual(['ok', 'ok', 'ok']);
    expect(run.unknownHostKeys.map((k) => k.fingerprint)).toEqual([BASTION_FP, fpOf('vm3'), fpOf('vm1'), fpOf('vm2')]);
    // The install pass trusts the bastion and pins each host's key.
    const install = f.calls.find((c) => c.host === 'vm2' && !c.req.dryRun)!.req;
    expect([install.trustedJumpKeys, install.fingerprint]).toEqual([[`10.0.9.2:22 ${BASTION_FP}`], fpOf('vm2')]);
    // vm3 was prepared twice (its key), vm1 and vm2 three times (the bastion's, then theirs).
    expect(f.calls.filter((c) => c.req.dryRun).map((c) => c.host)).toEqual([
      'vm1',
      'vm2',
      'vm3',
      'vm1',
      'vm2',
      'vm3',
      'vm1',
      'vm2',
    ]);
  });

  it('declined host keys fail those hosts only', async () => {
    const f = fakeFleet({
      vm2: {
        prepare: (req) => {
          req.onUnknownHostKey({ keyType: 'ssh-ed25519', fingerprint: 'SHA256:x' });
          return { report: report('failed', [{ status: 'fail', code: 'SSH_HOST_KEY_UNKNOWN' }]) };
        },
      },
    });
    const run = await f.drive(
      new FleetRunner({ startJob: f.startJob, prompts: { ...yes, confirmHostKeys: async () => false } }).run(hosts(3)),
    );
    expect(run.hosts.map((h) => [h.result, h.code])).toEqual([
      ['ok', undefined],
      ['failed', 'FLEET_HOST_KEYS_DECLINED'],
      ['ok', undefined],
    ]);
  });

  it('cancelling one host leaves the others running to the end', async () => {
    const f = fakeFleet({ vm2: { hang: 'install' } });
    const runner = new FleetRunner({
      startJob: f.startJob,
      prompts: yes,
      onHost: (h, pass) => {
        if (pass === 'install' && h.name === 'vm1') runner.cancelHost('vm2');
      },
    });
    expect(runner.cancelHost('nosuch')).toBe(false);
    const run = await f.drive(runner.run(hosts(3)));
    expect(run.hosts.map((h) => h.result)).toEqual(['ok', 'cancelled', 'ok']);
    expect(run.result).toBe('cancelled');
  });

  it('cancelling everything mid-fleet leaves every host in a named state; waiting hosts never start', async () => {
    const f = fakeFleet({ vm2: { hang: 'prepare' } });
    const runner = new FleetRunner({
      startJob: f.startJob,
      prompts: yes,
      forks: 2,
      onHost: (h) => {
        if (h.name === 'vm1') runner.cancel();
      },
    });
    const run = await f.drive(runner.run(hosts(6)));
    expect(run.result).toBe('cancelled');
    expect(run.hosts.map((h) => h.result)).toEqual([
      'cancelled',
      'cancelled',
      'cancelled',
      'cancelled',
      'cancelled',
      'cancelled',
    ]);
    expect(f.calls.map((c) => c.host)).toEqual(['vm1', 'vm2']);
  });

  it('a host over its timeout is cancelled and fails with FLEET_HOST_TIMEOUT; the others are unaffected', async () => {
    const f = fakeFleet({ vm2: { hang: 'prepare' } });
    const run = await f.drive(new FleetRunner({ startJob: f.startJob, prompts: yes, hostTimeoutMs: 50 }).run(hosts(3)));
    expect(run.hosts.map((h) => [h.result, h.code])).toEqual([
      ['ok', undefined],
      ['failed', 'FLEET_HOST_TIMEOUT'],
      ['ok', undefined],
    ]);
    expect(run.result).toBe('failed');
  });

  it('retry runs only the failed hosts and keeps the others’ results', async () => {
    let vm2Attempts = 0;
    const f = fakeFleet({
      vm2: {
        prepare: () => {
          vm2Attempts += 1;
          return vm2Attempts === 1
            ? { report: report('failed', [{ status: 'fail', code: 'SSH_CONNECT_TIMEOUT' }]) }
            : okPrepare();
        },
      },
    });
    const runner = new FleetRunner({ startJob: f.startJob, prompts: yes });
    const first = await f.drive(runner.run(hosts(3)));
    expect(first.hosts.map((h) => h.result)).toEqual(['ok', 'failed', 'ok']);
    const before = f.calls.length;
    const second = await f.drive(runner.retryFailed(hosts(3)));
    expect(f.calls.slice(before).map((c) => c.host)).toEqual(['vm2', 'vm2']);
    expect(second.hosts.map((h) => h.result)).toEqual(['ok', 'ok', 'ok']);
    expect(second.result).toBe('ok');
  });

  it('two or more hosts with one ngt_uuid are one clone finding', async () => {
    const f = fakeFleet({
      vm1: { install: () => ({ report: report('ok'), factorySha256: 'a'.repeat(64), ngtUuid: 'same' }) },
      vm2: { install: () => ({ report: report('ok'), factorySha256: 'a'.repeat(64), ngtUuid: 'other' }) },
      vm3: { install: () => ({ report: report('ok'), factorySha256: 'a'.repeat(64), ngtUuid: 'same' }) },
      vm4: { install: () => ({ report: report('ok'), factorySha256: 'a'.repeat(64), ngtUuid: 'same' }) },
    });
    const run = await f.drive(new FleetRunner({ startJob: f.startJob, prompts: yes }).run(hosts(4)));
    expect(run.clones).toEqual([{ ngtUuid: 'same', hosts: ['vm1', 'vm3', 'vm4'] }]);
  });

  it('with a Windows probe, Windows hosts are probed once in the prepare pass and never installed', async () => {
    const f = fakeFleet();
    const probed: string[] = [];
    const probeWindows = (host: FleetHost) => {
      probed.push(host.name);
      const failed = host.name === 'win2';
      const steps = failed
        ? [{ id: 'tcp', status: 'fail' as const, code: 'PROBE_TCP_REFUSED', summary: 'refused' }]
        : [];
      return { done: Promise.resolve({ report: report(failed ? 'failed' : 'ok', steps) }), cancel: () => undefined };
    };
    const list: FleetHost[] = [
      { name: 'win1', address: '10.0.0.8', os: 'windows', port: 5986 },
      ...hosts(2),
      { name: 'win2', address: '10.0.0.9', os: 'windows' },
    ];
    const shown: string[] = [];
    const prompts: FleetPrompts = {
      ...yes,
      showReadiness: (rows) => shown.push(...rows.map((r) => `${r.host}=${r.readiness}`)),
    };
    const run = await f.drive(new FleetRunner({ startJob: f.startJob, probeWindows, prompts }).run(list));
    expect(probed).toEqual(['win1', 'win2']);
    expect(f.calls.map((c) => c.host).filter((n) => n.startsWith('win'))).toEqual([]);
    expect(shown).toEqual(['win1=winrm-ready', 'vm1=will-patch', 'vm2=will-patch', 'win2=winrm-not-ready']);
    expect(run.readiness[3]).toMatchObject({ code: 'PROBE_TCP_REFUSED', reason: 'refused' });
    expect(run.hosts.map((h) => [h.name, h.os, h.result])).toEqual([
      ['win1', 'windows', 'ok'],
      ['vm1', 'linux', 'ok'],
      ['vm2', 'linux', 'ok'],
      ['win2', 'windows', 'failed'],
    ]);
    expect(run.result).toBe('failed');
  });

  it('Windows hosts are skipped by the Linux runner with a code; verify-only runs no prepare', async () => {
    const f = fakeFleet();
    const list = [...hosts(2), { name: 'win1', address: '10.0.0.9', os: 'windows' as const }];
    const run = await f.drive(new FleetRunner({ startJob: f.startJob, prompts: yes, phase: 'verify' }).run(list));
    expect(run.hosts.map((h) => [h.name, h.result, h.code])).toEqual([
      ['vm1', 'ok', undefined],
      ['vm2', 'ok', undefined],
      ['win1', 'skipped', 'FLEET_WINDOWS_NOT_RUN'],
    ]);
    expect(f.calls.every((c) => c.req.phase === 'verify')).toBe(true);
  });

  it('with a Prism Central push: each host goes its way once prepared; the pushed ones leave their SSH session', async () => {
    const released: string[] = [];
    const prepared = (name: string, out: Omit<HostJobOutcome, 'report' | 'resume'>) => (): HostJobOutcome => ({
      report: report('ok', [{ id: 'plan' }]),
      resume: { release: async () => void released.push(name) },
      ...out,
    });
    const f = fakeFleet({
      named: {
        prepare: prepared('named', { factorySha256: 'a'.repeat(64), diff: '', supportDecision: 'supported-as-is' }),
      },
      ubuntu: {
        prepare: prepared('ubuntu', {
          factorySha256: 'b'.repeat(64),
          diff: '',
          supportDecision: 'supported-by-installer',
        }),
      },
      rocky: {
        prepare: prepared('rocky', {
          factorySha256: 'c'.repeat(64),
          diff: '--- a\n+++ b\n',
          supportDecision: 'supported-after-patch',
        }),
      },
      done: {
        prepare: prepared('done', {
          factorySha256: 'd'.repeat(64),
          diff: '',
          alreadyDone: true,
          supportDecision: 'supported-as-is',
        }),
      },
    });
    const probeWindows = (host: FleetHost) => {
      const ready = host.name === 'win-ready';
      const steps = ready ? [{ id: 'identify' }] : [{ id: 'tcp', status: 'fail' as const, code: 'PROBE_TCP_REFUSED' }];
      return { done: Promise.resolve({ report: report(ready ? 'ok' : 'failed', steps) }), cancel: () => undefined };
    };
    const pushed: { host: string; way?: string; prepared: string[]; sshReleased: boolean }[] = [];
    const port = (host: FleetHost, req: HostJobRequest) => {
      pushed.push({
        host: host.name,
        way: req.way,
        prepared: req.prepared?.report.steps.map((s) => s.id) ?? [],
        sshReleased: released.includes(host.name),
      });
      return {
        done: Promise.resolve({ report: report('ok', [{ id: 'pc-link', phase: 'verify' }]) }),
        cancel: () => undefined,
      };
    };
    const list: FleetHost[] = [
      { name: 'named', address: '10.0.0.1' },
      { name: 'ubuntu', address: '10.0.0.2' },
      { name: 'rocky', address: '10.0.0.3' },
      { name: 'done', address: '10.0.0.4' },
      { name: 'win-ready', address: '10.0.0.5', os: 'windows' },
      { name: 'win-closed', address: '10.0.0.6', os: 'windows' },
    ];
    const runner = new FleetRunner({
      startJob: f.startJob,
      probeWindows,
      prompts: yes,
      push: { port, wayOf: (h, out) => installWayOf(h, out, true) },
    });
    const run = await f.drive(runner.run(list));
    expect(pushed).toEqual([
      { host: 'named', way: 'prism-central', prepared: ['plan'], sshReleased: true },
      { host: 'ubuntu', way: 'prism-central', prepared: ['plan'], sshReleased: true },
      { host: 'win-ready', way: 'prism-central', prepared: ['identify'], sshReleased: false },
    ]);
    // The SSH install pass: Rocky with the reason it goes that way, the installed host verified as without a push.
    const installs = f.calls.filter((c) => !c.req.dryRun);
    expect(installs.map((c) => [c.host, c.req.way, c.req.resumeFrom !== undefined])).toEqual([
      ['rocky', 'ssh-installer-does-not-name', true],
      ['done', 'ssh', true],
    ]);
    expect(run.hosts.map((h) => [h.name, h.result, h.readiness, h.report?.steps.at(-1)?.id])).toEqual([
      ['named', 'ok', 'will-install', 'pc-link'],
      ['ubuntu', 'ok', 'will-install', 'pc-link'],
      // The fake SSH job's install report has no steps of its own.
      ['rocky', 'ok', 'will-patch', undefined],
      ['done', 'ok', 'already-done', undefined],
      ['win-ready', 'ok', 'winrm-ready', 'pc-link'],
      ['win-closed', 'failed', 'winrm-not-ready', 'tcp'],
    ]);
  });

  it('routing: a host without a Prism Central VM is never pushed, and the prepare decides the rest', () => {
    const linux: FleetHost = { name: 'a', address: '10.0.0.1' };
    const out = (supportDecision: HostJobOutcome['supportDecision'], alreadyDone = false): HostJobOutcome => ({
      report: report('ok'),
      supportDecision,
      alreadyDone,
    });
    expect(installWayOf(linux, out('supported-as-is'), false)).toBe('ssh');
    expect(installWayOf({ ...linux, os: 'windows' }, undefined, false)).toBe('ssh');
    expect(installWayOf({ ...linux, os: 'windows' }, undefined, true)).toBe('prism-central');
    expect(installWayOf(linux, out('supported-as-is'), true)).toBe('prism-central');
    expect(installWayOf(linux, out('supported-by-installer'), true)).toBe('prism-central');
    expect(installWayOf(linux, out('supported-after-patch'), true)).toBe('ssh-installer-does-not-name');
    expect(installWayOf(linux, out('supported-as-is', true), true)).toBe('ssh');
    expect(installWayOf(linux, out('unrecognised'), true)).toBe('ssh');
    expect(installWayOf(linux, undefined, true)).toBe('ssh');
  });
});
