import { randomUUID } from 'node:crypto';
import { NgtError, isAbortError } from './errors';
import type { JobDefinition, StepContext, StepLogger, Translate } from './job';
import type { Ports } from './ports';
import { neutraliseControlsDeep } from './controlText';
import { Redactor } from './redactor';
import type {
  FinalStepStatus,
  JobEvent,
  JobResult,
  LogLevel,
  PromptAnswer,
  PromptRequest,
  Report,
  ReportStep,
  StepOutcome,
} from './types';
import { REPORT_SCHEMA_ID } from './types';

export interface RunJobOptions {
  jobId?: string;
  lang: string;
  t: Translate;
  ports: Ports;
  tool: { name: string; version: string };
  /** Receives every event, already redacted and with control sequences neutralised. */
  onEvent?: (event: JobEvent) => void;
  /** Answers prompts without a person (the CLI). Without it, prompts wait for JobHandle.answer. */
  answerPrompt?: (prompt: PromptRequest) => Promise<PromptAnswer>;
  operator?: string;
}

export interface JobHandle {
  readonly id: string;
  readonly done: Promise<Report>;
  cancel(): void;
  answer(promptId: string, answer: PromptAnswer): boolean;
}

/** Starts a job and returns at once; `done` settles with the (redacted) report. */
export function startJob<S>(definition: JobDefinition<S>, options: RunJobOptions): JobHandle {
  const id = options.jobId ?? randomUUID();
  const controller = new AbortController();
  const pendingPrompts = new Map<string, (answer: PromptAnswer) => void>();
  const done = runJob(definition, { ...options, jobId: id }, controller.signal, pendingPrompts);
  return {
    id,
    done,
    cancel: () => controller.abort(),
    answer(promptId, answer) {
      const resolve = pendingPrompts.get(promptId);
      if (!resolve) return false;
      pendingPrompts.delete(promptId);
      resolve(answer);
      return true;
    },
  };
}

function abortPromise(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => {
    const fail = () => reject(new NgtError('CANCELLED', 'Cancelled', { category: 'cancelled' }));
    if (signal.aborted) fail();
    else signal.addEventListener('abort', fail, { once: true });
  });
}

