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
import type { PrismCentralConnection } from '../cluster/prismCentral/connectPrismCentral';
import { parseBoardInventory, prepareInventory, type FleetInventoryDeps } from './fleetBoardInventory';
import type { FleetJobParams } from './fleetJobParams';
import { buildFleetReport, fleetReportCsv } from './fleetReport';
import { renderFleetReportHtml } from './fleetReportHtml';
import { FleetRunner, type FleetHost, type FleetRun, type FleetRunnerOptions, type HostJobPort } from './fleetRunner';
import { loadPcInventory, pcLinkOf, pcSourceConnectStep, type FleetPrismCentralDeps } from './fleetPrismCentralSource';
import { linuxHostJobPort, type LinuxFleetHostConfig, type LinuxHostJobOptions } from './linuxHostJob';
import { withPrismCentralLink } from './prismCentralLink';
import type { PcClient } from '../cluster/prismCentral/httpClient';
import { PUSH_TASK_TIMEOUT_MS } from '../cluster/prismCentral/pushGuestTools';
import type { InventoryHost } from './inventory/inventoryModel';
import { fleetPush } from './pcPushHostJob';

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
  /** A fleet whose hosts come from Prism Central (params.source) connects with these; params.pcPush pushes there. */
  prismCentral?: FleetPrismCentralDeps;
  /** Between two reads of a push's task or guest tools (default 2 s). */
  pushPollIntervalMs?: number;
}

interface FleetJobState {
  session?: FleetSession;
  /** The Prism Central source's connection (its connect step). */
  connection?: PrismCentralConnection;
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

/** params.pcPush: the runner's push through Prism Central, each host with its own login's credential, else the fleet's. */
function pushOf(
  params: FleetJobParams,
  client: PcClient | undefined,
  hosts: InventoryHost[],
  configs: Map<string, LinuxFleetHostConfig>,
  engine: LinuxHostJobOptions['engine'],
  onEvent: LinuxHostJobOptions['onEvent'],
  pollIntervalMs: number | undefined,
): FleetRunnerOptions['push'] {
  const push = params.pcPush;
  if (!push || !client) return undefined;
  return fleetPush({
    client,
    settings: {
      reboot: push.reboot,
      waitReachableMs: push.waitReachableSec * 1000,
      taskTimeoutMs: PUSH_TASK_TIMEOUT_MS,
      pollIntervalMs: pollIntervalMs ?? 2000,
    },
    hosts,
    loginOf: (name) => configs.get(name)?.params,
    fleetWide:
      push.guestUser && push.guestPassword ? { username: push.guestUser, password: push.guestPassword } : undefined,
    engine,
    onEvent,
  });
}

function newSession(
  hosts: FleetHost[],
  configs: Map<string, LinuxFleetHostConfig>,
  params: FleetJobParams,
  deps: FleetJobDeps,
  inventory: InventoryHost[] = [],
  pushClient?: PcClient,
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
  const engine = { lang: deps.lang, t, ports: deps.ports, tool: deps.tool };
  const onEvent = (host: FleetHost, event: JobEvent) => {
    // The SSH negotiation and commands stay out of the board, as on the single-VM pages.
    if (event.type === 'log' && event.level === 'debug') return;
    sink()?.publish({ type: 'fleet-host', host: host.name, event });
  };
  const port = (deps.hostJobPort ?? linuxHostJobPort)({
    configFor: (h) => configs.get(h.name)!,
    knownHostsPath: deps.knownHostsPath,
    acceptNew: false,
    // Hosts from Prism Central ask it for their link in verify, with the certificate pinned there.
    prismCentral: params.source && deps.prismCentral ? { trustFile: deps.prismCentral.trustFile } : undefined,
    jumpKeysInBulk: true,
    engine,
    onEvent,
  });
  const runner = new FleetRunner({
    startJob: port,
    forks: params.forks,
    hostTimeoutMs: params.hostTimeoutSec === undefined ? undefined : params.hostTimeoutSec * 1000,
    phase: params.phase,
    push: pushOf(params, pushClient, inventory, configs, engine, onEvent, deps.pushPollIntervalMs),
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
    secrets: fleetSecrets(params),
    boardPhase: params.phase === 'prepare' ? 'prepare' : 'all',
  };
  return session;
}

/** The job's secrets: the hosts' login and sudo passwords, Prism Central's when the hosts come from it, the push's. */
function fleetSecrets(params: FleetJobParams): string[] {
  return [
    ...[...params.passwords, ...params.sudoPasswords].map((p) => p.password),
    ...(params.source ? [params.source.connect.password] : []),
    ...(params.pcPush?.guestPassword ? [params.pcPush.guestPassword] : []),
  ];
}

export function createFleetJob(params: FleetJobParams, deps: FleetJobDeps): JobDefinition<FleetJobState> {
  const { t } = deps;
  const source = params.source;
  if (source && !deps.prismCentral) throw new Error('a Prism Central fleet needs the Prism Central deps of the app');
  const passwords = new Map(params.passwords.map((p) => [p.user, p.password]));
  const sudoPasswords = new Map(params.sudoPasswords.map((p) => [p.user, p.password]));
  const inventoryDeps: FleetInventoryDeps = {
    t,
    environment: deps.ports.environment,
    readFile: (p) => deps.ports.fs.readFile(p),
    knownHostsPath: deps.knownHostsPath,
  };
  const phase = params.phase === 'prepare' ? 'prepare' : 'install';
  return {
    kind: FLEET_JOB_KIND,
    target: source
      ? t('fleetBoard.pc.target', { host: source.connect.host, port: source.connect.port })
      : (params.inventory.file ?? t('fleetBoard.job.pastedTarget')),
    state: {},
    secrets: fleetSecrets(params),
    steps: [
      ...(source ? [pcSourceConnectStep<FleetJobState>(source, { t, prismCentral: deps.prismCentral! })] : []),
      {
        id: 'inventory',
        phase: 'prepare',
        title: t('fleetBoard.job.inventoryStep'),
        gate: true,
        async run(ctx) {
          const inventory = source
            ? await loadPcInventory(ctx.state.connection, source, t)
            : parseBoardInventory(params.inventory);
          const prepared = await prepareInventory(
            inventory,
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
          // The push goes through the Prism Central the hosts came from (the connect step's connection).
          if (params.pcPush && !ctx.state.connection)
            throw new NgtError('FLEET_PUSH_NO_PC', t('fleetRun.push.noPc.summary'), {
              category: 'usage',
              remediation: t('fleetRun.push.noPc.remediation'),
            });
          const configs = new Map<string, LinuxFleetHostConfig>([...prepared.logins]);
          if (source) {
            const linkParams = new Map([...configs].map(([name, c]) => [name, c.params] as const));
            withPrismCentralLink(linkParams, prepared.hosts, pcLinkOf(source));
            for (const [name, p] of linkParams) configs.set(name, { ...configs.get(name)!, params: p });
          }
          const hosts = prepared.hosts.map((h) => ({ ...hostInfo(h), os: h.os }));
          ctx.state.session = newSession(hosts, configs, params, deps, prepared.hosts, ctx.state.connection?.client);
          deps.sessions.add(ctx.jobId, ctx.state.session);
          // Left out: the inventory's hosts that do not run, and those named only by a problem (a VM without an address).
          const named = new Set([
            ...prepared.inventory.hosts.map((h) => h.name),
            ...prepared.problems.flatMap((p) => (p.host ? [p.host] : [])),
          ]);
          const skipped = named.size - prepared.hosts.length;
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
