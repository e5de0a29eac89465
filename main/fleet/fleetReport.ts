/**
 * The fleet report (`ngt-prep/fleet-report@1`, published as
 * fleetReport.schema.json): the fleet's result and counts, the findings
 * (shared factory diffs, clones, unknown host keys) and every host with its
 * own ngt-prep/report@1 report; and the same hosts as CSV for spreadsheets.
 * Built from a FleetRun whose host reports the engine already redacted. Pure.
 */
import type { Report } from '../engine/types';
import type { CloneRepairResult } from './health/cloneRepair';
import type { FleetPhase, FleetResult, FleetRun, HostResult, Readiness } from './fleetTypes';

export const FLEET_REPORT_SCHEMA_ID = 'ngt-prep/fleet-report@1' as const;
export const HOST_RESULTS: readonly HostResult[] = ['ok', 'warn', 'failed', 'cancelled', 'skipped'];

export interface FleetReportHost {
  name: string;
  address: string;
  os: 'linux' | 'windows';
  result: HostResult;
  code?: string;
  reason?: string;
  readiness?: Readiness;
  factorySha256?: string;
  durationMs: number;
  /** null when no job ran for the host (cancelled before its turn, a Windows host). */
  report: Report | null;
}

export interface FleetReport {
  schema: typeof FLEET_REPORT_SCHEMA_ID;
  tool: { name: string; version: string };
  lang: string;
  startedAt: string;
  finishedAt: string;
  phase: FleetPhase;
  dryRun: boolean;
  result: FleetResult;
  counts: Record<HostResult, number> & { total: number };
  findings: {
    diffGroups: { factorySha256: string; diff: string; hosts: string[] }[];
    clones: {
      ngtUuid: string;
      hosts: string[];
      /** The clone repair's result per VM, when `--repair-clones` ran it for this identity. */
      repair?: CloneRepairResult[];
    }[];
    unknownHostKeys: { host: string; address: string; keyType: string; fingerprint: string }[];
  };
  hosts: FleetReportHost[];
}

export function buildFleetReport(run: FleetRun, tool: { name: string; version: string }, lang: string): FleetReport {
  const counts = Object.fromEntries(HOST_RESULTS.map((r) => [r, 0])) as Record<HostResult, number>;
  for (const h of run.hosts) counts[h.result] += 1;
  return {
    schema: FLEET_REPORT_SCHEMA_ID,
    tool,
    lang,
    startedAt: run.startedAt.toISOString(),
    finishedAt: run.finishedAt.toISOString(),
    phase: run.phase,
    dryRun: run.dryRun,
    result: run.result,
    counts: { ...counts, total: run.hosts.length },
    findings: {
      diffGroups: run.diffGroups.map((g) => ({ factorySha256: g.factorySha256, diff: g.diff, hosts: [...g.hosts] })),
      clones: run.clones.map((c) => ({ ngtUuid: c.ngtUuid, hosts: [...c.hosts] })),
      unknownHostKeys: run.unknownHostKeys.map((k) => ({
        host: k.host,
        address: k.address,
        keyType: k.keyType,
        fingerprint: k.fingerprint,
      })),
    },
    hosts: run.hosts.map((h) => ({
      name: h.name,
      address: h.address,
      os: h.os,
      result: h.result,
      ...(h.code ? { code: h.code } : {}),
      ...(h.reason ? { reason: h.reason } : {}),
      ...(h.readiness ? { readiness: h.readiness } : {}),
      ...(h.factorySha256 ? { factorySha256: h.factorySha256 } : {}),
      durationMs: Math.max(0, Math.round(h.durationMs)),
      report: h.report ?? null,
    })),
  };
}

/** The report with each repaired clone finding carrying its repair's result per VM. Pure. */
export function withCloneRepairs(
  report: FleetReport,
  repairs: { ngtUuid: string; results: CloneRepairResult[] }[],
): FleetReport {
  if (repairs.length === 0) return report;
  const byUuid = new Map(repairs.map((r) => [r.ngtUuid, r.results]));
  return {
    ...report,
    findings: {
      ...report.findings,
      clones: report.findings.clones.map((c) => {
        const results = byUuid.get(c.ngtUuid);
        if (!results) return c;
        // Only the fields that hold a value: the report is the same in memory and as JSON.
        const repair = results.map(
          (r) => Object.fromEntries(Object.entries(r).filter(([, v]) => v !== undefined)) as CloneRepairResult,
        );
        return { ...c, repair };
      }),
    },
  };
}

export const FLEET_CSV_COLUMNS = [
  'name',
  'address',
  'os',
  'result',
  'readiness',
  'code',
  'reason',
  'factory_sha256',
  'duration_ms',
] as const;

/**
 * RFC 4180 fields; a field a spreadsheet would run as a formula (= + - @, tab, CR) gets a leading
 * apostrophe, as OWASP's CSV injection advice says, since names and reasons come from the VMs.
 */
function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function fleetReportCsv(report: FleetReport): string {
  const rows = report.hosts.map((h) =>
    [
      h.name,
      h.address,
      h.os,
      h.result,
      h.readiness ?? '',
      h.code ?? '',
      h.reason ?? '',
      h.factorySha256 ?? '',
      String(h.durationMs),
    ].map(csvField),
  );
  return [FLEET_CSV_COLUMNS.join(','), ...rows.map((r) => r.join(','))].join('\r\n') + '\r\n';
}
