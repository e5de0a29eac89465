/**
 * A job's history for 'job:attach' (main/app/jobHistory.ts): numbering, what
 * is kept within the bounds, where the job stands for 'job:list', and that a
 * view folded from the history is the view folded from every live event.
 */
import { describe, expect, it } from 'vitest';
import { HOST_LOG_LINES, JobHistory } from '../../../main/app/jobHistory';
import type { JobEvent, Report } from '../../../main/engine/types';
import type { SequencedJobEvent } from '../../../main/ipc/contract';
import { initialJobView, MAX_LOG_LINES, reduceJobEvent, type JobView } from '../../../renderer/src/state/jobState';

const jobId = 'job-7';
const at = '2026-12-01T10:00:00.000Z';
const steps = [
  { id: 'connect', phase: 'prepare' as const, title: 'Connect', advisory: false },
  { id: 'copy', phase: 'install' as const, title: 'Copy', advisory: false },
];
const report = { result: 'ok', finishedAt: '2026-12-01T10:05:00.000Z' } as unknown as Report;

/** A job as the engine tells it: `logs` lines and `progress` updates in the copy step, a question in connect. */
function jobEvents(logs: number, progress: number): JobEvent[] {
  const events: JobEvent[] = [
    { type: 'job-started', jobId, kind: 'linux-install', target: 'root@10.200.0.2:22', steps, at },
    { type: 'step-started', jobId, stepId: 'connect', at },
    { type: 'prompt', jobId, promptId: 'connect#1', prompt: { kind: 'confirm-plan', title: 'Go?', summary: 's' } },
    { type: 'prompt-closed', jobId, promptId: 'connect#1' },
    { type: 'step-finished', jobId, stepId: 'connect', outcome: { status: 'ok', summary: 'in' }, durationMs: 5 },
    { type: 'step-started', jobId, stepId: 'copy', at },
  ];
  for (let i = 1; i <= Math.max(logs, progress); i++) {
    if (i <= logs) events.push({ type: 'log', jobId, stepId: 'copy', level: 'info', text: `line ${i}`, at });
    if (i <= progress) events.push({ type: 'progress', jobId, stepId: 'copy', current: i, max: progress });
  }
  events.push({ type: 'step-finished', jobId, stepId: 'copy', outcome: { status: 'ok', summary: 'c' }, durationMs: 9 });
  events.push({ type: 'job-finished', jobId, result: 'ok', report });
  return events;
}

const fold = (events: readonly JobEvent[]): JobView => events.reduce(reduceJobEvent, initialJobView(jobId));
/** The view without the reducer's own line counter (it counts from the first line it was given). */
const comparable = (view: JobView) => ({ ...view, logs: view.logs.map(({ seq: _seq, ...line }) => line) });

