/**
 * Taking a job up again (renderer/src/state/jobAttach.ts): which job a page
 * opens with, and the meeting of the history from 'job:attach' with the live
 * events that cross it, for every order in which they can meet.
 */
import { describe, expect, it } from 'vitest';
import { JobHistory } from '../../../main/app/jobHistory';
import type { JobEvent, Report } from '../../../main/engine/types';
import type { JobSummary, SequencedJobEvent } from '../../../main/ipc/contract';
import { eventsAfterAttach, jobToAttach, liveEventAction } from '../../../renderer/src/state/jobAttach';
import { initialJobView, reduceJobEvent } from '../../../renderer/src/state/jobState';

const summary = (jobId: string, kind: string, state: JobSummary['state']): JobSummary => ({
  jobId,
  kind,
  title: 't',
  startedAt: '2026-12-01T10:00:00.000Z',
  state,
});

describe('jobToAttach', () => {
  // Newest first, as 'job:list' gives them.
  const jobs = [
    summary('fleet-1', 'fleet-install', 'running'),
    summary('lin-3', 'linux-install', 'finished'),
    summary('lin-2', 'linux-remove', 'waiting'),
    summary('lin-1', 'linux-install', 'running'),
    summary('doc-1', 'doctor', 'finished'),
  ];
  const linux = ['linux-install', 'linux-remove'];
  const none = new Set<string>();

  it.each([
    ['the newest running or waiting job of the kinds', linux, none, null, 'lin-2'],
    ['the job "Open" asked for, when of the kinds', linux, none, 'lin-1', 'lin-1'],
    ['the asked job even when finished', linux, none, 'lin-3', 'lin-3'],
    ['not an asked job of another kind', linux, none, 'fleet-1', 'lin-2'],
    ['a finished job only when left running and not dismissed', ['doctor'], new Set(['doc-1']), null, 'doc-1'],
    ['no finished job that was seen or dismissed', ['doctor'], none, null, undefined],
    ['nothing of kinds no job has', ['probe-winrm'], new Set(['doc-1']), null, undefined],
    ['a kind another page adds (generic by kind)', ['fleet-install'], none, null, 'fleet-1'],
  ])('%s', (_name, kinds, away, asked, expected) => {
    expect(jobToAttach(jobs, kinds, away, asked)).toBe(expected);
  });
});

const jobId = 'job-1';
const at = '2026-12-01T10:00:00.000Z';
function jobEvents(): JobEvent[] {
  const steps = [
    { id: 'a', phase: 'prepare' as const, title: 'A', advisory: false },
    { id: 'b', phase: 'install' as const, title: 'B', advisory: false },
  ];
  const events: JobEvent[] = [{ type: 'job-started', jobId, kind: 'doctor', target: 'here', steps, at }];
  for (const stepId of ['a', 'b']) {
    events.push({ type: 'step-started', jobId, stepId, at });
    for (let i = 1; i <= 3; i++) {
      events.push({ type: 'log', jobId, stepId, level: 'info', text: `${stepId} ${i}`, at });
      events.push({ type: 'progress', jobId, stepId, current: i, max: 3 });
    }
    events.push({
      type: 'prompt',
      jobId,
      promptId: `${stepId}#1`,
      prompt: { kind: 'confirm-plan', title: 'Go?', summary: stepId },
    });
    events.push({ type: 'prompt-closed', jobId, promptId: `${stepId}#1` });
    events.push({ type: 'step-finished', jobId, stepId, outcome: { status: 'ok', summary: stepId }, durationMs: 1 });
  }
  events.push({ type: 'job-finished', jobId, result: 'ok', report: { result: 'ok' } as unknown as Report });
  return events;
}
const fold = (events: readonly JobEvent[]) => events.reduce(reduceJobEvent, initialJobView(jobId));

describe('eventsAfterAttach', () => {
  it('folds to the live view for every moment of subscribing, snapshotting and answering', () => {
    const events = jobEvents();
    const expected = fold(events);
    const n = events.length;
    let cases = 0;
    // The page listens after `listen` events were sent, main takes the history after `snap`,
    // and the answer reaches the page after `answer` events have arrived live.
    for (let listen = 0; listen <= n; listen++) {
      for (let snap = listen; snap <= n; snap++) {
        for (let answer = snap; answer <= n; answer++) {
          const history = new JobHistory(jobId, 'doctor', at);
          const sent = events.map((e) => history.record(e));
          const replay = new JobHistory(jobId, 'doctor', at);
          for (const e of events.slice(0, snap)) replay.record(e);
          const attached = replay.attach();
          const meanwhile = sent.slice(listen, answer);
          const folded = eventsAfterAttach(attached.events, attached.lastSeq, meanwhile);
          let last = folded.at(-1)?.seq ?? 0;
          const after: SequencedJobEvent[] = [];
          for (const e of sent.slice(answer)) {
            if (e.seq > last) {
              after.push(e);
              last = e.seq;
            }
          }
          const all = [...folded, ...after];
          const seqs = all.map((e) => e.seq);
          // Once each, in order, and every event after the history's newest (the history keeps only
          // the newest progress of a step, so earlier ones may be missing before it).
          expect(seqs).toEqual([...new Set(seqs)].sort((a, b) => a - b));
          expect(all.filter((e) => e.seq > attached.lastSeq)).toEqual(sent.slice(snap));
          expect(fold(all)).toEqual(expected);
          cases++;
        }
      }
    }
    expect(cases).toBeGreaterThan(1000);
  });

  it('takes a live event that arrived twice, or out of order, once and in order', () => {
    const history = new JobHistory(jobId, 'doctor', at);
    const sent = jobEvents().map((e) => history.record(e));
    const snap = sent.slice(0, 5);
    const meanwhile = [sent[6]!, sent[4]!, sent[5]!, sent[6]!, sent[3]!];
    expect(eventsAfterAttach(snap, 5, meanwhile).map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });
});

describe('liveEventAction', () => {
  const event = (seq: number) => ({ type: 'prompt-closed', jobId, promptId: 'p', seq }) as SequencedJobEvent;
  it.each([
    [0, 1, 'fold'],
    [6, 7, 'fold'],
    [7, 7, 'skip'],
    [7, 3, 'skip'],
    [7, 9, 'reattach'],
    [0, 2, 'reattach'],
  ] as const)('newest folded %i, event %i: %s', (newest, seq, expected) => {
    expect(liveEventAction(newest, event(seq))).toBe(expected);
  });

  it('folds an event without a number as it comes', () => {
    const { seq: _seq, ...unnumbered } = event(1);
    expect(liveEventAction(4, unnumbered as SequencedJobEvent)).toBe('fold');
  });
});
