/**
 * The fleet's port for the hosts NGT reaches through Prism Central
 * (`fleet install --pc-push`): after the host's own prepare pass (the Linux
 * prepare, or the 5986 probe of a Windows host), one job per host that
 * replays that pass's steps as they ended (the host's report stays whole),
 * then reads the VM's guest tools and checks the guest credential (nothing is
 * sent without one), inserts the NGT ISO when it is not in, installs with the
 * host's credential and watches the task (its progressPercentage is the
 * step's progress, so the board shows it in the host's row), and waits until
 * Prism Central reports the tools reachable: the host's "Communication Link
 * Active". The stages are pc push's own (cluster/prismCentral/pushGuestTools.ts).
 * The credential's password is the job's secret, removed from every event and report.
 */
import { NgtError } from '../engine/errors';
import type { JobDefinition, StepContext, StepDefinition, Translate } from '../engine/job';
import type { RunJobOptions } from '../engine/runJob';
import { startJob } from '../engine/runJob';
import type { JobEvent, StepOutcome } from '../engine/types';
import { getGuestTools, waitUntilReachable, type GuestToolsState } from '../cluster/prismCentral/guestTools';
import type { NgtCapability } from '../cluster/prismCentral/guestToolsActions';
import type { PcClient } from '../cluster/prismCentral/httpClient';
import {
  abortableSleep,
  DEFAULT_CAPABILITIES,
  linkOutcome,
  pushProgressToStep,
} from '../cluster/prismCentral/pcPushJob';
import {
  installAndWatch,
  insertIsoIfNeeded,
  isPushDone,
  type PushOptions,
} from '../cluster/prismCentral/pushGuestTools';
import { replayedReportSteps } from './resumedPrepare';
import type { LinuxInstallParams } from '../linux/installParams';
import type { FleetHost, FleetRunnerOptions, HostJobPort, HostJobRequest, InstallWay } from './fleetTypes';
import type { InventoryHost } from './inventory/inventoryModel';
import { PC_VARS } from './inventory/prismCentralSource';
import { installWayOf, pushCredentialOf } from './pushRouting';

export interface GuestCredential {
  username: string;
  password: string;
}

export interface FleetPushSettings {
  reboot: 'SKIP' | 'IMMEDIATE';
  waitReachableMs: number;
  taskTimeoutMs: number;
  pollIntervalMs: number;
  capabilities?: NgtCapability[];
}

export interface PcPushPortOptions {
  client: PcClient;
  settings: FleetPushSettings;
  /** The host's VM in Prism Central (a Prism Central host carries it: PC_VARS.vmExtId). */
  vmExtIdOf: (host: FleetHost) => string | undefined;
  /** The host's guest credential for the install (its own login's, else the fleet's); undefined: none. */
  credentialOf: (host: FleetHost) => GuestCredential | undefined;
  engine: Omit<RunJobOptions, 'onEvent' | 'answerPrompt' | 'jobId'>;
  onEvent?: (host: FleetHost, event: JobEvent) => void;
}

export const PUSH_STEP_IDS = {
  check: 'pc-push-check',
  insertIso: 'pc-insert-iso',
  install: 'pc-install',
  link: 'pc-link',
} as const;

export const FLEET_PUSH_KIND = 'fleet-pc-push';

interface PushState {
  guestTools?: GuestToolsState;
  /** Installed, current and reachable already: nothing is pushed. */
  done?: boolean;
  pushed?: boolean;
}

function pushOptions(ctx: StepContext<PushState>, settings: FleetPushSettings, t: Translate): PushOptions {
  return {
    t,
    taskTimeoutMs: settings.taskTimeoutMs,
    reachableTimeoutMs: 0,
    intervalMs: settings.pollIntervalMs,
    sleep: abortableSleep(ctx.signal),
    onProgress: pushProgressToStep(ctx, t),
  };
}

