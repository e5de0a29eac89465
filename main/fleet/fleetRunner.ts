/**
 * The fleet as one job of jobs: the single-VM Linux job per host (through an
 * injected HostJobPort), at most `forks` at a time, in passes — prepare for
 * every host (read-only), host keys confirmed in bulk, one readiness table,
 * one diff approval per distinct installer_factory.py (by sha256), then
 * install and verify. Cancel all or one host, per-host timeouts, retry only
 * the failed hosts; every host ends in a named state. Each host is prepared
 * once: when an install pass follows, the prepare pass is kept open
 * (HostJobRequest.keep) and the install pass goes on from it (resumeFrom);
 * whatever no pass went on from is released when the run ends. With a
 * Prism Central push (options.push), the install pass sends each host its
 * way (the push port or the SSH job), Windows hosts whose probe passed too.
 * Pure orchestration.
 */
import {
  DEFAULT_FORKS,
  FLEET_CODES,
  type FleetPhase,
  type Readiness,
  type FleetHost,
  type HostKeySeen,
  type HostJobOutcome,
  type HostJobHandle,
  type HostJobPort,
  type HostResume,
  type InstallWay,
  type UnknownHostKey,
  type DiffGroup,
  type ReadinessRow,
  type HostRun,
  type FleetRun,
  type FleetRunnerOptions,
  jumpKeyId,
} from './fleetTypes';
import { cloneFindings, firstFailure, fleetResultOf, pool, readinessOf, resultOfReport, whyNot } from './fleetResults';
import { MAX_JUMP_HOPS } from '../linux/ssh/sshConfigResolve';

export * from './fleetTypes';
export { cloneFindings, fleetResultOf } from './fleetResults';

interface Slot {
  handle?: HostJobHandle;
  cancelled: boolean;
  timedOut: boolean;
}

export class FleetRunner {
  private readonly slots = new Map<string, Slot>();
  private cancelledAll = false;
  private readonly forks: number;
  private readonly now: () => Date;
  private last?: FleetRun;

  constructor(private readonly options: FleetRunnerOptions) {
    this.forks = Math.max(1, Math.floor(options.forks ?? DEFAULT_FORKS));
    this.now = options.now ?? (() => new Date());
  }

  /** Cancels every running and waiting host. */
  cancel(): void {
    this.cancelledAll = true;
    for (const slot of this.slots.values()) {
      slot.cancelled = true;
      slot.handle?.cancel();
    }
  }

  /** Cancels one host; the others go on. False when the host is not part of the run. */
  cancelHost(name: string): boolean {
    const slot = this.slots.get(name);
    if (!slot) return false;
    slot.cancelled = true;
    slot.handle?.cancel();
    return true;
  }

  /** Runs again, exactly as before, for the hosts whose last result was failed; the others keep theirs. */
  async retryFailed(hosts: FleetHost[]): Promise<FleetRun> {
    const previous = this.last;
    if (!previous) return this.run(hosts);
    const failed = new Set(previous.hosts.filter((h) => h.result === 'failed').map((h) => h.name));
    const again = await this.run(hosts.filter((h) => failed.has(h.name)));
    const byName = new Map(again.hosts.map((h) => [h.name, h]));
    const merged = previous.hosts.map((h) => byName.get(h.name) ?? h);
    const run: FleetRun = {
      ...again,
      startedAt: previous.startedAt,
      hosts: merged,
      result: fleetResultOf(merged, again.result === 'cancelled'),
      clones: cloneFindings(merged),
    };
    this.last = run;
    return run;
  }

  async run(hosts: FleetHost[]): Promise<FleetRun> {
    const kept: HostResume[] = [];
    try {
      return await this.runPasses(hosts, kept);
    } finally {
      // Hosts that never went on to install (declined, cancelled, cannot, plan only): close what their prepare kept.
      await Promise.all(kept.map((k) => k.release().catch(() => undefined)));
    }
  }