describe('JobHistory', () => {
  it('numbers the events from 1 in the order they are sent, and hands back the event to broadcast', () => {
    const history = new JobHistory(jobId, 'linux-install', at);
    const sent = jobEvents(3, 2).map((e) => history.record(e));
    expect(sent.map((e) => e.seq)).toEqual(sent.map((_, i) => i + 1));
    // The broadcast event is the engine's event plus its number, nothing else.
    const [first] = sent;
    expect(first).toEqual({ ...jobEvents(3, 2)[0], seq: 1 });
    expect(history.attach().lastSeq).toBe(sent.length);
  });

  it('keeps everything of a short job: the history is exactly what was sent', () => {
    const history = new JobHistory(jobId, 'linux-install', at);
    const sent = jobEvents(10, 0).map((e) => history.record(e));
    expect(history.attach().events).toEqual(sent);
  });

  it('within its bounds: the newest log lines and the newest progress of a step, the rest whole', () => {
    const history = new JobHistory(jobId, 'linux-install', at, 100);
    const sent = jobEvents(450, 300).map((e) => history.record(e));
    const kept = history.attach().events;
    const logs = kept.filter((e) => e.type === 'log');
    expect(logs.map((e) => (e.type === 'log' ? e.text : ''))).toEqual(
      Array.from({ length: 100 }, (_, i) => `line ${351 + i}`),
    );
    const progress = kept.filter((e) => e.type === 'progress');
    expect(progress).toHaveLength(1);
    expect(progress[0]).toMatchObject({ current: 300, max: 300 });
    const shaping = (e: SequencedJobEvent) => e.type !== 'log' && e.type !== 'progress';
    expect(kept.filter(shaping)).toEqual(sent.filter(shaping));
    // In the order sent, each once.
    expect(kept.map((e) => e.seq)).toEqual([...new Set(kept.map((e) => e.seq))].sort((a, b) => a - b));
  });

  it('a view folded from the bounded history is the view folded from every event', () => {
    const history = new JobHistory(jobId, 'linux-install', at);
    const events = jobEvents(MAX_LOG_LINES + 700, 900);
    const cut = events.length - 2; // mid-job: the copy step still running
    for (const e of events.slice(0, cut)) history.record(e);
    const live = fold(events.slice(0, cut));
    const rebuilt = fold(history.attach().events);
    expect(rebuilt.logs).toHaveLength(MAX_LOG_LINES);
    expect(comparable(rebuilt)).toEqual(comparable(live));
    expect(rebuilt.runningStepId).toBe('copy');
  });

  it('says where the job stands: running, waiting for an answer, finished with its result', () => {
    const history = new JobHistory(jobId, 'linux-install', '2026-12-01T09:59:59.000Z');
    expect(history.describe()).toEqual({
      jobId,
      kind: 'linux-install',
      title: '',
      startedAt: '2026-12-01T09:59:59.000Z',
      state: 'running',
    });
    const events = jobEvents(1, 1);
    const states = events.map((e) => {
      history.record(e);
      return history.describe().state;
    });
    expect(states.slice(0, 4)).toEqual(['running', 'running', 'waiting', 'running']);
    expect(history.describe()).toEqual({
      jobId,
      kind: 'linux-install',
      title: 'root@10.200.0.2:22',
      startedAt: at,
      state: 'finished',
      result: 'ok',
      finishedAt: '2026-12-01T10:05:00.000Z',
    });
  });

  it('a question left open when the job ends does not keep it "waiting"', () => {
    const history = new JobHistory(jobId, 'windows-apply', at);
    history.record({
      type: 'prompt',
      jobId,
      promptId: 'p#1',
      prompt: { kind: 'confirm-plan', title: 't', summary: 's' },
    });
    expect(history.describe().state).toBe('waiting');
    history.record({ type: 'job-finished', jobId, result: 'cancelled', report });
    expect(history.describe().state).toBe('finished');
  });
});

describe('a fleet in the history', () => {
  const hostEvent = (host: string, event: JobEvent): JobEvent => ({ type: 'fleet-host', jobId, host, event });
  /** `hosts` hosts, each with `logs` log lines and `progress` progress updates in its own copy step. */
  function fleetEvents(hosts: number, logs: number, progress: number): JobEvent[] {
    const events: JobEvent[] = [
      { type: 'job-started', jobId, kind: 'fleet', target: 'fleet.ini', steps, at },
      { type: 'fleet-hosts', jobId, hosts: [], phase: 'all' },
    ];
    for (let h = 1; h <= hosts; h++) {
      const inner = jobEvents(logs, progress).map((e) => ({ ...e, jobId: `host-${h}` }) as JobEvent);
      events.push(...inner.map((e) => hostEvent(`vm${h}`, e)));
    }
    return events;
  }

  it("keeps each host's newest log lines and newest progress per step, and every other host event", () => {
    const history = new JobHistory(jobId, 'fleet', at);
    const sent = fleetEvents(3, HOST_LOG_LINES + 300, 50).map((e) => history.record(e));
    const kept = history.attach().events;
    for (const host of ['vm1', 'vm2', 'vm3']) {
      const mine = kept.filter((e) => e.type === 'fleet-host' && e.host === host) as Extract<
        SequencedJobEvent,
        { type: 'fleet-host' }
      >[];
      const lines = mine.filter((e) => e.event.type === 'log').map((e) => (e.event as { text: string }).text);
      expect(lines).toHaveLength(HOST_LOG_LINES);
      expect(lines.at(-1)).toBe(`line ${HOST_LOG_LINES + 300}`);
      expect(lines[0]).toBe(`line ${301}`);
      const progress = mine.filter((e) => e.event.type === 'progress');
      expect(progress.map((e) => (e.event as { current: number }).current)).toEqual([50]);
      // The events that shape the host's view are all there.
      expect(mine.filter((e) => !['log', 'progress'].includes(e.event.type))).toHaveLength(8);
    }
    // In the order they were sent, and nothing that was not sent.
    const seqs = kept.map((e) => e.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    const sentBySeq = new Map(sent.map((e) => [e.seq, e]));
    for (const e of kept) expect(e).toBe(sentBySeq.get(e.seq));
  });
});
