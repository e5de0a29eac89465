/**
 * Going back to a job that went on while its page was away. Which job a page
 * takes up again, and how the history from 'job:attach' and the live events
 * that cross it on the way meet without a gap or a duplicate: main numbers
 * each job's events (main/app/jobHistory.ts), the page listens before it
 * asks, keeps what arrives meanwhile, and takes only numbers after the
 * newest it has folded; a number skipped means events were lost, and the page
 * asks for the history again. Pure.
 */
import type { JobSummary, SequencedJobEvent } from '../../../main/ipc/contract';

/**
 * The job a page shows when it opens: the one asked for ("Open" in the list
 * of jobs) when it is of the page's kinds; else the newest running job of
 * those kinds; else the newest that finished while the page was away and has
 * not been dismissed. `jobs` is newest first, as 'job:list' gives it.
 */
export function jobToAttach(
  jobs: readonly JobSummary[],
  kinds: readonly string[],
  away: ReadonlySet<string>,
  asked?: string | null,
): string | undefined {
  const mine = jobs.filter((j) => kinds.includes(j.kind));
  return (
    mine.find((j) => j.jobId === asked)?.jobId ??
    mine.find((j) => j.state !== 'finished')?.jobId ??
    mine.find((j) => away.has(j.jobId))?.jobId
  );
}

/**
 * The events to fold after an attach, in order: the history, then whatever
 * live event of the job (the caller keeps only that job's) came in while the
 * history was on its way and is newer than the history's newest (an older one
 * is already in the history), each once.
 */
export function eventsAfterAttach(
  history: readonly SequencedJobEvent[],
  lastSeq: number,
  arrivedMeanwhile: readonly SequencedJobEvent[],
): SequencedJobEvent[] {
  const later = arrivedMeanwhile
    .filter((e) => e.seq > lastSeq)
    .sort((a, b) => a.seq - b.seq)
    .filter((e, i, all) => i === 0 || all[i - 1]!.seq !== e.seq);
  return [...history, ...later];
}

/**
 * What to do with a live event of the job on screen, given the newest one
 * folded: fold the next one; skip one already folded; and when numbers were
 * skipped (events lost on the way, e.g. while the browser host's socket was
 * reconnecting), take the job up again from main's history.
 */
export function liveEventAction(newestFolded: number, event: SequencedJobEvent): 'fold' | 'skip' | 'reattach' {
  // An event main sent past the numbering (not through AppService's relay) is folded as it comes.
  if (!Number.isInteger(event.seq)) return 'fold';
  if (event.seq <= newestFolded) return 'skip';
  return event.seq === newestFolded + 1 ? 'fold' : 'reattach';
}
