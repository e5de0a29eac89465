/**
 * The fleet as one wizard job: an inventory step (every problem at once,
 * nothing runs while one is left unless the person skips the bad hosts;
 * logins per distinct user) and a fleet step that drives FleetRunner over the
 * single-VM Linux job per host. The runner's questions go through the job's
 * prompts (all unknown host keys in one, one diff per distinct
 * installer_factory.py); each host's own job events and results reach the
 * board as fleet events. Passwords stay here, in main: they are the job's
 * secrets, redacted from every event and report. Finished fleets are kept
 * (FleetSessions) so the board can retry the failed hosts, cancel one host
 * and save the fleet report.
 */
import { NgtError } from '../engine/errors';
import type { JobDefinition, StepContext, Translate } from '../engine/job';
import type { Ports } from '../engine/ports';
import type { FleetHostInfo, JobEvent, StepOutcome } from '../engine/types';
import { jsonFileText } from '../report/report';
import { prepareFleet, type FleetInventoryDeps } from './fleetBoardInventory';
import type { FleetJobParams } from './fleetJobParams';
import { buildFleetReport, fleetReportCsv } from './fleetReport';
import { renderFleetReportHtml } from './fleetReportHtml';
import { FleetRunner, type FleetHost, type FleetRun, type HostJobPort } from './fleetRunner';
import { linuxHostJobPort, type LinuxFleetHostConfig, type LinuxHostJobOptions } from './linuxHostJob';

export const FLEET_JOB_KIND = 'fleet';
export const FLEET_RETRY_JOB_KIND = 'fleet-retry';
const KEEP_FLEETS = 10;

/** Where the running fleet step is: the runner's prompts and events go to the job that drives it now. */
interface FleetSink {
  ctx: StepContext<unknown>;
}

export interface FleetSession {
  readonly runner: FleetRunner;
  readonly hosts: FleetHost[];
  readonly tool: { name: string; version: string };
  readonly lang: string;
  /** The passwords it was given: a retry's secrets too. */
  readonly secrets: string[];
  /** When a host is done: after its prepare pass (a plan) or after install (the board's rule). */
  readonly boardPhase: 'prepare' | 'all';
  sink?: FleetSink;
  /** The pass in progress or the last one; settles with every host in a named state. */
  run?: Promise<FleetRun>;
}

export type FleetExportFormat = 'json' | 'html' | 'csv';
const MIME: Record<FleetExportFormat, string> = { json: 'application/json', html: 'text/html', csv: 'text/csv' };

/** The fleets of this process by job id (a retry is a new job over the same session). */
export class FleetSessions {
  private readonly byJob = new Map<string, FleetSession>();

  add(jobId: string, session: FleetSession): void {
    this.byJob.set(jobId, session);
    const ids = [...this.byJob.keys()];
    for (const id of ids.slice(0, Math.max(0, ids.length - KEEP_FLEETS))) this.byJob.delete(id);
  }

  get(jobId: string): FleetSession {
    const session = this.byJob.get(jobId);
    if (!session) throw new NgtError('FLEET_NOT_FOUND', `No fleet job ${jobId}.`, { category: 'usage' });
    return session;
  }

  cancelHost(jobId: string, host: string): boolean {
    return this.get(jobId).runner.cancelHost(host);
  }

  /** The fleet report of the job's run, once every host has ended. */
  async exportReport(
    jobId: string,
    format: FleetExportFormat,
    t: Translate,
  ): Promise<{ fileName: string; mimeType: string; content: string }> {
    const session = this.get(jobId);
    if (!session.run) throw new NgtError('FLEET_NOT_RUN', 'The fleet has not run yet.', { category: 'usage' });
    const report = buildFleetReport(await session.run, session.tool, session.lang);
    const content =
      format === 'json'
        ? jsonFileText(report)
        : format === 'html'
          ? renderFleetReportHtml(report, t)
          : fleetReportCsv(report);
    const stamp = report.startedAt.replace(/[:.]/g, '-').replace(/-\d{3}Z$/, 'Z');
    return { fileName: `ngt-prep-fleet-${stamp}.${format}`, mimeType: MIME[format], content };
  }
}

export interface FleetJobDeps {
  t: Translate;
  ports: Ports;
  lang: string;
  tool: { name: string; version: string };
  sessions: FleetSessions;
  knownHostsPath: string;
  /** The per-host job (tests pass a stand-in); the single-VM Linux job otherwise. */
  hostJobPort?: (options: LinuxHostJobOptions) => HostJobPort;
}

interface FleetJobState {
  session?: FleetSession;
}

