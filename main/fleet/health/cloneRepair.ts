/**
 * The clone repair through Prism Central: on each clone, insert the NGT ISO
 * (vmm v4.0 `…/guest-tools/$actions/insert-iso`, If-Match and a fresh
 * NTNX-Request-Id, its task watched to the end). The ISO is generated for
 * that VM and carries its own identity; once the agent restarts in the guest
 * it takes the new config and the cluster can tell the clones apart
 * (DOMAIN.md, "NGT files inside a guest"). So, once the insert task
 * SUCCEEDED: a Linux clone's agent is restarted over SSH (the injected
 * AgentRestarter, cloneAgentRestart.ts) and the VM is repaired only when its
 * installed ngt_uuid is no longer the shared one; a Windows clone (the fleet
 * only probes its WinRM port) gets the restart of the "Nutanix Guest Agent"
 * service as its named next step. One VM's failure never stops the others.
 * The capabilities the VM has are kept.
 */
import { NgtError } from '../../engine/errors';
import type { Translate } from '../../engine/job';
import { getGuestTools } from '../../cluster/prismCentral/guestTools';
import { insertGuestToolsIso, type NgtCapability } from '../../cluster/prismCentral/guestToolsActions';
import type { PcClient } from '../../cluster/prismCentral/httpClient';
import { taskFailure, waitForTask } from '../../cluster/prismCentral/taskPolling';
import type { PollTiming } from '../../cluster/pollTiming';
import type { AgentRestarter, AgentRestartResult } from './cloneAgentRestart';
import type { CloneRepairPlan } from './fleetHealth';

/** The Windows service a clone's agent runs as (its display and service name). */
export const WINDOWS_AGENT_SERVICE = 'Nutanix Guest Agent';

/**
 * repaired: ISO inserted, agent restarted, a new ngt_uuid read back; restart-on-vm: ISO inserted,
 * the agent's restart is the person's next step (Windows); failed: `stage` says where.
 */
export type CloneRepairStatus = 'repaired' | 'restart-on-vm' | 'failed';

export interface CloneRepairResult {
  host: string;
  vmExtId: string;
  /** True only when the clone ends with its own new identity. */
  ok: boolean;
  status: CloneRepairStatus;
  stage?: 'insert' | 'restart';
  task?: string;
  code?: string;
  message?: string;
  remediation?: string;
  /** How the agent was restarted (systemd, init-script, pid-file). */
  method?: string;
  /** The clone's ngt_uuid after the restart. */
  ngtUuid?: string;
}

export interface CloneRepairOptions extends PollTiming {
  taskTimeoutMs: number;
  onVm?: (result: CloneRepairResult) => void;
  /** Restarts a Linux clone's agent over SSH; without it the restart is the person's next step. */
  restartAgent?: AgentRestarter;
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
      result = await restarted(target, plan.ngtUuid, task.extId, vmExtId, t, options.restartAgent);
    } catch (error) {
      const e = error instanceof NgtError ? error : undefined;
      result = {
        host: target.host,
        vmExtId,
        ok: false,
        status: 'failed',
        stage: 'insert',
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

async function restarted(
  target: CloneRepairPlan['targets'][number],
  sharedUuid: string,
  task: string,
  vmExtId: string,
  t: Translate,
  restartAgent: AgentRestarter | undefined,
): Promise<CloneRepairResult> {
  const base = { host: target.host, vmExtId, task };
  if (target.os === 'windows' || !restartAgent)
    return {
      ...base,
      ok: false,
      status: 'restart-on-vm',
      code: 'CLONE_RESTART_ON_VM',
      message: t('clusterHealth.clone.restartOnVm', { host: target.host }),
      remediation: t(
        target.os === 'windows' ? 'clusterHealth.clone.restartWindows' : 'clusterHealth.clone.restartByHand',
        {
          hosts: target.host,
          service: WINDOWS_AGENT_SERVICE,
        },
      ),
    };
  let r: AgentRestartResult;
  try {
    r = await restartAgent(target.host, sharedUuid);
  } catch (error) {
    const e = error instanceof NgtError ? error : undefined;
    r = {
      ok: false,
      code: e?.code ?? 'LINUX_AGENT_RESTART_FAILED',
      summary: error instanceof Error ? error.message : String(error),
      remediation: e?.remediation,
    };
  }
  return {
    ...base,
    ok: r.ok,
    status: r.ok ? 'repaired' : 'failed',
    ...(r.ok ? {} : { stage: 'restart' as const, code: r.code ?? 'LINUX_AGENT_RESTART_FAILED' }),
    message: r.summary,
    ...(r.remediation ? { remediation: r.remediation } : {}),
    ...(r.method ? { method: r.method } : {}),
    ...(r.ngtUuid ? { ngtUuid: r.ngtUuid } : {}),
  };
}
