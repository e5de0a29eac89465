/**
 * The fleet board's view of a fleet job, folded from its fleet events: one
 * row per host (name, address, OS, phase, status, last message, duration,
 * readiness) with the host's own single-VM job view for the drill-down, the
 * readiness table, and the pure sort / filter / count / progress the table
 * uses. Pure: the same events always give the same board.
 */
import type { FleetHostInfo, FleetHostResult, JobEvent, Phase } from '../../../main/engine/types';
import { initialJobView, reduceJobEvent, type JobView } from './jobState';

export type HostStatus = 'waiting' | 'running' | FleetHostResult;
export const HOST_STATUSES: readonly HostStatus[] = [
  'waiting',
  'running',
  'ok',
  'warn',
  'failed',
  'cancelled',
  'skipped',
];

export interface HostRow extends FleetHostInfo {
  status: HostStatus;
  phase?: Phase;
  /** The pass the host last ended. */
  pass?: 'prepare' | 'install';
  lastMessage: string;
  durationMs?: number;
  readiness?: string;
  code?: string;
  /** The running step's progress, while it reports one (a Prism Central task's percent). */
  progress?: { stepId: string; percent: number; label?: string };
  /** The host's own job (its latest pass): steps, log, report. */
  view?: JobView;
}

export interface ReadinessView {
  rows: { host: string; address: string; readiness: string; code?: string; reason?: string; factorySha256?: string }[];
  clones: { ngtUuid: string; hosts: string[] }[];
}

export interface FleetBoard {
  jobId: string;
  /** prepare: the host is done after its prepare pass; all: after its install pass. */
  phase: 'prepare' | 'all';
  order: string[];
  rows: Record<string, HostRow>;
  readiness?: ReadinessView;
}

export function initialBoard(jobId: string, phase: FleetBoard['phase']): FleetBoard {
  return { jobId, phase, order: [], rows: {} };
}

/** The same hosts under a new job (a retry of the failed ones): the others keep their rows. */
export function attachBoard(board: FleetBoard, jobId: string): FleetBoard {
  return { ...board, jobId };
}

/** The job a fleet job's history says it retried (its 'fleet-hosts' event), if any. */
export function retriedJobOf(events: readonly JobEvent[]): string | undefined {
  for (const e of events) if (e.type === 'fleet-hosts') return e.retryOf;
  return undefined;
}

/**
 * A board rebuilt from the histories of a fleet and its retries, oldest first:
 * each retry's events over the rows the jobs before it left, so the hosts a
 * retry did not run keep their results (and their drill-down) and the
 * retried hosts show their new ones. The board follows the newest job.
 */
export function boardFromHistories(
  histories: readonly { jobId: string; events: readonly JobEvent[] }[],
  phase: FleetBoard['phase'],
): FleetBoard | null {
  let board: FleetBoard | null = null;
  for (const { jobId, events } of histories) {
    board = board ? attachBoard(board, jobId) : initialBoard(jobId, phase);
    for (const event of events) board = reduceBoard(board, event);
  }
  return board;
}

function hostEvent(row: HostRow, event: JobEvent): HostRow {
  if (event.type === 'job-started') {
    const view = reduceJobEvent(initialJobView(event.jobId), event);
    return { ...row, view, status: 'running', phase: 'prepare', durationMs: undefined };
  }
  const view = row.view ? reduceJobEvent(row.view, event) : row.view;
  const next: HostRow = { ...row, view };
  if (event.type === 'progress') {
    const percent = event.max > 0 ? Math.round((Math.min(event.current, event.max) * 100) / event.max) : 0;
    next.progress = { stepId: event.stepId, percent: Math.max(0, percent), label: event.label };
    return next;
  }
  // A step that starts or ends, or the job's end, ends the progress of the one before.
  if (event.type === 'step-started' || event.type === 'step-finished' || event.type === 'job-finished')
    next.progress = undefined;
  if (event.type === 'step-started') {
    const step = view?.steps.find((s) => s.id === event.stepId);
    if (step) Object.assign(next, { phase: step.phase, lastMessage: step.title });
  } else if (event.type === 'step-finished') next.lastMessage = event.outcome.summary;
  else if (event.type === 'log' && event.level !== 'debug') next.lastMessage = event.text;
  else if (event.type === 'job-finished') {
    // At the end, what the pass came to: its failure, else its last step that ran.
    const steps = event.report.steps;
    const said = steps.find((s) => s.status === 'fail') ?? [...steps].reverse().find((s) => s.status !== 'skipped');
    if (said) next.lastMessage = said.summary;
  }
  return next;
}

