import { useCallback, useEffect, useReducer, useRef, useState } from 'react';
import type { JobEvent } from '../../../main/engine/types';
import type { JobStartRequest, IpcError } from '../../../main/ipc/contract';
import { useApi } from '../api/apiContext';
import { initialJobView, reduceJobEvent, type JobView } from './jobState';

const NO_JOB = { ok: false, error: { code: 'JOB_NOT_FOUND', message: 'No job has started on this page.' } } as const;

type Action = { type: 'reset'; jobId: string } | { type: 'event'; event: JobEvent };

function reducer(state: JobView | null, action: Action): JobView | null {
  if (action.type === 'reset') return initialJobView(action.jobId);
  return state ? reduceJobEvent(state, action.event) : state;
}

/** Starts jobs and folds their events into a view; one job at a time per screen. */
export function useJob() {
  const api = useApi();
  const [view, dispatch] = useReducer(reducer, null);
  const [startError, setStartError] = useState<IpcError | null>(null);
  const buffered = useRef<JobEvent[]>([]);
  const jobIdRef = useRef<string | null>(null);

  useEffect(
    () =>
      api.onJobEvent((event) => {
        // Events can arrive before job:start answers: keep them until we know our id.
        if (!jobIdRef.current) buffered.current.push(event);
        else if (event.jobId === jobIdRef.current) dispatch({ type: 'event', event });
      }),
    [api],
  );

  const start = useCallback(
    async (request: JobStartRequest) => {
      setStartError(null);
      jobIdRef.current = null;
      buffered.current = [];
      const result = await api.startJob(request);
      if (!result.ok) {
        setStartError(result.error);
        return null;
      }
      jobIdRef.current = result.value.jobId;
      dispatch({ type: 'reset', jobId: result.value.jobId });
      for (const event of buffered.current) if (event.jobId === result.value.jobId) dispatch({ type: 'event', event });
      buffered.current = [];
      return result.value.jobId;
    },
    [api],
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
    jobIdRef.current = null;
    dispatch({ type: 'reset', jobId: '' });
  }, []);

  const current = view && view.jobId ? view : null;
  /** A job has started and not finished: the page's start buttons wait. */
  const running = !!current && !current.result;
  return { view: current, running, start, cancel, answer, exportReport, readLog, clear, startError };
}

export type JobControl = ReturnType<typeof useJob>;
