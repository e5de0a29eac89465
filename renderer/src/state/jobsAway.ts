/**
 * What this window remembers about jobs whose page is not open: the jobs a
 * page left while they were still running (so their result is shown when the
 * page opens again, until the person dismisses it), and the job "Open" in the
 * list of jobs asked for. One store for the window, read by useJob and by the
 * list on the home screen (useSyncExternalStore).
 */
import { useSyncExternalStore } from 'react';

const leftRunning = new Set<string>();
let asked: string | null = null;
let snapshot: ReadonlySet<string> = new Set();
const listeners = new Set<() => void>();

function changed(): void {
  snapshot = new Set(leftRunning);
  for (const listener of listeners) listener();
}

/** A page closed while its job was running: show its result when the page opens again. */
export function noteLeftRunning(jobId: string): void {
  if (leftRunning.has(jobId)) return;
  leftRunning.add(jobId);
  changed();
}

/** The person has seen the job's end on its page, or dismissed it, or started another. */
export function forgetJob(jobId: string): void {
  if (!leftRunning.delete(jobId)) return;
  changed();
}

/** "Open" in the list of jobs: the page about to open takes up this job. */
export function askToOpen(jobId: string): void {
  asked = jobId;
}

/** The job "Open" asked for, once. */
export function takeAskedJob(): string | null {
  const jobId = asked;
  asked = null;
  return jobId;
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}

/** The jobs left running by a page, as a set that changes identity when its content does. */
export function jobsLeftRunning(): ReadonlySet<string> {
  return snapshot;
}

export function useJobsLeftRunning(): ReadonlySet<string> {
  return useSyncExternalStore(subscribe, jobsLeftRunning);
}
