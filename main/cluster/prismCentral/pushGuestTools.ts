/**
 * The NGT push for one VM, through Prism Central: read the guest tools,
 * insert the NGT ISO when it is not in, install with the guest credential,
 * watch both tasks, then wait until the tools are reachable — the cluster's
 * "Communication Link Active". A VM already installed, current and reachable
 * is left alone. Stops at the first failure, with Prism Central's own messages.
 * The fleet board and the wizard call this per VM and show `onProgress`.
 */
import type { Translate } from '../../engine/job';
import { getGuestTools, waitUntilReachable, type GuestToolsState } from './guestTools';
import { insertGuestToolsIso, installGuestTools, type ActionOptions, type InstallRequest } from './guestToolsActions';
import type { PcClient } from './httpClient';
import { taskFailure, waitForTask, type PcTask } from './taskPolling';
import { compareVersions } from './vmReadiness';
import type { PollTiming } from '../pollTiming';

/** How long one push task (insert the ISO, install) may run before it is reported as stuck. */
export const PUSH_TASK_TIMEOUT_MS = 30 * 60_000;

export type PushStage = 'reading' | 'inserting-iso' | 'installing' | 'waiting-reachable';

export interface PushProgress {
  vmExtId: string;
  stage: PushStage;
  /** The task of the current stage, while one runs. */
  task?: Pick<PcTask, 'extId' | 'status' | 'progressPercentage'>;
}

export interface PushOptions extends ActionOptions, PollTiming {
  t: Translate;
  onProgress?: (progress: PushProgress) => void;
  taskTimeoutMs: number;
  reachableTimeoutMs: number;
}

export interface PushOutcome {
  vmExtId: string;
  /** Nothing was changed: NGT was already installed, current and reachable. */
  alreadyDone: boolean;
  insertedIso: boolean;
  installTask: PcTask | null;
  /** Prism Central's isReachable at the end: the Communication Link Active proof. */
  communicationLinkActive: boolean;
  guestTools: GuestToolsState;
}

/** NGT is installed, current (or its version cannot be compared) and reachable: nothing to push. */
export function isPushDone(state: GuestToolsState): boolean {
  const order = compareVersions(state.version, state.availableVersion);
  return state.isInstalled && state.isReachable && (order === null || order >= 0);
}

/** Progress of one stage, and the task options that report it. */
function stageReporter(vmExtId: string, options: PushOptions) {
  const report = (stage: PushStage, task?: PcTask) =>
    options.onProgress?.({
      vmExtId,
      stage,
      task: task && { extId: task.extId, status: task.status, progressPercentage: task.progressPercentage },
    });
  const waitOptions = (stage: PushStage) => ({
    timeoutMs: options.taskTimeoutMs,
    intervalMs: options.intervalMs,
    now: options.now,
    sleep: options.sleep,
    onProgress: (task: PcTask) => report(stage, task),
  });
  return { report, waitOptions };
}

/**
 * The push's first stage: inserts the NGT ISO unless the guest tools (`before`, as just read)
 * say it is in, and watches the task. True when it inserted it; throws on a task that failed.
 */
export async function insertIsoIfNeeded(
  client: PcClient,
  vmExtId: string,
  before: GuestToolsState,
  capabilities: InstallRequest['capabilities'],
  options: PushOptions,
): Promise<boolean> {
  if (before.isIsoInserted) return false;
  const { report, waitOptions } = stageReporter(vmExtId, options);
  report('inserting-iso');
  const taskId = await insertGuestToolsIso(client, vmExtId, capabilities, options.t, options);
  const task = await waitForTask(client, taskId, options.t, waitOptions('inserting-iso'));
  if (task.status !== 'SUCCEEDED') throw taskFailure(task, options.t);
  return true;
}

/** The push's second stage: the install with the guest credential, watched to its end; throws unless it succeeded. */
export async function installAndWatch(
  client: PcClient,
  vmExtId: string,
  request: InstallRequest,
  options: PushOptions,
): Promise<PcTask> {
  const { report, waitOptions } = stageReporter(vmExtId, options);
  report('installing');
  const installId = await installGuestTools(client, vmExtId, request, options.t, options);
  const installTask = await waitForTask(client, installId, options.t, waitOptions('installing'));
  if (installTask.status !== 'SUCCEEDED') throw taskFailure(installTask, options.t);
  return installTask;
}

export async function pushGuestTools(
  client: PcClient,
  vmExtId: string,
  request: InstallRequest,
  options: PushOptions,
): Promise<PushOutcome> {
  const { t } = options;
  const { report } = stageReporter(vmExtId, options);

  report('reading');
  const before = (await getGuestTools(client, vmExtId, t)).state;
  if (isPushDone(before))
    return {
      vmExtId,
      alreadyDone: true,
      insertedIso: false,
      installTask: null,
      communicationLinkActive: true,
      guestTools: before,
    };

  const insertedIso = await insertIsoIfNeeded(client, vmExtId, before, request.capabilities, options);
  const installTask = await installAndWatch(client, vmExtId, request, options);

  report('waiting-reachable');
  const reach = await waitUntilReachable(client, vmExtId, t, {
    timeoutMs: options.reachableTimeoutMs,
    intervalMs: options.intervalMs,
    now: options.now,
    sleep: options.sleep,
  });
  return {
    vmExtId,
    alreadyDone: false,
    insertedIso,
    installTask,
    communicationLinkActive: reach.reachable,
    guestTools: reach.state,
  };
}