function hostInfo(h: { name: string; address: string; os?: 'linux' | 'windows'; groups?: string[] }): FleetHostInfo {
  return { name: h.name, address: h.address, os: h.os ?? 'linux', groups: h.groups ?? [] };
}

/** The fleet step's outcome from the run: the counts, and fail when a host failed. */
function fleetOutcome(t: Translate, run: FleetRun): StepOutcome {
  const counts = { ok: 0, warn: 0, failed: 0, cancelled: 0, skipped: 0 };
  for (const h of run.hosts) counts[h.result] += 1;
  const summary = t('fleetBoard.job.summary', { ...counts, count: run.hosts.length });
  if (run.result === 'cancelled') return { status: 'skipped', summary, code: 'CANCELLED', data: { counts } };
  if (run.result === 'failed')
    return {
      status: 'fail',
      summary,
      code: 'FLEET_HOSTS_FAILED',
      remediation: t('fleetBoard.job.failedRemediation'),
      data: { counts },
    };
  if (run.result === 'warn')
    return { status: 'warn', summary, remediation: t('fleetBoard.job.warnRemediation'), data: { counts } };
  return { status: 'ok', summary, data: { counts } };
}

/** Drives one pass of the session from the current step: prompts, events, cancel. */
async function drive(
  ctx: StepContext<unknown>,
  session: FleetSession,
  pass: () => Promise<FleetRun>,
  retryOf?: string,
) {
  session.sink = { ctx };
  ctx.publish({ type: 'fleet-hosts', hosts: session.hosts.map(hostInfo), phase: session.boardPhase, retryOf });
  const stop = () => session.runner.cancel();
  ctx.signal.addEventListener('abort', stop, { once: true });
  session.run = pass();
  try {
    return fleetOutcome(ctx.t, await session.run);
  } finally {
    ctx.signal.removeEventListener('abort', stop);
  }
}

function newSession(
  hosts: FleetHost[],
  configs: Map<string, LinuxFleetHostConfig>,
  params: FleetJobParams,
  deps: FleetJobDeps,
): FleetSession {
  const { t } = deps;
  const sink = () => session.sink?.ctx;
  // A question the job can no longer ask (cancelled) is a no.
  const ask = async (prompt: Parameters<StepContext<unknown>['ask']>[0]) => {
    const ctx = sink();
    if (!ctx) return false;
    try {
      return (await ctx.ask(prompt)).accept;
    } catch {
      return false;
    }
  };
  const port = (deps.hostJobPort ?? linuxHostJobPort)({
    configFor: (h) => configs.get(h.name)!,
    knownHostsPath: deps.knownHostsPath,
    acceptNew: false,
    jumpKeysInBulk: true,
    engine: { lang: deps.lang, t, ports: deps.ports, tool: deps.tool },
    onEvent: (host, event: JobEvent) => {
      // The SSH negotiation and commands stay out of the board, as on the single-VM pages.
      if (event.type === 'log' && event.level === 'debug') return;
      sink()?.publish({ type: 'fleet-host', host: host.name, event });
    },
  });
  const runner = new FleetRunner({
    startJob: port,
    forks: params.forks,
    hostTimeoutMs: params.hostTimeoutSec === undefined ? undefined : params.hostTimeoutSec * 1000,
    phase: params.phase,
    onHost: (h, pass) =>
      sink()?.publish({
        type: 'fleet-host-result',
        host: h.name,
        pass,
        result: h.result,
        code: h.code,
        reason: h.reason,
        readiness: h.readiness,
        durationMs: Math.round(h.durationMs),
      }),
    prompts: {
      confirmHostKeys: (keys) =>
        ask({
          kind: 'host-keys',
          keys: keys.map((k) => ({
            host: k.host,
            address: k.jump ? t('fleetBoard.hostKeys.viaBastion', { address: k.address }) : k.address,
            keyType: k.keyType,
            fingerprint: k.fingerprint,
          })),
        }),
      approveDiff: (group) =>
        ask({
          kind: 'confirm-plan',
          title: t('fleetBoard.job.diffTitle', { count: group.hosts.length }),
          summary: t('fleetBoard.job.diffSummary', {
            count: group.hosts.length,
            sha: group.factorySha256,
            hosts: group.hosts.join(', '),
          }),
          diff: group.diff,
        }),
      showReadiness: (rows, clones) =>
        sink()?.publish({
          type: 'fleet-readiness',
          rows: rows.map((r) => ({ ...r })),
          clones: clones.map((c) => ({ ngtUuid: c.ngtUuid, hosts: [...c.hosts] })),
        }),
    },
  });
  const session: FleetSession = {
    runner,
    hosts,
    tool: deps.tool,
    lang: deps.lang,
    secrets: [...params.passwords, ...params.sudoPasswords].map((p) => p.password),
    boardPhase: params.phase === 'prepare' ? 'prepare' : 'all',
  };
  return session;
}

