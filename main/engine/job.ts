import type { Ports } from './ports';
import type { Phase, ProgressUpdate, PromptAnswer, PromptRequest, PublishedEvent, StepOutcome } from './types';

export type Translate = (key: string, params?: Record<string, unknown>) => string;

export interface StepLogger {
  debug(text: string): void;
  info(text: string): void;
  warn(text: string): void;
  error(text: string): void;
}

/** What a running step receives from the engine. */
export interface StepContext<S> {
  readonly jobId: string;
  readonly stepId: string;
  /** Facts shared between the steps of one job. */
  readonly state: S;
  readonly log: StepLogger;
  progress(update: ProgressUpdate): void;
  /** Aborted when the job is cancelled. */
  readonly signal: AbortSignal;
  readonly ports: Ports;
  readonly t: Translate;
  /** Asks the person running the job; the CLI answers from its flags. */
  ask(prompt: PromptRequest): Promise<PromptAnswer>;
  /** Registers a value that must never appear in any output. */
  addSecret(secret: string | undefined): void;
  /** Outcomes of the steps that already ended, by step id. */
  outcomeOf(stepId: string): StepOutcome | undefined;
  /** Sends a job event of the step's own (a fleet's host rows), redacted like every other. */
  publish(event: PublishedEvent): void;
}

export interface StepDefinition<S> {
  id: string;
  phase: Phase;
  title: string;
  /** A failing advisory step warns but never stops the job. */
  advisory?: boolean;
  /** When this step fails, nothing after it can run (e.g. the connection). */
  gate?: boolean;
  /**
   * A failure here concerns only this step's own target (one VM of a fleet): the install steps
   * after it still run. Gate and prepare failures still stop the job.
   */
  independent?: boolean;
  run(ctx: StepContext<S>): Promise<StepOutcome>;
}

export interface JobDefinition<S> {
  kind: string;
  /** What the job acts on, for people: "this computer", "root@10.0.0.5:22". */
  target: string;
  state: S;
  steps: StepDefinition<S>[];
  /** Secrets known when the job is created. */
  secrets?: (string | undefined)[];
  /** Always runs at the end, whatever happened (close connections, unmount). */
  cleanup?(state: S, log: StepLogger): Promise<void>;
}
