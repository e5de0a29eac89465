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

function alreadyDone(state: GuestToolsState): boolean {
  const order = compareVersions(state.version, state.availableVersion);
  return state.isInstalled && state.isReachable && (order === null || order >= 0);
}

export async function pushGuestTools(
  client: PcClient,
  vmExtId: string,
  request: InstallRequest,
  options: PushOptions,
): Promise<PushOutcome> {
  const { t } = options;
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

  report('reading');
  const before = (await getGuestTools(client, vmExtId, t)).state;
  if (alreadyDone(before))
    return {
      vmExtId,
      alreadyDone: true,
      insertedIso: false,
      installTask: null,
      communicationLinkActive: true,
      guestTools: before,
    };

  let insertedIso = false;
  if (!before.isIsoInserted) {
    report('inserting-iso');
    const taskId = await insertGuestToolsIso(client, vmExtId, request.capabilities, t, options);
    const task = await waitForTask(client, taskId, t, waitOptions('inserting-iso'));
    if (task.status !== 'SUCCEEDED') throw taskFailure(task, t);
    insertedIso = true;
  }

  report('installing');
  const installId = await installGuestTools(client, vmExtId, request, t, options);
  const installTask = await waitForTask(client, installId, t, waitOptions('installing'));
  if (installTask.status !== 'SUCCEEDED') throw taskFailure(installTask, t);

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