export function createFleetJob(params: FleetJobParams, deps: FleetJobDeps): JobDefinition<FleetJobState> {
  const { t } = deps;
  const passwords = new Map(params.passwords.map((p) => [p.user, p.password]));
  const sudoPasswords = new Map(params.sudoPasswords.map((p) => [p.user, p.password]));
  const secrets = [...params.passwords, ...params.sudoPasswords].map((p) => p.password);
  const inventoryDeps: FleetInventoryDeps = {
    t,
    environment: deps.ports.environment,
    readFile: (p) => deps.ports.fs.readFile(p),
    knownHostsPath: deps.knownHostsPath,
  };
  const phase = params.phase === 'prepare' ? 'prepare' : 'install';
  return {
    kind: FLEET_JOB_KIND,
    target: params.inventory.file ?? t('fleetBoard.job.pastedTarget'),
    state: {},
    secrets,
    steps: [
      {
        id: 'inventory',
        phase: 'prepare',
        title: t('fleetBoard.job.inventoryStep'),
        gate: true,
        async run(ctx) {
          const prepared = await prepareFleet(
            params,
            (user) => {
              const pw = passwords.get(user);
              if (pw === undefined)
                throw new NgtError('FLEET_PASSWORD_MISSING', t('fleetBoard.job.passwordMissing', { user }), {
                  category: 'usage',
                  remediation: t('fleetBoard.job.passwordMissingRemediation'),
                });
              return pw;
            },
            inventoryDeps,
            (user) => sudoPasswords.get(user),
          );
          if (prepared.problems.length > 0 && (!params.skipBadHosts || prepared.fileProblems)) {
            const count = prepared.problems.length;
            throw new NgtError('USAGE_INVENTORY_INVALID', t('fleet.inventory.invalid.message', { count }), {
              category: 'usage',
              remediation: t('fleet.inventory.invalid.remediation', { count }),
              detail: prepared.problems
                .map((p) => `${p.where}: ${p.host ? `${p.host}: ` : ''}${p.message} ${p.remediation}`)
                .join('\n'),
            });
          }
          if (prepared.hosts.length === 0)
            throw new NgtError('FLEET_NO_HOSTS', t('fleetBoard.job.noHosts'), {
              category: 'usage',
              remediation: t('fleetBoard.job.noHostsRemediation'),
            });
          const configs = new Map<string, LinuxFleetHostConfig>([...prepared.logins]);
          const hosts = prepared.hosts.map((h) => ({ ...hostInfo(h), os: h.os }));
          ctx.state.session = newSession(hosts, configs, params, deps);
          deps.sessions.add(ctx.jobId, ctx.state.session);
          const skipped = prepared.inventory.hosts.length - prepared.hosts.length;
          return {
            status: skipped > 0 ? 'warn' : 'ok',
            summary: t('fleetBoard.job.inventoryReady', { count: hosts.length, skipped }),
            remediation: skipped > 0 ? t('fleetBoard.job.skippedRemediation') : undefined,
            data: { hosts: hosts.length, skipped },
          };
        },
      },
      {
        id: 'fleet',
        phase,
        title: t(params.phase === 'prepare' ? 'fleetBoard.job.prepareStep' : 'fleetBoard.job.installStep'),
        run: (ctx) => {
          const session = ctx.state.session!;
          return drive(ctx as StepContext<unknown>, session, () => session.runner.run(session.hosts));
        },
      },
    ],
  };
}

/** The same fleet, its credentials and its last run: only the failed hosts again. */
export function createFleetRetryJob(retryOf: string, deps: FleetJobDeps): JobDefinition<FleetJobState> {
  const session = deps.sessions.get(retryOf);
  return {
    kind: FLEET_RETRY_JOB_KIND,
    target: deps.t('fleetBoard.job.retryTarget'),
    state: { session },
    secrets: session.secrets,
    steps: [
      {
        id: 'fleet',
        phase: 'install',
        title: deps.t('fleetBoard.job.retryStep'),
        async run(ctx) {
          if (session.run) await session.run.catch(() => undefined);
          deps.sessions.add(ctx.jobId, session);
          return drive(ctx as StepContext<unknown>, session, () => session.runner.retryFailed(session.hosts), retryOf);
        },
      },
    ],
  };
}