export function createFleetPushJob(
  host: FleetHost,
  request: Pick<HostJobRequest, 'prepared'> & Partial<Pick<HostJobRequest, 'phase'>>,
  options: Omit<PcPushPortOptions, 'engine' | 'onEvent'> & { t: Translate },
): JobDefinition<PushState> {
  const { t, client, settings } = options;
  const vmExtId = options.vmExtIdOf(host);
  const credential = options.credentialOf(host);
  const vm = host.name;
  const p = { vm, extId: vmExtId ?? '-', host: host.name };
  const done = (ctx: StepContext<PushState>) => ctx.state.done === true;
  const skipped = (): StepOutcome => ({ status: 'skipped', summary: t('cluster.push.alreadyDone', { vm }) });
  const steps: StepDefinition<PushState>[] = [
    ...replayedReportSteps<PushState>(request.prepared?.report.steps ?? []),
    {
      id: PUSH_STEP_IDS.check,
      phase: 'install',
      title: t('fleetRun.push.steps.check'),
      gate: true,
      async run(ctx) {
        if (!vmExtId)
          throw new NgtError('FLEET_PUSH_NO_VM', t('fleetRun.push.noVm.summary', p), {
            remediation: t('fleetRun.push.noVm.remediation', p),
          });
        const { state } = await getGuestTools(client, vmExtId, t);
        ctx.state.guestTools = state;
        const data = { vmExtId, guestTools: state };
        if (isPushDone(state)) {
          ctx.state.done = true;
          return { status: 'ok', summary: t('cluster.push.alreadyDone', { vm }), data };
        }
        if (!credential)
          return {
            status: 'fail',
            code: 'FLEET_PUSH_NO_CREDENTIAL',
            summary: t(
              host.os === 'windows'
                ? 'fleetRun.push.noCredential.windowsSummary'
                : 'fleetRun.push.noCredential.summary',
              p,
            ),
            remediation: t('fleetRun.push.noCredential.remediation', p),
            data,
          };
        return {
          status: 'ok',
          summary: t('fleetRun.push.ready', { ...p, user: credential.username }),
          data: { ...data, guestUser: credential.username },
        };
      },
    },
    {
      id: PUSH_STEP_IDS.insertIso,
      phase: 'install',
      title: t('fleetRun.push.steps.insertIso'),
      async run(ctx) {
        if (done(ctx)) return skipped();
        const capabilities = settings.capabilities ?? DEFAULT_CAPABILITIES;
        const inserted = await insertIsoIfNeeded(
          client,
          vmExtId!,
          ctx.state.guestTools!,
          capabilities,
          pushOptions(ctx, settings, t),
        );
        const key = inserted ? 'fleetRun.push.isoInserted' : 'fleetRun.push.isoWasIn';
        return { status: 'ok', summary: t(key, p), data: { vmExtId, insertedIso: inserted } };
      },
    },
    {
      id: PUSH_STEP_IDS.install,
      phase: 'install',
      title: t('fleetRun.push.steps.install'),
      async run(ctx) {
        if (done(ctx)) return skipped();
        const task = await installAndWatch(
          client,
          vmExtId!,
          {
            capabilities: settings.capabilities ?? DEFAULT_CAPABILITIES,
            credential: credential!,
            reboot: { scheduleType: settings.reboot },
          },
          pushOptions(ctx, settings, t),
        );
        ctx.state.pushed = true;
        return {
          status: 'ok',
          summary: t('fleetRun.push.installed', { ...p, task: task.extId }),
          data: { vmExtId, installTask: { extId: task.extId, status: task.status }, reboot: settings.reboot },
        };
      },
    },
    {
      id: PUSH_STEP_IDS.link,
      phase: 'verify',
      title: t('cluster.push.steps.link', { vm }),
      async run(ctx) {
        if (!done(ctx) && !ctx.state.pushed)
          return { status: 'skipped', summary: t('cluster.push.linkNotPushed', { vm }) };
        const seconds = Math.round(settings.waitReachableMs / 1000);
        ctx.log.info(t('cluster.push.waitingLink', { vm, seconds }));
        const reach = await waitUntilReachable(client, vmExtId!, t, {
          timeoutMs: settings.waitReachableMs,
          intervalMs: settings.pollIntervalMs,
          sleep: abortableSleep(ctx.signal),
        });
        return linkOutcome(reach.reachable, vm, seconds, t, {
          vmExtId,
          communicationLinkActive: reach.reachable,
          guestTools: reach.state,
          reads: reach.reads,
        });
      },
    },
  ];
  return {
    kind: FLEET_PUSH_KIND,
    target: vmExtId ? t('fleetRun.push.target', p) : host.name,
    state: {},
    // --phase install: pushed, not verified (as the SSH job leaves out its verify steps).
    steps: request.phase === 'install' ? steps.filter((s) => s.id !== PUSH_STEP_IDS.link) : steps,
    secrets: [credential?.password],
  };
}

/** One push job per host, run by the engine; its report is the host's. */
export function pcPushHostJobPort(options: PcPushPortOptions): HostJobPort {
  return (host, request) => {
    const definition = createFleetPushJob(host, request, { ...options, t: options.engine.t });
    const handle = startJob(definition, {
      ...options.engine,
      onEvent: options.onEvent ? (event) => options.onEvent!(host, event) : undefined,
    });
    return { done: handle.done.then((report) => ({ report })), cancel: () => handle.cancel() };
  };
}

export interface FleetPushOptions extends Omit<PcPushPortOptions, 'vmExtIdOf' | 'credentialOf'> {
  /** The fleet's hosts: those from Prism Central carry their VM (PC_VARS.vmExtId). */
  hosts: readonly InventoryHost[];
  /** A host's own login (its password, when it has one, is its push credential). */
  loginOf: (name: string) => Pick<LinuxInstallParams, 'username' | 'auth'> | undefined;
  /** --guest-user/--guest-password-env, the board's guest credential: for hosts without a password of their own. */
  fleetWide?: GuestCredential;
  /** Told each host's way once it is decided (the CLI says the SSH way's reason on the terminal). */
  onWay?: (host: FleetHost, way: InstallWay) => void;
}

/** The runner's push (CLI and board alike): each host's way once prepared, and the push job of those pushed. */
export function fleetPush(options: FleetPushOptions): NonNullable<FleetRunnerOptions['push']> {
  const vmOf = new Map<string, string>();
  for (const h of options.hosts) {
    const extId = h.vars[PC_VARS.vmExtId];
    if (typeof extId === 'string') vmOf.set(h.name, extId);
  }
  const { hosts: _hosts, loginOf, fleetWide, onWay, ...port } = options;
  return {
    port: pcPushHostJobPort({
      ...port,
      vmExtIdOf: (h) => vmOf.get(h.name),
      credentialOf: (h) => pushCredentialOf(loginOf(h.name), fleetWide),
    }),
    wayOf: (h, prepared) => {
      const way = installWayOf(h, prepared, vmOf.has(h.name));
      onWay?.(h, way);
      return way;
    },
  };
}
