/** The wizard's job reducer: events in the order the engine sends them, and out of it. */
import { describe, expect, it } from 'vitest';
import type { JobEvent, Report } from '../../../main/engine/types';
import { initialJobView, MAX_LOG_LINES, reduceJobEvent, type JobView } from '../../../renderer/src/state/jobState';

const jobId = 'job-1';
const at = '2026-12-01T10:00:00.000Z';
const steps = [
  { id: 'a', phase: 'prepare' as const, title: 'A', advisory: false },
  { id: 'b', phase: 'verify' as const, title: 'B', advisory: true },
];
const fold = (events: JobEvent[], view: JobView = initialJobView(jobId)) => events.reduce(reduceJobEvent, view);

describe('reduceJobEvent', () => {
  it('follows a job from start to finish', () => {
    const report = { result: 'warn' } as unknown as Report;
    const view = fold([
      { type: 'job-started', jobId, kind: 'doctor', target: 'localhost', steps, at },
      { type: 'step-started', jobId, stepId: 'a', at },
      { type: 'progress', jobId, stepId: 'a', current: 2, max: 5, label: 'copying' },
    ]);
    expect(view.kind).toBe('doctor');
    expect(view.runningStepId).toBe('a');
    expect(view.steps.map((s) => s.status)).toEqual(['running', 'pending']);
    expect(view.steps[0]!.progress).toEqual({ current: 2, max: 5, label: 'copying' });

    const done = fold(
      [
        { type: 'step-finished', jobId, stepId: 'a', outcome: { status: 'ok', summary: 'fine' }, durationMs: 12 },
        { type: 'step-started', jobId, stepId: 'b', at },
        {
          type: 'step-finished',
          jobId,
          stepId: 'b',
          outcome: { status: 'warn', summary: 'hm', remediation: 'look' },
          durationMs: 3,
        },
        { type: 'job-finished', jobId, result: 'warn', report },
      ],
      view,
    );
    expect(done.steps.map((s) => [s.status, s.durationMs])).toEqual([
      ['ok', 12],
      ['warn', 3],
    ]);
    expect(done.steps[1]!.outcome?.remediation).toBe('look');
    expect(done.runningStepId).toBeUndefined();
    expect(done.result).toBe('warn');
    expect(done.report).toBe(report);
  });

  it("ignores another job's events, leaving the view untouched", () => {
    const view = fold([{ type: 'job-started', jobId, kind: 'doctor', target: 'x', steps, at }]);
    expect(reduceJobEvent(view, { type: 'step-started', jobId: 'job-2', stepId: 'a', at })).toBe(view);
  });

  it('keeps the running step when another step finishes', () => {
    const view = fold([
      { type: 'job-started', jobId, kind: 'doctor', target: 'x', steps, at },
      { type: 'step-started', jobId, stepId: 'b', at },
      { type: 'step-finished', jobId, stepId: 'a', outcome: { status: 'skipped', summary: '-' }, durationMs: 0 },
    ]);
    expect(view.runningStepId).toBe('b');
  });

  it('opens a prompt, closes it only by its own id, and a finished job closes it', () => {
    const prompt = { kind: 'confirm-plan' as const, title: 'T', summary: 'S' };
    const asked = fold([{ type: 'prompt', jobId, promptId: 'p1', prompt }]);
    expect(asked.prompt).toEqual({ promptId: 'p1', prompt });
    expect(reduceJobEvent(asked, { type: 'prompt-closed', jobId, promptId: 'p0' }).prompt).toEqual(asked.prompt);
    expect(reduceJobEvent(asked, { type: 'prompt-closed', jobId, promptId: 'p1' }).prompt).toBeUndefined();
    const finished = reduceJobEvent(asked, {
      type: 'job-finished',
      jobId,
      result: 'cancelled',
      report: {} as Report,
    });
    expect(finished.prompt).toBeUndefined();
  });

  it('numbers log lines and keeps only the newest MAX_LOG_LINES', () => {
    const logs: JobEvent[] = Array.from({ length: MAX_LOG_LINES + 3 }, (_, i) => ({
      type: 'log',
      jobId,
      level: 'info',
      text: `line ${i + 1}`,
      at,
    }));
    const view = fold(logs);
    expect(view.logs).toHaveLength(MAX_LOG_LINES);
    expect(view.logs[0]).toMatchObject({ seq: 4, text: 'line 4' });
    expect(view.logs.at(-1)).toMatchObject({ seq: MAX_LOG_LINES + 3, text: `line ${MAX_LOG_LINES + 3}` });
  });
});
