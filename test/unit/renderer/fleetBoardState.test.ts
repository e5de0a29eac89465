/** The fleet board's rows from fleet events, and the table's sort, filter, counts and progress. Pure. */
import { describe, expect, it } from 'vitest';

import type { JobEvent } from '../../../main/engine/types';
import {
  attachBoard,
  boardRows,
  failedHosts,
  filterRows,
  fleetProgress,
  initialBoard,
  reduceBoard,
  sortRows,
  statusCounts,
  type FleetBoard,
} from '../../../renderer/src/state/fleetBoardState';

const at = '2026-01-01T00:00:00.000Z';
const J = 'fleet-1';

function fold(board: FleetBoard, events: JobEvent[]): FleetBoard {
  return events.reduce(reduceBoard, board);
}

const hosts: JobEvent = {
  type: 'fleet-hosts',
  jobId: J,
  hosts: ['vm10', 'vm2', 'vm1'].map((name, i) => ({
    name,
    address: `10.0.0.${i + 1}`,
    os: 'linux' as const,
    groups: name === 'vm2' ? ['web'] : [],
  })),
};

const inner = (host: string, event: JobEvent): JobEvent => ({ type: 'fleet-host', jobId: J, host, event });
const result = (host: string, pass: 'prepare' | 'install', r: 'ok' | 'failed', durationMs = 1000): JobEvent => ({
  type: 'fleet-host-result',
  jobId: J,
  host,
  pass,
  result: r,
  durationMs,
  ...(r === 'failed' ? { code: 'SSH_CONNECT_REFUSED', reason: 'Connection refused' } : {}),
});