async function runJob<S>(
  definition: JobDefinition<S>,
  options: RunJobOptions & { jobId: string },
  signal: AbortSignal,
  pendingPrompts: Map<string, (answer: PromptAnswer) => void>,
): Promise<Report> {
  // Let startJob return its handle before the first event is emitted.
  await Promise.resolve();
  const { t, ports, jobId } = options;
  const clock = ports.clock;
  const redactor = new Redactor();
  for (const s of definition.secrets ?? []) redactor.add(s);
  // Secrets out first (they are matched as given), then whatever a target sent that could act on a terminal.
  const clean = <T>(value: T): T => neutraliseControlsDeep(redactor.redactDeep(value));
  const emit = (event: JobEvent) => options.onEvent?.(clean(event));
  const now = () => clock.now().toISOString();

  const log = (level: LogLevel, text: string, stepId?: string) => {
    for (const line of text.split(/\r?\n/)) {
      emit({ type: 'log', jobId, stepId, level, text: line, at: now() });
    }
  };
  const loggerFor = (stepId?: string): StepLogger => ({
    debug: (x) => log('debug', x, stepId),
    info: (x) => log('info', x, stepId),
    warn: (x) => log('warn', x, stepId),
    error: (x) => log('error', x, stepId),
  });

  const startedAt = now();
  emit({
    type: 'job-started',
    jobId,
    kind: definition.kind,
    target: definition.target,
    steps: definition.steps.map((s) => ({ id: s.id, phase: s.phase, title: s.title, advisory: !!s.advisory })),
    at: startedAt,
  });

  // One listener for the whole job (a listener per step leaked on long jobs).
  const cancelled = abortPromise(signal);
  cancelled.catch(() => undefined);

  const outcomes = new Map<string, StepOutcome>();
  const reportSteps: ReportStep[] = [];
  let blockedReason: 'prepare' | 'gate' | 'install' | 'cancelled' | null = null;
  let promptSeq = 0;

  for (const step of definition.steps) {
    const skip = (summary: string, code?: string) => {
      const outcome: StepOutcome = { status: 'skipped', summary, code };
      outcomes.set(step.id, outcome);
      reportSteps.push(toReportStep(step, outcome, 0));
      emit({ type: 'step-finished', jobId, stepId: step.id, outcome, durationMs: 0 });
    };
    if (signal.aborted) blockedReason = 'cancelled';
    if (blockedReason === 'cancelled') {
      skip(t('engine.skipped.cancelled'), 'CANCELLED');
      continue;
    }
    if (blockedReason === 'gate') {
      skip(t('engine.skipped.gate'));
      continue;
    }
    if (blockedReason === 'prepare' && step.phase !== 'prepare') {
      skip(t('engine.skipped.prepareFailed'));
      continue;
    }
    if (blockedReason === 'install') {
      skip(t('engine.skipped.installFailed'));
      continue;
    }

    const started = clock.now().getTime();
    emit({ type: 'step-started', jobId, stepId: step.id, at: now() });
    const ctx: StepContext<S> = {
      jobId,
      stepId: step.id,
      state: definition.state,
      log: loggerFor(step.id),
      progress: (p) => emit({ type: 'progress', jobId, stepId: step.id, ...p }),
      signal,
      ports,
      t,
      addSecret: (s) => redactor.add(s),
      outcomeOf: (stepId) => outcomes.get(stepId),
      publish: (event) => emit({ ...event, jobId } as JobEvent),
      ask: async (prompt) => {
        if (options.answerPrompt) return options.answerPrompt(prompt);
        const promptId = `${step.id}#${++promptSeq}`;
        const answered = new Promise<PromptAnswer>((resolve) => pendingPrompts.set(promptId, resolve));
        emit({ type: 'prompt', jobId, promptId, prompt });
        try {
          return await Promise.race([answered, cancelled]);
        } finally {
          pendingPrompts.delete(promptId);
          emit({ type: 'prompt-closed', jobId, promptId });
        }
      },
    };

    let outcome: StepOutcome;
    try {
      outcome = await Promise.race([step.run(ctx), cancelled]);
      if ((outcome.status === 'warn' || outcome.status === 'fail') && !outcome.remediation) {
        outcome = { ...outcome, remediation: t('engine.remediation.default') };
      }
    } catch (error) {
      outcome = outcomeFromError(error, signal, t);
      if (error instanceof Error && error.stack && outcome.code === 'INTERNAL_ERROR') {
        log('debug', error.stack, step.id);
      }
    }
    if (outcome.status === 'fail' && step.advisory) {
      outcome = { ...outcome, status: 'warn' };
    }
    const durationMs = Math.max(0, clock.now().getTime() - started);
    outcomes.set(step.id, outcome);
    reportSteps.push(toReportStep(step, outcome, durationMs));
    emit({ type: 'step-finished', jobId, stepId: step.id, outcome, durationMs });

    if (outcome.code === 'CANCELLED' || signal.aborted) blockedReason = 'cancelled';
    else if (outcome.status === 'fail') {
      if (step.gate) blockedReason = 'gate';
      else if (step.phase === 'prepare') blockedReason = blockedReason ?? 'prepare';
      else if (step.phase === 'install' && !step.independent) blockedReason = 'install';
    }
  }

  if (definition.cleanup) {
    try {
      await definition.cleanup(definition.state, loggerFor());
    } catch (error) {
      log('warn', t('engine.cleanupFailed', { message: error instanceof Error ? error.message : String(error) }));
    }
  }

  for (const resolve of pendingPrompts.values()) resolve({ accept: false });
  pendingPrompts.clear();

  const result: JobResult = signal.aborted || blockedReason === 'cancelled' ? 'cancelled' : resultOf(reportSteps);
  const report = clean<Report>({
    schema: REPORT_SCHEMA_ID,
    tool: options.tool,
    job: {
      id: jobId,
      kind: definition.kind,
      target: definition.target,
      lang: options.lang,
      operator: options.operator,
    },
    startedAt,
    finishedAt: now(),
    result,
    steps: reportSteps,
  });
  emit({ type: 'job-finished', jobId, result, report });
  return report;
}

function toReportStep(
  step: { id: string; phase: ReportStep['phase']; title: string },
  outcome: StepOutcome,
  durationMs: number,
): ReportStep {
  const out: ReportStep = {
    id: step.id,
    phase: step.phase,
    title: step.title,
    status: outcome.status,
    summary: outcome.summary,
    durationMs,
  };
  if (outcome.detail) out.detail = outcome.detail;
  if (outcome.remediation) out.remediation = outcome.remediation;
  if (outcome.code) out.code = outcome.code;
  if (outcome.data) out.data = outcome.data;
  return out;
}

function outcomeFromError(error: unknown, signal: AbortSignal, t: Translate): StepOutcome {
  if (error instanceof NgtError && error.code === 'CANCELLED' && !signal.aborted) {
    // A person declined to go on (a plan or a host key): the job ends as cancelled, in its own words.
    return { status: 'skipped', summary: error.message, code: 'CANCELLED' };
  }
  if (signal.aborted || isAbortError(error)) {
    return { status: 'skipped', summary: t('engine.cancelledWhileRunning'), code: 'CANCELLED' };
  }
  if (error instanceof NgtError) {
    return {
      status: 'fail',
      summary: error.message,
      code: error.code,
      detail: error.detail,
      remediation: error.remediation ?? t('engine.remediation.default'),
    };
  }
  const message = error instanceof Error ? error.message : String(error);
  return {
    status: 'fail',
    summary: t('engine.internalError', { message }),
    code: 'INTERNAL_ERROR',
    remediation: t('engine.remediation.internal'),
  };
}

export function resultOf(steps: { status: FinalStepStatus }[]): JobResult {
  if (steps.some((s) => s.status === 'fail')) return 'failed';
  if (steps.some((s) => s.status === 'warn')) return 'warn';
  return 'ok';
}
