/**
 * What the fleet runner's passes come to, pure: a host's result, first
 * failure and readiness from its report, the readiness row's reason, the
 * clone finding (hosts sharing an ngt_uuid), the fleet's own result, and the
 * pool that runs at most `forks` hosts at once.
 */
import type { Report } from '../engine/types';
import type {
  CloneFinding,
  FleetResult,
  HostJobOutcome,
  HostResult,
  HostRun,
  Readiness,
  ReadinessRow,
} from './fleetTypes';

/** Runs `tasks` with at most `limit` running at once; resolves when all have settled. */
export async function pool<T>(items: T[], limit: number, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next]!;
      next += 1;
      await task(item);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
}

export function resultOfReport(report: Report): HostResult {
  return report.result;
}

export function firstFailure(report: Report): { code?: string; reason?: string } {
  const step = report.steps.find((s) => s.status === 'fail');
  return step ? { code: step.code, reason: step.summary } : {};
}

export function readinessOf(outcome: HostJobOutcome): Readiness {
  if (outcome.report.result === 'cancelled') return 'cancelled';
  if (outcome.report.result === 'failed') return 'cannot';
  if (outcome.alreadyDone) return 'already-done';
  return outcome.diff ? 'will-patch' : 'will-install';
}

/** Hosts sharing an ngt_uuid: clones of one VM that Prism Central would take for one. */
export function cloneFindings(hosts: { name: string; ngtUuid?: string }[]): CloneFinding[] {
  const byUuid = new Map<string, string[]>();
  for (const h of hosts) {
    if (!h.ngtUuid) continue;
    byUuid.set(h.ngtUuid, [...(byUuid.get(h.ngtUuid) ?? []), h.name]);
  }
  return [...byUuid].filter(([, names]) => names.length > 1).map(([ngtUuid, names]) => ({ ngtUuid, hosts: names }));
}

/** The fleet's result: cancelled wins, then failed, then warn (a skipped host is not a failure). */
export function fleetResultOf(hosts: HostRun[], cancelled: boolean): FleetResult {
  if (cancelled || hosts.some((h) => h.result === 'cancelled')) return 'cancelled';
  if (hosts.some((h) => h.result === 'failed')) return 'failed';
  if (hosts.some((h) => h.result === 'warn')) return 'warn';
  return 'ok';
}

/** The code and summary a readiness row shows for a host that is not ready. */
export function whyNot(r: HostRun): Pick<ReadinessRow, 'code' | 'reason'> {
  return r.result === 'failed' ? { code: r.code, reason: r.reason } : {};
}
