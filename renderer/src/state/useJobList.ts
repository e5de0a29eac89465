import { useEffect, useState } from 'react';
import type { JobSummary } from '../../../main/ipc/contract';
import { useApi } from '../api/apiContext';

/** Why the list is read again: a job began, asked, was answered or ended. */
const LIST_CHANGES = new Set(['job-started', 'prompt', 'prompt-closed', 'job-finished']);

/**
 * The jobs main keeps ('job:list', newest first), read when the screen opens
 * and again whenever a job's state changes; no polling.
 */
export function useJobList(): JobSummary[] {
  const api = useApi();
  const [jobs, setJobs] = useState<JobSummary[]>([]);
  useEffect(() => {
    let asked = 0;
    let stopped = false;
    const read = () => {
      const mine = ++asked;
      void api.listJobs().then((listed) => {
        // Answers can cross: only the newest question's answer counts.
        if (!stopped && mine === asked && listed.ok) setJobs(listed.value.jobs);
      });
    };
    const unsubscribe = api.onJobEvent((event) => {
      if (LIST_CHANGES.has(event.type)) read();
    });
    read();
    return () => {
      stopped = true;
      unsubscribe();
    };
  }, [api]);
  return jobs;
}