describe('fleet board state', () => {
  it("carries a running step's progress (a Prism Central task's percent) in the host's row, until the step ends", () => {
    const start: JobEvent[] = [
      hosts,
      inner('vm2', {
        type: 'job-started',
        jobId: 'h2',
        kind: 'fleet-pc-push',
        target: 'vm2',
        steps: [{ id: 'pc-install', phase: 'install', title: 'Install NGT (Prism Central task)', advisory: false }],
        at,
      }),
      inner('vm2', { type: 'step-started', jobId: 'h2', stepId: 'pc-install', at }),
      inner('vm2', {
        type: 'progress',
        jobId: 'h2',
        stepId: 'pc-install',
        current: 40,
        max: 100,
        label: 'Installing NGT: task RUNNING 40%',
      }),
    ];
    const running = fold(initialBoard(J, 'all'), start);
    expect(running.rows.vm2!.status).toBe('running');
    expect(running.rows.vm2!.progress).toEqual({
      stepId: 'pc-install',
      percent: 40,
      label: 'Installing NGT: task RUNNING 40%',
    });
    expect(running.rows.vm1!.progress).toBeUndefined();
    const ended = fold(running, [
      inner('vm2', {
        type: 'step-finished',
        jobId: 'h2',
        stepId: 'pc-install',
        outcome: { status: 'ok', summary: 'vm2: NGT installed by Prism Central' },
        durationMs: 5,
      }),
    ]);
    expect(ended.rows.vm2!.progress).toBeUndefined();
    expect(ended.rows.vm2!.lastMessage).toBe('vm2: NGT installed by Prism Central');
  });

  it('folds a host job into its row: phase, status, last message, steps and log', () => {
    const board = fold(initialBoard(J, 'all'), [
      hosts,
      inner('vm1', {
        type: 'job-started',
        jobId: 'h1',
        kind: 'linux-install',
        target: 'vm1',
        steps: [{ id: 'connect', phase: 'prepare', title: 'Connect over SSH', advisory: false }],
        at,
      }),
      inner('vm1', { type: 'step-started', jobId: 'h1', stepId: 'connect', at }),
      inner('vm1', { type: 'log', jobId: 'h1', stepId: 'connect', level: 'info', text: 'Connected', at }),
      // Another job's events never touch this board.
      { type: 'fleet-host-result', jobId: 'other', host: 'vm2', pass: 'prepare', result: 'failed', durationMs: 1 },
    ]);
    const vm1 = board.rows.vm1!;
    expect([vm1.status, vm1.phase, vm1.lastMessage]).toEqual(['running', 'prepare', 'Connected']);
    expect(vm1.view?.steps.map((s) => [s.id, s.status])).toEqual([['connect', 'running']]);
    expect(vm1.view?.logs.map((l) => l.text)).toEqual(['Connected']);
    expect(board.rows.vm2!.status).toBe('waiting');
    // When its pass ends, the row says what it came to, not its last log line.
    const finished = reduceBoard(
      board,
      inner('vm1', {
        type: 'job-finished',
        jobId: 'h1',
        result: 'ok',
        report: {
          schema: 'ngt-prep/report@1',
          tool: { name: 'ngt-prep', version: 'test' },
          job: { id: 'h1', kind: 'linux-install', target: 'vm1', lang: 'en' },
          startedAt: at,
          finishedAt: at,
          result: 'ok',
          steps: [
            {
              id: 'connect',
              phase: 'prepare',
              title: 'Connect',
              status: 'ok',
              summary: 'Connected as root',
              durationMs: 1,
            },
            {
              id: 'cleanup',
              phase: 'verify',
              title: 'Clean up',
              status: 'skipped',
              summary: 'Nothing to do',
              durationMs: 0,
            },
          ],
        },
      }),
    );
    expect(finished.rows.vm1!.lastMessage).toBe('Connected as root');
  });

  it('counts, progress: a host prepared for an install is not done; a failed prepare is', () => {
    const board = fold(initialBoard(J, 'all'), [
      hosts,
      result('vm1', 'prepare', 'ok'),
      result('vm2', 'prepare', 'failed'),
    ]);
    expect(statusCounts(boardRows(board))).toMatchObject({ ok: 1, failed: 1, waiting: 1, running: 0 });
    expect(fleetProgress(board, false)).toEqual({ done: 1, total: 3 });
    const installed = reduceBoard(board, result('vm1', 'install', 'ok'));
    expect(fleetProgress(installed, false)).toEqual({ done: 2, total: 3 });
    expect(fleetProgress(installed, true)).toEqual({ done: 3, total: 3 });
    // A prepare-only fleet is done with a host after its prepare pass.
    expect(fleetProgress({ ...board, phase: 'prepare' }, false)).toEqual({ done: 2, total: 3 });
    expect(failedHosts(board)).toEqual(['vm2']);
    expect(board.rows.vm2!.lastMessage).toBe('Connection refused');
  });

  it('sorts by name in natural order, by status with failures first, by duration; filters by text and status', () => {
    const board = fold(initialBoard(J, 'prepare'), [
      hosts,
      result('vm1', 'prepare', 'ok', 3000),
      result('vm2', 'prepare', 'failed', 500),
    ]);
    const rows = boardRows(board);
    const names = (r: typeof rows) => r.map((x) => x.name);
    expect(names(sortRows(rows, { key: 'name', direction: 'ascending' }))).toEqual(['vm1', 'vm2', 'vm10']);
    expect(names(sortRows(rows, { key: 'name', direction: 'descending' }))).toEqual(['vm10', 'vm2', 'vm1']);
    expect(names(sortRows(rows, { key: 'status', direction: 'ascending' }))).toEqual(['vm2', 'vm10', 'vm1']);
    expect(names(sortRows(rows, { key: 'durationMs', direction: 'descending' }))).toEqual(['vm1', 'vm2', 'vm10']);
    expect(names(filterRows(rows, { text: 'WEB', statuses: [] }))).toEqual(['vm2']);
    expect(names(filterRows(rows, { text: '10.0.0.3', statuses: [] }))).toEqual(['vm1']);
    expect(names(filterRows(rows, { text: 'refused', statuses: [] }))).toEqual(['vm2']);
    expect(names(filterRows(rows, { text: '', statuses: ['ok', 'waiting'] }))).toEqual(['vm10', 'vm1']);
  });

  it('a retry keeps the rows of the hosts it does not run', () => {
    const board = fold(initialBoard(J, 'prepare'), [
      hosts,
      result('vm1', 'prepare', 'ok'),
      result('vm2', 'prepare', 'failed'),
    ]);
    const retried = reduceBoard(attachBoard(board, 'fleet-2'), {
      type: 'fleet-hosts',
      jobId: 'fleet-2',
      hosts: [{ name: 'vm2', address: '10.0.0.2', os: 'linux', groups: [] }],
    });
    expect(boardRows(retried).map((r) => [r.name, r.status])).toEqual([
      ['vm10', 'waiting'],
      ['vm2', 'failed'],
      ['vm1', 'ok'],
    ]);
    const ok = reduceBoard(retried, { ...result('vm2', 'prepare', 'ok'), jobId: 'fleet-2' });
    expect(ok.rows.vm2!.status).toBe('ok');
  });
});