  private async runPasses(hosts: FleetHost[], kept: HostResume[]): Promise<FleetRun> {
    const { prompts } = this.options;
    const phase = this.options.phase ?? 'all';
    const dryRun = this.options.dryRun === true;
    const startedAt = this.now();
    this.cancelledAll = false;
    this.slots.clear();
    for (const h of hosts) this.slots.set(h.name, { cancelled: false, timedOut: false });
    const fingerprints: Record<string, string> = { ...this.options.fingerprints };
    const trustedJumpKeys: string[] = [];
    const runs = new Map<string, HostRun>();
    const set = (run: HostRun, pass: 'prepare' | 'install') => {
      runs.set(run.name, run);
      this.options.onHost?.(run, pass);
    };

    const linux: FleetHost[] = [];
    const windows: FleetHost[] = [];
    for (const h of hosts) {
      if (h.os !== 'windows') linux.push(h);
      else if (this.options.probeWindows) windows.push(h);
      else set({ ...this.base(h), result: 'skipped', code: FLEET_CODES.windows, durationMs: 0 }, 'prepare');
    }
    // A Windows host's one pass is its probe, whichever phase: its readiness comes from the probe's report.
    const probed = (h: FleetHost, out: HostJobOutcome | undefined, ms: number, slot: Slot) => {
      const r = this.hostRun(h, out, ms, slot);
      r.readiness = r.result === 'cancelled' ? 'cancelled' : r.result === 'failed' ? 'winrm-not-ready' : 'winrm-ready';
      set(r, 'prepare');
    };

    const outcomes = new Map<string, HostJobOutcome>();
    const unknown: UnknownHostKey[] = [];
    const readiness: ReadinessRow[] = [];
    const diffGroups: DiffGroup[] = [];
    const installPassed = new Set<string>();
    const pushedWindows: FleetHost[] = [];
    const finish = (): FleetRun => {
      // Cancelled before its install pass: a host prepared for an install that never came is cancelled too.
      if (this.cancelledAll && phase !== 'prepare' && phase !== 'verify' && !dryRun)
        for (const h of [...linux, ...pushedWindows]) {
          const r = runs.get(h.name)!;
          if (!installPassed.has(h.name) && (r.result === 'ok' || r.result === 'warn'))
            runs.set(h.name, { ...r, result: 'cancelled', code: FLEET_CODES.cancelled });
        }
      const ordered = hosts.map((h) => runs.get(h.name)!);
      const run: FleetRun = {
        startedAt,
        finishedAt: this.now(),
        phase,
        dryRun,
        result: fleetResultOf(ordered, this.cancelledAll),
        hosts: ordered,
        readiness,
        diffGroups,
        clones: cloneFindings(ordered),
        unknownHostKeys: unknown,
      };
      this.last = run;
      return run;
    };
    const record = (h: FleetHost, pass: 'prepare' | 'install', r: HostRun) => {
      if (pass === 'install') installPassed.add(h.name);
      set(r, pass);
    };

    // verify only: no prepare, no plan; the verify steps say what is there.
    if (phase === 'verify') {
      await this.pass(
        [...linux, ...windows],
        { phase: 'verify', dryRun: false, fingerprints, trustedJumpKeys },
        (h, out, ms, slot) =>
          h.os === 'windows' ? probed(h, out, ms, slot) : record(h, 'install', this.hostRun(h, out, ms, slot)),
      );
      return finish();
    }

    // ---------------------------------------------------------------- prepare, read-only
    // Kept open for the install pass when one follows, so no host is prepared twice.
    const keep = phase !== 'prepare' && !dryRun;
    const prepare = async (list: FleetHost[], seen: (h: FleetHost, key: HostKeySeen) => void) =>
      this.pass(
        list,
        { phase: 'prepare', dryRun: true, fingerprints, trustedJumpKeys, onUnknownHostKey: seen, keep },
        (h, out, ms, slot) => {
          if (out) outcomes.set(h.name, out);
          if (h.os === 'windows') return probed(h, out, ms, slot);
          if (out?.resume) kept.push(out.resume);
          record(h, 'prepare', this.hostRun(h, out, ms, slot));
        },
      );
    // The hosts that met an unknown key, and the keys to confirm: a bastion's once, whichever
    // hosts are behind it (listed under the first of them, at the bastion's address).
    let met = new Set<string>();
    let pending: UnknownHostKey[] = [];
    const seen = (h: FleetHost, key: HostKeySeen) => {
      met.add(h.name);
      const id = key.jump && jumpKeyId(key.jump, key.fingerprint);
      if (id && pending.some((k) => k.jump && jumpKeyId(k.jump, k.fingerprint) === id)) return;
      pending.push({ host: h.name, address: key.jump ? `${key.jump.host}:${key.jump.port}` : h.address, ...key });
    };
    await prepare([...linux, ...windows], seen);
    // Listed in inventory order, whichever answered first.
    const order = new Map(hosts.map((h, i) => [h.name, i]));
    // A host behind a bastion shows its own key only once the bastion is trusted: a further
    // confirmation, for those hosts only (never more rounds than a chain of bastions has hops).
    for (let round = 0; pending.length > 0 && !this.cancelledAll && round <= MAX_JUMP_HOPS; round++) {
      pending.sort((a, b) => order.get(a.host)! - order.get(b.host)!);
      unknown.push(...pending);
      const again = met;
      if (!(await prompts.confirmHostKeys(pending))) {
        for (const name of again) {
          const r = runs.get(name)!;
          set({ ...r, result: 'failed', code: FLEET_CODES.hostKeysDeclined }, 'prepare');
        }
        break;
      }
      for (const k of pending)
        if (k.jump) trustedJumpKeys.push(jumpKeyId(k.jump, k.fingerprint));
        else fingerprints[k.host] = k.fingerprint;
      met = new Set();
      pending = [];
      await prepare(
        linux.filter((h) => again.has(h.name)),
        seen,
      );
    }

    for (const h of hosts) {
      const r = runs.get(h.name)!;
      if (h.os === 'windows') {
        if (r.readiness) readiness.push({ host: h.name, address: h.address, readiness: r.readiness, ...whyNot(r) });
        continue;
      }
      const out = outcomes.get(h.name);
      const level: Readiness = out && r.result !== 'cancelled' ? readinessOf(out) : 'cancelled';
      r.readiness = level;
      readiness.push({
        host: h.name,
        address: h.address,
        readiness: level,
        code: level === 'cannot' ? r.code : undefined,
        reason: level === 'cannot' ? r.reason : undefined,
        factorySha256: out?.factorySha256,
      });
      if (level === 'will-patch' && out?.factorySha256) {
        const group = diffGroups.find((g) => g.factorySha256 === out.factorySha256);
        if (group) group.hosts.push(h.name);
        else diffGroups.push({ factorySha256: out.factorySha256, diff: out.diff ?? '', hosts: [h.name] });
      }
    }
    prompts.showReadiness?.(
      readiness,
      cloneFindings(linux.map((h) => ({ name: h.name, ngtUuid: outcomes.get(h.name)?.ngtUuid }))),
    );
    if (phase === 'prepare' || dryRun || this.cancelledAll) return finish();

    // ---------------------------------------------------------------- one approval per distinct factory
    const approved = new Set<string>();
    for (const group of diffGroups) {
      if (this.cancelledAll) break;
      if (await prompts.approveDiff(group)) approved.add(group.factorySha256);
      else
        for (const name of group.hosts) {
          const r = runs.get(name)!;
          set({ ...r, result: 'skipped', code: FLEET_CODES.diffDeclined }, 'prepare');
        }
    }

    // ---------------------------------------------------------------- install and verify
    const installable = linux.filter((h) => {
      const level = runs.get(h.name)!.readiness;
      const sha = outcomes.get(h.name)?.factorySha256;
      if (level === 'will-patch') return sha !== undefined && approved.has(sha);
      return level === 'will-install' || level === 'already-done';
    });
    // With a Prism Central push: each host's way, and the Windows hosts whose probe passed go too.
    const { push } = this.options;
    const ways = new Map<string, InstallWay>();
    const pushes = (h: FleetHost) => ways.get(h.name) === 'prism-central';
    if (push) {
      const ready = windows.filter((h) => runs.get(h.name)!.readiness === 'winrm-ready');
      for (const h of [...installable, ...ready]) ways.set(h.name, push.wayOf(h, outcomes.get(h.name)));
      pushedWindows.push(...ready.filter(pushes));
      installable.push(...pushedWindows);
    }
    // A host pushed through Prism Central needs no SSH session of its prepare any more.
    await Promise.all(
      installable.filter(pushes).map((h) =>
        outcomes
          .get(h.name)
          ?.resume?.release()
          .catch(() => undefined),
      ),
    );
    const refusedPlan = new Set<string>();
    await this.pass(
      installable,
      {
        phase,
        dryRun: false,
        fingerprints,
        trustedJumpKeys,
        portFor: (h) => (push && pushes(h) ? push.port : undefined),
        wayOf: (h) => ways.get(h.name),
        preparedOf: (h) => outcomes.get(h.name),
        resumeFrom: (h) => (pushes(h) ? undefined : outcomes.get(h.name)?.resume),
        confirmPlan: (h, sha) => {
          const out = outcomes.get(h.name);
          // The factory must still be the one whose diff was approved (or still need no patch).
          const same = sha === out?.factorySha256 && (out?.diff ? approved.has(sha ?? '') : true);
          if (!same) refusedPlan.add(h.name);
          return same;
        },
      },
      (h, out, ms, slot) => {
        const r = this.hostRun(h, out, ms, slot);
        const prior = runs.get(h.name)!;
        if (refusedPlan.has(h.name)) Object.assign(r, { result: 'failed', code: FLEET_CODES.factoryChanged });
        // The host's time is both passes' (the install pass's report replays the prepare in no time).
        record(h, 'install', {
          ...r,
          readiness: prior.readiness,
          ngtUuid: r.ngtUuid ?? prior.ngtUuid,
          durationMs: prior.durationMs + r.durationMs,
        });
      },
    );
    return finish();
  }

