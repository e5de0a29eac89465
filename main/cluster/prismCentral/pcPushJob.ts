/**
 * `pc push` as an engine job: connect to Prism Central (trust decided before
 * any credential leaves), find the VMs and their readiness, push NGT to each
 * (one install step per VM, a failure on one VM leaves the others going), then
 * prove each VM's link: Prism Central's `isReachable`, the cluster's
 * "Communication Link Active", one verify step per VM. Task progress becomes
 * step progress. The guest credential is one for the whole run, asked once.
 */
import { NgtError } from '../../engine/errors';
import type { JobDefinition, StepContext, StepDefinition, Translate } from '../../engine/job';
import type { StepOutcome } from '../../engine/types';
import {
  connectedSummary,
  connectPrismCentral,
  type ConnectOptions,
  type PrismCentralConnection,
} from './connectPrismCentral';
import { waitUntilReachable } from './guestTools';
import type { InstallRequest, NgtCapability, RebootScheduleType } from './guestToolsActions';
import { pushGuestTools, type PushOutcome, type PushProgress } from './pushGuestTools';
import { certificateQuestion } from './certificatePrompt';
import { readinessLabel } from './vmReadiness';
import { resolveVmSelectors, type ResolvedTarget } from './vmSelectors';

export const DEFAULT_CAPABILITIES: NgtCapability[] = ['SELF_SERVICE_RESTORE', 'VSS_SNAPSHOT'];

export interface PcPushParams {
  connect: Omit<ConnectOptions, 't' | 'sleep'>;
  /** As typed: a VM name or extId (UUID), one per --vm. */
  vms: string[];
  guest: { username: string; password: string };
  reboot: Extract<RebootScheduleType, 'SKIP' | 'IMMEDIATE'>;
  capabilities?: NgtCapability[];
  waitReachableMs: number;
  taskTimeoutMs: number;
  pollIntervalMs: number;
}

export interface PcPushDeps {
  t: Translate;
  connect?: typeof connectPrismCentral;
  /** The wizard: a certificate seen for the first time is shown and asked about (./certificatePrompt.ts). */
  askNewCertificate?: boolean;
}

interface TargetState {
  selector: string;
  resolved?: ResolvedTarget;
  pushed?: PushOutcome;
}

export interface PcPushState {
  connection?: PrismCentralConnection;
  targets: TargetState[];
}

