import { useCallback, useEffect, useReducer, useRef, useState } from 'react';
import type { JobEvent } from '../../../main/engine/types';
import type {
  FleetCheckRequest,
  FleetCheckResult,
  IpcError,
  JobStartRequest,
  SequencedJobEvent,
} from '../../../main/ipc/contract';
import { FLEET_RUN_JOB_KINDS } from '../pages/pageJobKinds';
import { useApi } from '../api/apiContext';
import {
  attachBoard,
  boardFromHistories,
  initialBoard,
  reduceBoard,
  retriedJobOf,
  type FleetBoard,
} from './fleetBoardState';
import { useJob } from './useJob';

type Action =
  | { type: 'reset'; jobId: string; phase: FleetBoard['phase'] }
  | { type: 'attach'; jobId: string }
  | { type: 'replace'; board: FleetBoard | null }
  | { type: 'event'; event: JobEvent };

function reducer(board: FleetBoard | null, action: Action): FleetBoard | null {
  if (action.type === 'reset') return initialBoard(action.jobId, action.phase);
  if (action.type === 'replace') return action.board;
  if (action.type === 'attach') return board ? attachBoard(board, action.jobId) : board;
  return board ? reduceBoard(board, action.event) : board;
}

/** Events of jobs not yet known to this page are kept this long (job:start answers after the first ones). */
const MAX_BUFFERED = 20_000;
/** Retries of retries a board taken up again goes back through (each is a job main keeps). */
const MAX_RETRY_CHAIN = 20;

/**
 * The fleet board's job: the job itself (steps, prompts, cancel, its report)
 * through useJob, the host rows folded from its fleet events, and the fleet's
 * own channels (check, cancel one host, retry the failed, the fleet report).
 */
export function useFleetJob() {
  const api = useApi();
  const job = useJob(FLEET_RUN_JOB_KINDS);
  const [board, dispatch] = useReducer(reducer, null);
  const [checkError, setCheckError] = useState<IpcError | null>(null);
  const jobIdRef = useRef<string | null>(null);
  const buffered = useRef<SequencedJobEvent[]>([]);
  /** This page is starting a job itself: the board follows it from its first event, no history needed. */
  const starting = useRef(false);

  useEffect(
    () =>
      api.onJobEvent((event) => {
        if (!event.type.startsWith('fleet-')) return;
        if (event.jobId === jobIdRef.current) dispatch({ type: 'event', event });
        else if (buffered.current.length < MAX_BUFFERED) buffered.current.push(event);
      }),
    [api],
  );

  const follow = useCallback((jobId: string, action: Action) => {
    jobIdRef.current = jobId;
    dispatch(action);
    for (const event of buffered.current) if (event.jobId === jobId) dispatch({ type: 'event', event });
    buffered.current = [];
  }, []);

  // A fleet that went on while the page was away, taken up again by useJob: the
  // board is folded from the same history (main numbers the events; those that
  // crossed the answer are kept by number), then follows live. A retry of the
  // failed hosts goes on from the fleet it retried: that job's history (and its
  // own retries', back to the first run) is folded first.
  const viewJobId = job.view?.jobId;
  useEffect(() => {
    if (!viewJobId || viewJobId === jobIdRef.current || starting.current) return;
    let current = true;
    jobIdRef.current = null;
    void (async () => {
      const result = await api.attachJob(viewJobId);
      if (!current || !result.ok) return;
      const { events, lastSeq } = result.value;
      const histories = [{ jobId: viewJobId, events: events as JobEvent[] }];
      for (let earlier = retriedJobOf(events); earlier && histories.length < MAX_RETRY_CHAIN;) {
        const before = await api.attachJob(earlier);
        if (!current) return;
        if (!before.ok) break; // no longer kept in main: the board starts from what is
        histories.unshift({ jobId: earlier, events: before.value.events });
        earlier = retriedJobOf(before.value.events);
      }
      const meanwhile = buffered.current.filter((e) => e.jobId === viewJobId && e.seq > lastSeq);
      buffered.current = [];
      histories[histories.length - 1] = { jobId: viewJobId, events: [...events, ...meanwhile] };
      jobIdRef.current = viewJobId;
      dispatch({ type: 'replace', board: boardFromHistories(histories, 'all') });
    })();
    return () => {
      current = false;
    };
  }, [api, viewJobId]);

  const start = useCallback(
    async (request: Extract<JobStartRequest, { kind: 'fleet' }>) => {
      jobIdRef.current = null;
      starting.current = true;
      try {
        const jobId = await job.start(request);
        if (jobId) follow(jobId, { type: 'reset', jobId, phase: request.params.phase ?? 'all' });
        return jobId;
      } finally {
        starting.current = false;
      }
    },
    [job, follow],
  );

  const retryFailed = useCallback(async () => {
    const previous = jobIdRef.current;
    if (!previous) return null;
    jobIdRef.current = null;
    starting.current = true;
    try {
      const jobId = await job.start({ kind: 'fleet-retry', params: { retryOf: previous } });
      if (jobId) follow(jobId, { type: 'attach', jobId });
      else jobIdRef.current = previous;
      return jobId;
    } finally {
      starting.current = false;
    }
  }, [job, follow]);

  const check = useCallback(
    async (request: FleetCheckRequest): Promise<FleetCheckResult | null> => {
      setCheckError(null);
      const result = await api.checkFleet(request);
      if (result.ok) return result.value;
      setCheckError(result.error);
      return null;
    },
    [api],
  );

  const cancelHost = useCallback(
    async (host: string) => {
      if (jobIdRef.current) await api.cancelFleetHost(jobIdRef.current, host);
    },
    [api],
  );

  const exportFleetReport = useCallback(
    (format: 'json' | 'html' | 'csv') =>
      jobIdRef.current
        ? api.exportFleetReport(jobIdRef.current, format)
        : Promise.resolve({ ok: false as const, error: { code: 'JOB_NOT_FOUND', message: 'No fleet has run.' } }),
    [api],
  );

  const board_ = board && board.jobId === job.view?.jobId ? board : null;
  return { job, board: board_, start, retryFailed, check, checkError, cancelHost, exportFleetReport };
}

export type FleetJobControl = ReturnType<typeof useFleetJob>;
