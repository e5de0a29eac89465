/**
 * The wizard's view of one job, folded from the event stream. Pure reducer:
 * the same events always give the same screen.
 */
import type {
  JobEvent,
  JobResult,
  LogLevel,
  PromptRequest,
  Report,
  StepInfo,
  StepOutcome,
  StepStatus,
} from '../../../main/engine/types';
import { SCREEN_LOG_LINES } from '../../../main/ipc/contract';

export interface StepView extends StepInfo {
  status: StepStatus;
  outcome?: StepOutcome;
  durationMs?: number;
  progress?: { current: number; max: number; label?: string };
}

export interface LogLine {
  seq: number;
  at: string;
  level: LogLevel;
  text: string;
  stepId?: string;
}

export interface JobView {
  jobId: string;
  kind?: string;
  target?: string;
  steps: StepView[];
  logs: LogLine[];
  prompt?: { promptId: string; prompt: PromptRequest };
  result?: JobResult;
  report?: Report;
  runningStepId?: string;
}

/** The newest lines are kept; main keeps as many for a view rebuilt with 'job:attach'. */
export const MAX_LOG_LINES = SCREEN_LOG_LINES;

export function initialJobView(jobId: string): JobView {
  return { jobId, steps: [], logs: [] };
}

export function reduceJobEvent(view: JobView, event: JobEvent): JobView {
  if (event.jobId !== view.jobId) return view;
  switch (event.type) {
    case 'job-started':
      return {
        ...view,
        kind: event.kind,
        target: event.target,
        steps: event.steps.map((s) => ({ ...s, status: 'pending' })),
      };
    case 'step-started':
      return {
        ...view,
        runningStepId: event.stepId,
        steps: view.steps.map((s) => (s.id === event.stepId ? { ...s, status: 'running' } : s)),
      };
    case 'progress':
      return {
        ...view,
        steps: view.steps.map((s) =>
          s.id === event.stepId
            ? { ...s, progress: { current: event.current, max: event.max, label: event.label } }
            : s,
        ),
      };
    case 'step-finished':
      return {
        ...view,
        runningStepId: view.runningStepId === event.stepId ? undefined : view.runningStepId,
        steps: view.steps.map((s) =>
          s.id === event.stepId
            ? { ...s, status: event.outcome.status, outcome: event.outcome, durationMs: event.durationMs }
            : s,
        ),
      };
    case 'log': {
      const seq = (view.logs[view.logs.length - 1]?.seq ?? 0) + 1;
      const logs = [...view.logs, { seq, at: event.at, level: event.level, text: event.text, stepId: event.stepId }];
      return { ...view, logs: logs.length > MAX_LOG_LINES ? logs.slice(logs.length - MAX_LOG_LINES) : logs };
    }
    case 'prompt':
      return { ...view, prompt: { promptId: event.promptId, prompt: event.prompt } };
    case 'prompt-closed':
      return view.prompt?.promptId === event.promptId ? { ...view, prompt: undefined } : view;
    case 'job-finished':
      return { ...view, result: event.result, report: event.report, runningStepId: undefined, prompt: undefined };
    default:
      // A fleet's host events: the fleet board folds them (renderer/src/state/fleetBoardState.ts).
      return view;
  }
}