export function reduceBoard(board: FleetBoard, event: JobEvent): FleetBoard {
  if (event.jobId !== board.jobId) return board;
  switch (event.type) {
    case 'fleet-hosts': {
      const rows = { ...board.rows };
      for (const h of event.hosts) rows[h.name] = rows[h.name] ?? { ...h, status: 'waiting', lastMessage: '' };
      const order = [...board.order, ...event.hosts.map((h) => h.name).filter((n) => !board.rows[n])];
      return { ...board, rows, order, phase: event.phase ?? board.phase };
    }
    case 'fleet-host': {
      const row = board.rows[event.host];
      if (!row) return board;
      return { ...board, rows: { ...board.rows, [event.host]: hostEvent(row, event.event) } };
    }
    case 'fleet-host-result': {
      const row = board.rows[event.host];
      if (!row) return board;
      const updated: HostRow = {
        ...row,
        status: event.result,
        pass: event.pass,
        code: event.code,
        readiness: event.readiness ?? row.readiness,
        durationMs: event.durationMs,
        lastMessage: event.reason ?? row.lastMessage,
        progress: undefined,
      };
      return { ...board, rows: { ...board.rows, [event.host]: updated } };
    }
    case 'fleet-readiness':
      return { ...board, readiness: { rows: event.rows, clones: event.clones } };
    default:
      return board;
  }
}

/** A host has nothing more to do in this job. */
export function isHostDone(row: HostRow, phase: FleetBoard['phase']): boolean {
  if (row.status === 'waiting' || row.status === 'running') return false;
  if (phase === 'prepare' || row.pass === 'install') return true;
  // After prepare, only ok and warn hosts go on to install.
  return row.status !== 'ok' && row.status !== 'warn';
}

export function boardRows(board: FleetBoard): HostRow[] {
  return board.order.map((n) => board.rows[n]!);
}

export function statusCounts(rows: readonly HostRow[]): Record<HostStatus, number> {
  const counts = Object.fromEntries(HOST_STATUSES.map((s) => [s, 0])) as Record<HostStatus, number>;
  for (const r of rows) counts[r.status] += 1;
  return counts;
}

/** Hosts done over hosts, 0..1; 1 once the job has finished whatever the rows say. */
export function fleetProgress(board: FleetBoard, finished: boolean): { done: number; total: number } {
  const rows = boardRows(board);
  const done = finished ? rows.length : rows.filter((r) => isHostDone(r, board.phase)).length;
  return { done, total: rows.length };
}

export type SortKey = 'name' | 'address' | 'os' | 'phase' | 'status' | 'lastMessage' | 'durationMs';
export interface SortOrder {
  key: SortKey;
  direction: 'ascending' | 'descending';
}

const PHASE_ORDER: Record<string, number> = { prepare: 0, install: 1, verify: 2 };
/** Failed first when sorting by status ascending: what needs a person comes to the top. */
const STATUS_ORDER: Record<HostStatus, number> = {
  failed: 0,
  cancelled: 1,
  warn: 2,
  running: 3,
  waiting: 4,
  skipped: 5,
  ok: 6,
};

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

function compare(a: HostRow, b: HostRow, key: SortKey): number {
  switch (key) {
    case 'status':
      return STATUS_ORDER[a.status] - STATUS_ORDER[b.status];
    case 'phase':
      return (PHASE_ORDER[a.phase ?? ''] ?? -1) - (PHASE_ORDER[b.phase ?? ''] ?? -1);
    case 'durationMs':
      return (a.durationMs ?? -1) - (b.durationMs ?? -1);
    default:
      return collator.compare(a[key], b[key]);
  }
}

/** Sorted by one column, ties in inventory order (the sort is stable). */
export function sortRows(rows: readonly HostRow[], order: SortOrder): HostRow[] {
  const sign = order.direction === 'ascending' ? 1 : -1;
  return [...rows].sort((a, b) => sign * compare(a, b, order.key));
}

export interface RowFilter {
  /** Any part of the name, address, groups or last message, any case. */
  text: string;
  /** Empty: every status. */
  statuses: readonly HostStatus[];
}

export function filterRows(rows: readonly HostRow[], filter: RowFilter): HostRow[] {
  const q = filter.text.trim().toLowerCase();
  return rows.filter(
    (r) =>
      (filter.statuses.length === 0 || filter.statuses.includes(r.status)) &&
      (!q ||
        r.name.toLowerCase().includes(q) ||
        r.address.toLowerCase().includes(q) ||
        r.lastMessage.toLowerCase().includes(q) ||
        r.groups.some((g) => g.toLowerCase().includes(q))),
  );
}

/** The hosts a retry would run again. */
export function failedHosts(board: FleetBoard): string[] {
  return boardRows(board)
    .filter((r) => r.status === 'failed')
    .map((r) => r.name);
}
