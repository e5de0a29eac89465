/**
 * The clone repair through Prism Central: on each clone, insert the NGT ISO
 * (vmm v4.0 `…/guest-tools/$actions/insert-iso`, If-Match and a fresh
 * NTNX-Request-Id, its task watched to the end). The ISO is generated for
 * that VM and carries its own identity; once the agent restarts in the guest
 * it takes the new config and the cluster can tell the clones apart
 * (DOMAIN.md, "NGT files inside a guest"). One VM's failure never stops the
 * others. The capabilities the VM has are kept.
 */
import { NgtError } from '../../engine/errors';
import type { Translate } from '../../engine/job';
import { getGuestTools } from '../../cluster/prismCentral/guestTools';
import { insertGuestToolsIso, type NgtCapability } from '../../cluster/prismCentral/guestToolsActions';
import type { PcClient } from '../../cluster/prismCentral/httpClient';
import { taskFailure, waitForTask } from '../../cluster/prismCentral/taskPolling';
import type { PollTiming } from '../../cluster/pollTiming';
import type { CloneRepairPlan } from './fleetHealth';

export interface CloneRepairResult {
  host: string;
  vmExtId: string;
  ok: boolean;
  task?: string;
  code?: string;
  message?: string;
  remediation?: string;
}

export interface CloneRepairOptions extends PollTiming {
  taskTimeoutMs: number;
  onVm?: (result: CloneRepairResult) => void;
}

const KNOWN: readonly string[] = ['SELF_SERVICE_RESTORE', 'VSS_SNAPSHOT'];

export async function insertIsoOnClones(
  client: PcClient,
  plan: CloneRepairPlan,
  t: Translate,
  options: CloneRepairOptions,
): Promise<CloneRepairResult[]> {
  const results: CloneRepairResult[] = [];
  for (const target of plan.targets) {
    if (!target.vmExtId) continue;
    const vmExtId = target.vmExtId;
    let result: CloneRepairResult;
    try {
      const { state } = await getGuestTools(client, vmExtId, t);
      const capabilities = state.capabilities.filter((c): c is NgtCapability => KNOWN.includes(c));
      const taskId = await insertGuestToolsIso(client, vmExtId, capabilities, t);
      const task = await waitForTask(client, taskId, t, { ...options, timeoutMs: options.taskTimeoutMs });
      if (task.status !== 'SUCCEEDED') throw taskFailure(task, t);
      result = { host: target.host, vmExtId, ok: true, task: task.extId };
    } catch (error) {
      const e = error instanceof NgtError ? error : undefined;
      result = {
        host: target.host,
        vmExtId,
        ok: false,
        code: e?.code ?? 'PC_REQUEST_FAILED',
        message: error instanceof Error ? error.message : String(error),
        remediation: e?.remediation,
      };
    }
    results.push(result);
    options.onVm?.(result);
  }
  return results;
}