  private base(h: FleetHost): Pick<HostRun, 'name' | 'address' | 'os'> {
    return { name: h.name, address: h.address, os: h.os ?? 'linux' };
  }

  private hostRun(h: FleetHost, out: HostJobOutcome | undefined, ms: number, slot: Slot): HostRun {
    if (slot.timedOut)
      return { ...this.base(h), result: 'failed', code: FLEET_CODES.timeout, report: out?.report, durationMs: ms };
    if (!out || (slot.cancelled && out.report.result !== 'ok' && out.report.result !== 'warn'))
      return { ...this.base(h), result: 'cancelled', code: FLEET_CODES.cancelled, report: out?.report, durationMs: ms };
    const result = resultOfReport(out.report);
    return {
      ...this.base(h),
      result,
      ...(result === 'failed' ? firstFailure(out.report) : {}),
      ...(result === 'cancelled' ? { code: FLEET_CODES.cancelled } : {}),
      factorySha256: out.factorySha256,
      ngtUuid: out.ngtUuid,
      report: out.report,
      durationMs: ms,
    };
  }

  /** One pass over `list`, `forks` at a time; a host cancelled before its turn never starts. */
  private async pass(
    list: FleetHost[],
    request: {
      phase: FleetPhase;
      dryRun: boolean;
      fingerprints: Record<string, string>;
      trustedJumpKeys: readonly string[];
      onUnknownHostKey?: (h: FleetHost, key: HostKeySeen) => void;
      confirmPlan?: (h: FleetHost, sha: string | undefined) => boolean;
      keep?: boolean;
      resumeFrom?: (h: FleetHost) => HostResume | undefined;
      /** Another port than the OS's for this host (the Prism Central push). */
      portFor?: (h: FleetHost) => HostJobPort | undefined;
      wayOf?: (h: FleetHost) => InstallWay | undefined;
      preparedOf?: (h: FleetHost) => HostJobOutcome | undefined;
    },
    done: (h: FleetHost, out: HostJobOutcome | undefined, ms: number, slot: Slot) => void,
  ): Promise<void> {
    await pool(list, this.forks, async (h) => {
      const slot = this.slots.get(h.name)!;
      slot.timedOut = false;
      if (slot.cancelled || this.cancelledAll) {
        slot.cancelled = true;
        done(h, undefined, 0, slot);
        return;
      }
      const started = this.now().getTime();
      const port =
        request.portFor?.(h) ??
        (h.os === 'windows' && this.options.probeWindows ? this.options.probeWindows : this.options.startJob);
      const way = request.wayOf?.(h);
      const prepared = request.preparedOf?.(h);
      const handle = port(h, {
        phase: request.phase,
        dryRun: request.dryRun,
        fingerprint: request.fingerprints[h.name],
        ...(request.trustedJumpKeys.length > 0 ? { trustedJumpKeys: [...request.trustedJumpKeys] } : {}),
        confirmPlan: (sha) => request.confirmPlan?.(h, sha) ?? false,
        onUnknownHostKey: (key) => request.onUnknownHostKey?.(h, key),
        ...(request.keep ? { keep: true } : {}),
        ...(request.resumeFrom?.(h) ? { resumeFrom: request.resumeFrom(h) } : {}),
        ...(way ? { way } : {}),
        ...(prepared ? { prepared } : {}),
      });
      slot.handle = handle;
      const timeoutMs = this.options.hostTimeoutMs;
      const timer =
        timeoutMs !== undefined && timeoutMs > 0
          ? setTimeout(() => {
              slot.timedOut = true;
              handle.cancel();
            }, timeoutMs)
          : undefined;
      let out: HostJobOutcome | undefined;
      try {
        out = await handle.done;
      } catch {
        out = undefined;
      } finally {
        if (timer) clearTimeout(timer);
        slot.handle = undefined;
      }
      done(h, out, this.now().getTime() - started, slot);
    });
  }
}
