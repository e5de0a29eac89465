import { useCallback, useEffect, useReducer, useRef, useState } from 'react';
import type { JobEvent } from '../../../main/engine/types';
import type { JobStartRequest, IpcError, SequencedJobEvent } from '../../../main/ipc/contract';
import { useApi } from '../api/apiContext';
import { eventsAfterAttach, jobToAttach, liveEventAction } from './jobAttach';
import { forgetJob, jobsLeftRunning, noteLeftRunning, takeAskedJob } from './jobsAway';
import { initialJobView, reduceJobEvent, type JobView } from './jobState';

const NO_JOB = { ok: false, error: { code: 'JOB_NOT_FOUND', message: 'No job has started on this page.' } } as const;

type Action = { type: 'reset'; jobId: string; events?: readonly JobEvent[] } | { type: 'event'; event: JobEvent };

function reducer(state: JobView | null, action: Action): JobView | null {
  if (action.type === 'reset') return (action.events ?? []).reduce(reduceJobEvent, initialJobView(action.jobId));
  return state ? reduceJobEvent(state, action.event) : state;
}

/**
 * Starts jobs and folds their events into a view; one job at a time per screen.
 * With `kinds` (the job kinds the page runs), the page takes up again, when it
 * opens, a job of those kinds that went on while it was away (see ./jobAttach.ts).
 */
export function useJob(kinds?: readonly string[]) {
  const api = useApi();
  const [view, dispatch] = useReducer(reducer, null);
  const [startError, setStartError] = useState<IpcError | null>(null);
  /** Events kept while the page waits for job:start (any job) or job:attach (its job). */
  const buffered = useRef<SequencedJobEvent[]>([]);
  const waiting = useRef(false);
  const jobIdRef = useRef<string | null>(null);
  /** The newest event folded into the view: a live event at or below it is already there. */
  const lastSeq = useRef(0);
  /** Which start or attach is the current one: an answer to an older one is dropped. */
  const generation = useRef(0);
  const viewRef = useRef(view);
  viewRef.current = view;
  const kindsRef = useRef(kinds);

  useEffect(
    () =>
      api.onJobEvent((event) => {
        if (waiting.current) {
          if (!jobIdRef.current || event.jobId === jobIdRef.current) buffered.current.push(event);
        } else if (event.jobId === jobIdRef.current) {
          const action = liveEventAction(lastSeq.current, event);
          if (action === 'fold') {
            lastSeq.current = event.seq;
            dispatch({ type: 'event', event });
          } else if (action === 'reattach') void attachRef.current(event.jobId);
        }
      }),
    [api],
  );

  /** Main is asked about a job (`null`: its id is not known yet); live events are kept meanwhile. */
  const awaitMain = useCallback((jobId: string | null) => {
    jobIdRef.current = jobId;
    waiting.current = true;
    buffered.current = [];
    return ++generation.current;
  }, []);

  /** Shows the job from its history and what arrived meanwhile; newer live events follow. */
  const show = useCallback((jobId: string, history: readonly SequencedJobEvent[], historySeq: number) => {
    const meanwhile = buffered.current.filter((e) => e.jobId === jobId);
    const events = eventsAfterAttach(history, historySeq, meanwhile);
    buffered.current = [];
    waiting.current = false;
    jobIdRef.current = jobId;
    lastSeq.current = Math.max(historySeq, events[events.length - 1]?.seq ?? 0);
    dispatch({ type: 'reset', jobId, events });
  }, []);

  /** Shows the job's view from its history, then follows it live. */
  const attach = useCallback(
    async (jobId: string) => {
      const mine = awaitMain(jobId);
      const result = await api.attachJob(jobId);
      if (mine !== generation.current) return false;
      if (!result.ok) {
        waiting.current = false;
        jobIdRef.current = null;
        return false;
      }
      show(jobId, result.value.events, result.value.lastSeq);
      return true;
    },
    [api, awaitMain, show],
  );

  const attachRef = useRef(attach);
  attachRef.current = attach;

  // Opening the page: take up the job of its kinds that went on while it was away.
  useEffect(() => {
    const pageKinds = kindsRef.current;
    if (!pageKinds) return;
    const asked = takeAskedJob();
    const opened = generation.current;
    void api.listJobs().then((listed) => {
      if (!listed.ok || opened !== generation.current) return;
      const jobId = jobToAttach(listed.value.jobs, pageKinds, jobsLeftRunning(), asked);
      if (jobId) void attach(jobId);
    });
  }, [api, attach]);

  // Leaving the page: a running job's result is shown when it opens again; a finished one has been seen.
  useEffect(
    () => () => {
      const left = viewRef.current;
      if (!left?.jobId) return;
      if (left.result) forgetJob(left.jobId);
      else noteLeftRunning(left.jobId);
    },
    [],
  );

  const start = useCallback(
    async (request: JobStartRequest) => {
      setStartError(null);
      if (jobIdRef.current) forgetJob(jobIdRef.current);
      const mine = awaitMain(null);
      const result = await api.startJob(request);
      if (mine !== generation.current) return null;
      if (!result.ok) {
        waiting.current = false;
        setStartError(result.error);
        return null;
      }
      // Events sent before job:start answered were kept: the job has no history to ask for.
      show(result.value.jobId, [], 0);
      return result.value.jobId;
    },
    [api, awaitMain, show],
  );

  const cancel = useCallback(async () => {
    if (jobIdRef.current) await api.cancelJob(jobIdRef.current);
  }, [api]);

  const answer = useCallback(
    async (promptId: string, accept: boolean) => {
      if (jobIdRef.current) await api.answerPrompt(jobIdRef.current, promptId, accept);
    },
    [api],
  );

  /** The finished job's report as a file to save; the error envelope when main could not make it. */
  const exportReport = useCallback(
    (format: 'json' | 'html') =>
      jobIdRef.current ? api.exportReport(jobIdRef.current, format) : Promise.resolve(NO_JOB),
    [api],
  );

  /** Every log line of the job, debug lines included (main keeps them; the screen never gets them). */
  const readLog = useCallback(() => (jobIdRef.current ? api.jobLog(jobIdRef.current) : Promise.resolve(NO_JOB)), [api]);

  const clear = useCallback(() => {
    generation.current++;
    if (jobIdRef.current) forgetJob(jobIdRef.current);
    jobIdRef.current = null;
    waiting.current = false;
    dispatch({ type: 'reset', jobId: '' });
  }, []);

  const current = view && view.jobId ? view : null;
  /** A job has started and not finished: the page's start buttons wait. */
  const running = !!current && !current.result;
  return { view: current, running, start, attach, cancel, answer, exportReport, readLog, clear, startError };
}

export type JobControl = ReturnType<typeof useJob>;