/** A sleep that ends early, with an AbortError, when the job is cancelled. */
export function abortableSleep(signal: AbortSignal): (ms: number) => Promise<void> {
  return (ms) =>
    new Promise<void>((resolve, reject) => {
      if (signal.aborted) return reject(Object.assign(new Error('aborted'), { name: 'AbortError' }));
      const timer = setTimeout(() => {
        signal.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      const onAbort = () => {
        clearTimeout(timer);
        reject(Object.assign(new Error('aborted'), { name: 'AbortError' }));
      };
      signal.addEventListener('abort', onAbort, { once: true });
    });
}

function connectionOf(ctx: StepContext<{ connection?: PrismCentralConnection }>): PrismCentralConnection {
  const c = ctx.state.connection;
  if (!c) throw new NgtError('INTERNAL_ERROR', 'Prism Central connection missing');
  return c;
}

/** The push's first step, and the wizard's VM list's: trust decided (or asked) before any credential is sent. */
export function connectStep<S extends { connection?: PrismCentralConnection }>(
  params: Pick<PcPushParams, 'connect'>,
  deps: PcPushDeps,
): StepDefinition<S> {
  const { t } = deps;
  return {
    id: 'connect',
    phase: 'prepare',
    title: t('cluster.push.steps.connect'),
    gate: true,
    async run(ctx) {
      const connect = deps.connect ?? connectPrismCentral;
      const question = deps.askNewCertificate ? certificateQuestion(ctx, params.connect.endpoint, t) : undefined;
      const connection = await connect({
        ...params.connect,
        confirmNew: question?.confirmNew,
        sleep: abortableSleep(ctx.signal),
        onRetry: (attempt, code) => ctx.log.warn(t('cluster.cli.retrying', { attempt, code })),
        t,
      }).catch((error: unknown) => {
        throw question?.declined() ?? error;
      });
      ctx.state.connection = connection;
      const c = connection.certificate;
      if (connection.trust.via === 'accepted-new')
        ctx.log.info(t(question ? 'clusterPage.job.pinned' : 'cluster.push.pinned'));
      return {
        status: 'ok',
        summary: connectedSummary(params.connect.endpoint, connection, t),
        data: { certificate: c, trust: connection.trust.via },
      };
    },
  };
}

function findStep(deps: PcPushDeps): StepDefinition<PcPushState> {
  const { t } = deps;
  return {
    id: 'find-vms',
    phase: 'prepare',
    title: t('cluster.push.steps.find'),
    gate: true,
    async run(ctx) {
      const { client } = connectionOf(ctx);
      const resolved = await resolveVmSelectors(
        client,
        ctx.state.targets.map((x) => x.selector),
        t,
      );
      resolved.forEach((r, i) => (ctx.state.targets[i].resolved = r));
      const lines = resolved.map((r) =>
        t('cluster.push.vmLine', {
          name: r.vm.name,
          extId: r.vm.extId,
          power: r.vm.powerState,
          state: readinessLabel(r.readiness, t),
        }),
      );
      const notReady = resolved.filter((r) => !r.readiness.pushable && !r.readiness.done);
      const outcome: StepOutcome = {
        status: notReady.length > 0 ? 'warn' : 'ok',
        summary: t('cluster.push.found', { count: resolved.length, notReady: notReady.length }),
        detail: lines.join('\n'),
        data: {
          vms: resolved.map((r) => ({
            selector: r.selector,
            extId: r.vm.extId,
            name: r.vm.name,
            readiness: r.readiness,
          })),
        },
      };
      if (notReady.length > 0) outcome.remediation = t('cluster.push.notReadyFix');
      return outcome;
    },
  };
}

function adviceOf(target: ResolvedTarget, t: Translate): string {
  return target.readiness.checks
    .filter((c) => c.ok === false && c.adviceKey)
    .map((c) => t(c.adviceKey!))
    .join(' ');
}

/** A push stage as one line, its task's status and percent included (the job log, the fleet board's host row). */
export function pushProgressLabel(p: PushProgress, t: Translate): string {
  return t(`cluster.push.stage.${p.stage}`, {
    status: p.task?.status ?? '',
    percent: p.task?.progressPercentage ?? 0,
  });
}

/** A push's progress as a step's: one log line per stage, the task's percent as the step's progress. */
export function pushProgressToStep(
  ctx: Pick<StepContext<unknown>, 'log' | 'progress'>,
  t: Translate,
): (p: PushProgress) => void {
  let lastStage = '';
  return (p) => {
    const label = pushProgressLabel(p, t);
    if (p.stage !== lastStage) ctx.log.info(label);
    lastStage = p.stage;
    if (p.task) ctx.progress({ current: p.task.progressPercentage, max: 100, label });
  };
}

function pushStep(index: number, params: PcPushParams, deps: PcPushDeps): StepDefinition<PcPushState> {
  const { t } = deps;
  const selector = params.vms[index];
  return {
    id: `push-${index + 1}`,
    phase: 'install',
    title: t('cluster.push.steps.push', { vm: selector }),
    independent: true,
    async run(ctx) {
      const target = ctx.state.targets[index];
      const resolved = target.resolved;
      if (!resolved) throw new NgtError('INTERNAL_ERROR', 'VM not resolved');
      const { vm, readiness } = resolved;
      if (!readiness.pushable && !readiness.done)
        throw new NgtError('PC_VM_NOT_READY', t('cluster.push.notReady', { vm: vm.name, extId: vm.extId }), {
          remediation: adviceOf(resolved, t) || t('cluster.push.notReadyFix'),
        });
      const request: InstallRequest = {
        capabilities: params.capabilities ?? DEFAULT_CAPABILITIES,
        credential: params.guest,
        reboot: { scheduleType: params.reboot },
      };
      const outcome = await pushGuestTools(connectionOf(ctx).client, vm.extId, request, {
        t,
        taskTimeoutMs: params.taskTimeoutMs,
        // The link is proven by the verify step; here one read is enough.
        reachableTimeoutMs: 0,
        intervalMs: params.pollIntervalMs,
        sleep: abortableSleep(ctx.signal),
        onProgress: pushProgressToStep(ctx, t),
      });
      target.pushed = outcome;
      const data = {
        vmExtId: vm.extId,
        vmName: vm.name,
        alreadyDone: outcome.alreadyDone,
        insertedIso: outcome.insertedIso,
        installTask: outcome.installTask && { extId: outcome.installTask.extId, status: outcome.installTask.status },
      };
      if (outcome.alreadyDone) return { status: 'ok', summary: t('cluster.push.alreadyDone', { vm: vm.name }), data };
      return {
        status: 'ok',
        summary: t('cluster.push.installed', {
          vm: vm.name,
          version: outcome.guestTools.version ?? '?',
          task: outcome.installTask?.extId ?? '?',
        }),
        data,
      };
    },
  };
}

function linkStep(index: number, params: PcPushParams, deps: PcPushDeps): StepDefinition<PcPushState> {
  const { t } = deps;
  const selector = params.vms[index];
  return {
    id: `link-${index + 1}`,
    phase: 'verify',
    title: t('cluster.push.steps.link', { vm: selector }),
    async run(ctx) {
      const target = ctx.state.targets[index];
      if (!target.pushed || !target.resolved)
        return { status: 'skipped', summary: t('cluster.push.linkNotPushed', { vm: selector }) };
      const { vm } = target.resolved;
      const seconds = Math.round(params.waitReachableMs / 1000);
      ctx.log.info(t('cluster.push.waitingLink', { vm: vm.name, seconds }));
      const reach = target.pushed.communicationLinkActive
        ? { reachable: true, state: target.pushed.guestTools }
        : await waitUntilReachable(connectionOf(ctx).client, vm.extId, t, {
            timeoutMs: params.waitReachableMs,
            intervalMs: params.pollIntervalMs,
            sleep: abortableSleep(ctx.signal),
          });
      return linkOutcome(reach.reachable, vm.name, seconds, t, {
        vmExtId: vm.extId,
        vmName: vm.name,
        communicationLinkActive: reach.reachable,
        guestTools: reach.state,
      });
    },
  };
}

/** A link step's end (pc push and the fleet's push): Communication Link Active, or PC_LINK_NOT_ACTIVE after the wait. */
export function linkOutcome(
  reachable: boolean,
  vm: string,
  seconds: number,
  t: Translate,
  data: Record<string, unknown>,
): StepOutcome {
  if (reachable) return { status: 'ok', summary: t('cluster.push.linkActive', { vm }), data };
  return {
    status: 'fail',
    code: 'PC_LINK_NOT_ACTIVE',
    summary: t('cluster.push.linkInactive', { vm, seconds }),
    remediation: t('cluster.push.linkInactiveFix'),
    data,
  };
}

export function createPcPushJob(params: PcPushParams, deps: PcPushDeps): JobDefinition<PcPushState> {
  const { host, port } = params.connect.endpoint;
  const indexes = params.vms.map((_, i) => i);
  return {
    kind: 'pc-push',
    target: `${host}:${port}`,
    state: { targets: params.vms.map((selector) => ({ selector })) },
    secrets: [params.guest.password, params.connect.password()],
    steps: [
      connectStep(params, deps),
      findStep(deps),
      ...indexes.map((i) => pushStep(i, params, deps)),
      ...indexes.map((i) => linkStep(i, params, deps)),
    ],
  };
}
