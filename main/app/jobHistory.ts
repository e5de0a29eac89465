/**
 * One job's history as the front ends were sent it, so a view that was away
 * (a page left and opened again, a reloaded tab) can be rebuilt with the same
 * reducer and then follow the live events. Every event is numbered here, and
 * the numbered event is the very object that is broadcast: the history holds
 * nothing the live events did not (they went through the job's redactor, and
 * debug lines are never sent, so never kept).
 *
 * Bounded: the events that shape the view (job and step starts and ends,
 * questions) are a few per step and all kept; log lines only the newest
 * SCREEN_LOG_LINES (what the view keeps anyway); progress only the newest
 * per step (each replaces the one before it on screen). A fleet's hosts
 * (fleet-host events) likewise: each host's newest HOST_LOG_LINES log lines
 * and its newest progress per step, so 500 hosts stay within bounds. Pure.
 */
import type { JobEvent } from '../engine/types';
import { SCREEN_LOG_LINES, type JobAttachment, type JobSummary, type SequencedJobEvent } from '../ipc/contract';

/** A fleet host's log lines kept for a board taken up again (its drill-down shows them). */
export const HOST_LOG_LINES = 500;

export class JobHistory {
  private seq = 0;
  private readonly shaping: SequencedJobEvent[] = [];
  /** Newest at the end; trimmed to the limit in batches so a long job's log costs O(1) a line. */
  private logs: SequencedJobEvent[] = [];
  private readonly progress = new Map<string, SequencedJobEvent>();
  private readonly hostLogs = new Map<string, SequencedJobEvent[]>();
  private readonly openPrompts = new Set<string>();
  private readonly summary: JobSummary;

  constructor(
    jobId: string,
    kind: string,
    startedAt: string,
    private readonly logLimit = SCREEN_LOG_LINES,
  ) {
    this.summary = { jobId, kind, title: '', startedAt, state: 'running' };
  }

  /** Numbers the event, keeps what a view needs of it, and hands back what to broadcast. */
  record(event: JobEvent): SequencedJobEvent {
    const sequenced: SequencedJobEvent = { ...event, seq: ++this.seq };
    switch (event.type) {
      case 'log':
        this.logs.push(sequenced);
        if (this.logs.length >= 2 * this.logLimit) this.logs = this.logs.slice(-this.logLimit);
        return sequenced;
      case 'progress':
        this.progress.set(event.stepId, sequenced);
        return sequenced;
      case 'fleet-host':
        if (event.event.type === 'log') {
          const lines = this.hostLogs.get(event.host) ?? [];
          lines.push(sequenced);
          this.hostLogs.set(event.host, lines.length >= 2 * HOST_LOG_LINES ? lines.slice(-HOST_LOG_LINES) : lines);
          return sequenced;
        }
        if (event.event.type === 'progress') {
          this.progress.set(`${event.host}\u0000${event.event.stepId}`, sequenced);
          return sequenced;
        }
        break;
      case 'job-started':
        this.summary.kind = event.kind;
        this.summary.title = event.target;
        this.summary.startedAt = event.at;
        break;
      case 'prompt':
        this.openPrompts.add(event.promptId);
        break;
      case 'prompt-closed':
        this.openPrompts.delete(event.promptId);
        break;
      case 'job-finished':
        this.openPrompts.clear();
        this.summary.result = event.result;
        this.summary.finishedAt = event.report.finishedAt;
        break;
    }
    this.shaping.push(sequenced);
    return sequenced;
  }

  get finished(): boolean {
    return this.summary.result !== undefined;
  }

  /** Where the job stands, for 'job:list'. */
  describe(): JobSummary {
    const state = this.finished ? 'finished' : this.openPrompts.size ? 'waiting' : 'running';
    return { ...this.summary, state };
  }

  /**
   * Everything kept, in the order it was sent. Folding these events gives the
   * view the live events gave (older log lines beyond the limit aside, which
   * the view drops too); events numbered after lastSeq are the live ones.
   */
  attach(): JobAttachment {
    const hostLogs = [...this.hostLogs.values()].flatMap((lines) => lines.slice(-HOST_LOG_LINES));
    const events = [...this.shaping, ...this.logs.slice(-this.logLimit), ...hostLogs, ...this.progress.values()].sort(
      (a, b) => a.seq - b.seq,
    );
    return { job: this.describe(), events, lastSeq: this.seq };
  }
}
