/**
 * What `fleet plan|install` says about NGT health once the hosts have run:
 * client certificates near expiry or expired (with the renewal path), and
 * clones, whose repair through Prism Central (`--pc`) runs only when
 * `--repair-clones NGT_UUID` repeats the identity the clones share — the
 * confirmation, never a blanket yes: the ISO inserted, then each Linux
 * clone's agent restarted over SSH and its new identity read back; a
 * Windows clone's restart is named as the next step. Returns whether
 * anything failed and each clone's repair result (for the fleet report).
 */
import type { PcClient } from '../../cluster/prismCentral/httpClient';
import { neutraliseControls } from '../../engine/controlText';
import type { FleetRun } from '../../fleet/fleetTypes';
import type { AgentRestarter } from '../../fleet/health/cloneAgentRestart';
import { insertIsoOnClones, type CloneRepairResult } from '../../fleet/health/cloneRepair';
import { certificateFindings, cloneRepairPlans } from '../../fleet/health/fleetHealth';
import type { InventoryHost } from '../../fleet/inventory/inventoryModel';
import type { CliContext } from '../cliTypes';

const TASK_TIMEOUT_MS = 10 * 60_000;

export interface FleetHealthOptions {
  inventory: InventoryHost[];
  prismCentral?: PcClient;
  /** The ngt_uuid given with --repair-clones. */
  repairClones?: string;
  pollIntervalMs?: number;
  /** Restarts a Linux clone's agent over SSH after its ISO was inserted. */
  restartAgent?: AgentRestarter;
}

export interface FleetHealthOutcome {
  failed: boolean;
  /** The repair's result per clone, by the ngt_uuid they shared. */
  cloneRepairs: { ngtUuid: string; results: CloneRepairResult[] }[];
}

function resultLine(r: CloneRepairResult, t: CliContext['t']): string {
  const p = { host: r.host, vm: r.vmExtId, code: r.code ?? '', message: r.message ?? '', uuid: r.ngtUuid ?? '' };
  if (r.status === 'repaired') return t('clusterHealth.clone.repaired', p);
  if (r.status === 'restart-on-vm') return t('clusterHealth.clone.inserted', p);
  const line = t(r.stage === 'insert' ? 'clusterHealth.clone.insertFailed' : 'clusterHealth.clone.restartFailed', p);
  return r.remediation ? `${line} ${r.remediation}` : line;
}

export async function reportFleetHealth(
  run: FleetRun,
  context: CliContext,
  options: FleetHealthOptions,
): Promise<FleetHealthOutcome> {
  const { t, io } = context;
  const say = (text: string) => io.stdout(`${neutraliseControls(text)}\n`);
  let failed = false;
  const cloneRepairs: FleetHealthOutcome['cloneRepairs'] = [];
  const certificates = certificateFindings(run.hosts);
  if (certificates.length > 0) say(t('clusterHealth.cert.title', { count: certificates.length }));
  for (const f of certificates) {
    const c = f.certificate;
    say(
      `  ${f.host} (${f.address}) ${t(`clusterHealth.severity.${f.severity}`)}: ${t(`clusterHealth.cert.${c.state}`, {
        path: c.path,
        notAfter: c.notAfter ?? '?',
        days: c.daysLeft ?? '?',
      })}`,
    );
    if (f.severity === 'fail') failed = true;
  }
  if (certificates.length > 0) say(`${t('cli.next')} ${t('clusterHealth.cert.renew')}`);

  const plans = cloneRepairPlans(run.clones, options.inventory);
  if (options.repairClones !== undefined && !plans.some((p) => p.ngtUuid === options.repairClones)) {
    say(t('clusterHealth.clone.noSuchClone', { uuid: options.repairClones }));
    failed = true;
  }
  for (const plan of plans) {
    // Without Prism Central, the fleet's own clone finding already says what to do.
    if (!options.prismCentral) continue;
    if (!plan.offered) {
      say(t('clusterHealth.clone.manual', { uuid: plan.ngtUuid }));
      continue;
    }
    if (options.repairClones !== plan.ngtUuid) {
      say(t('clusterHealth.clone.offer', { uuid: plan.ngtUuid, count: plan.targets.length }));
      continue;
    }
    say(t('clusterHealth.clone.repairing', { uuid: plan.ngtUuid, count: plan.targets.length }));
    const results = await insertIsoOnClones(options.prismCentral, plan, t, {
      taskTimeoutMs: TASK_TIMEOUT_MS,
      intervalMs: options.pollIntervalMs ?? 2000,
      restartAgent: options.restartAgent,
      onVm: (r) => say(resultLine(r, t)),
    });
    cloneRepairs.push({ ngtUuid: plan.ngtUuid, results });
    if (results.some((r) => r.status === 'failed')) failed = true;
    // Inserted, but the agent's restart is the person's: named, never a silent ok.
    for (const r of results.filter((x) => x.status === 'restart-on-vm')) say(`${t('cli.next')} ${r.remediation ?? ''}`);
  }
  return { failed, cloneRepairs };
}
