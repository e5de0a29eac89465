/**
 * The job engine's vocabulary. Everything a job, a step, the CLI, the Electron
 * shell, the browser host and the renderer agree on lives here, so this file
 * must stay free of Node and Electron imports (the renderer imports its types).
 */

export const PHASES = ['prepare', 'install', 'verify'] as const;
export type Phase = (typeof PHASES)[number];

export type StepStatus = 'pending' | 'running' | 'ok' | 'warn' | 'fail' | 'skipped';
export type FinalStepStatus = Extract<StepStatus, 'ok' | 'warn' | 'fail' | 'skipped'>;
export type JobResult = 'ok' | 'warn' | 'failed' | 'cancelled';
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/** How a failure is classified for exit codes and for the UI. */
export type ErrorCategory = 'usage' | 'connect' | 'failed' | 'cancelled';

/** What a step hands back when it ends. Texts are already translated. */
export interface StepOutcome {
  status: FinalStepStatus;
  /** One line a person reads first. */
  summary: string;
  /** More facts: several lines are fine. */
  detail?: string;
  /** What a person should do next (required for warn and fail). */
  remediation?: string;
  /** A stable error code for fail/warn (e.g. SSH_HOST_KEY_CHANGED). */
  code?: string;
  /** Structured facts for the wizard and the report (diffs, certificates, ...). */
  data?: Record<string, unknown>;
}

export interface ProgressUpdate {
  current: number;
  max: number;
  label?: string;
}

/** A question a step asks the person running the job (host key trust, plan review). */
export type PromptRequest =
  | {
      kind: 'host-key';
      host: string;
      port: number;
      keyType: string;
      fingerprint: string;
    }
  | {
      kind: 'confirm-plan';
      title: string;
      summary: string;
      diff?: string;
    }
  | {
      /** A TLS certificate seen for the first time (Prism Central): trust it and pin it? */
      kind: 'certificate';
      host: string;
      port: number;
      /** `SHA256:` and unpadded base64, as main/cluster/prismCentral/certificateTrust.ts writes it. */
      fingerprint: string;
      subject: string;
      issuer: string;
      validFrom: string;
      validTo: string;
      /** Why no trusted CA vouches for it, as TLS said (e.g. DEPTH_ZERO_SELF_SIGNED_CERT). */
      chainError?: string;
    }
  | {
      /** A fleet's unknown host keys, all at once, for one confirmation. */
      kind: 'host-keys';
      keys: { host: string; address: string; keyType: string; fingerprint: string }[];
    };

export type PromptAnswer = { accept: boolean };

export interface StepInfo {
  id: string;
  phase: Phase;
  title: string;
  advisory: boolean;
}

export type JobEvent =
  | { type: 'job-started'; jobId: string; kind: string; target: string; steps: StepInfo[]; at: string }
  | { type: 'step-started'; jobId: string; stepId: string; at: string }
  | { type: 'log'; jobId: string; stepId?: string; level: LogLevel; text: string; at: string }
  | { type: 'progress'; jobId: string; stepId: string; current: number; max: number; label?: string }
  | {
      type: 'step-finished';
      jobId: string;
      stepId: string;
      outcome: StepOutcome;
      durationMs: number;
    }
  | { type: 'prompt'; jobId: string; promptId: string; prompt: PromptRequest }
  | { type: 'prompt-closed'; jobId: string; promptId: string }
  | { type: 'job-finished'; jobId: string; result: JobResult; report: Report }
  | FleetJobEvent;

/** A fleet host's result after a pass (main/fleet/fleetTypes.ts HostResult). */
export type FleetHostResult = 'ok' | 'warn' | 'failed' | 'cancelled' | 'skipped';

/** One host of a fleet job, as the fleet board lists it. */
export interface FleetHostInfo {
  name: string;
  address: string;
  os: 'linux' | 'windows';
  groups: string[];
}

/**
 * What a fleet job tells the board about its hosts, beside its own steps:
 * the hosts it runs, each host's own job events (the single-VM job's, as they
 * come), each host's result after a pass, and the readiness table.
 */
export type FleetJobEvent =
  | {
      type: 'fleet-hosts';
      jobId: string;
      hosts: FleetHostInfo[];
      /** When a host is done: after prepare (a plan) or after install; lets a board taken up again know. */
      phase?: 'prepare' | 'all';
      /**
       * A retry of the failed hosts names the job whose results it goes on from: a board
       * taken up again folds that job's history first, then this one's over it.
       */
      retryOf?: string;
    }
  | { type: 'fleet-host'; jobId: string; host: string; event: JobEvent }
  | {
      type: 'fleet-host-result';
      jobId: string;
      host: string;
      pass: 'prepare' | 'install';
      result: FleetHostResult;
      code?: string;
      reason?: string;
      readiness?: string;
      durationMs: number;
    }
  | {
      type: 'fleet-readiness';
      jobId: string;
      rows: {
        host: string;
        address: string;
        readiness: string;
        code?: string;
        reason?: string;
        factorySha256?: string;
      }[];
      clones: { ngtUuid: string; hosts: string[] }[];
    };

/** A fleet event as a step publishes it: the engine adds the job id. */
export type PublishedEvent = FleetJobEvent extends infer E ? (E extends unknown ? Omit<E, 'jobId'> : never) : never;

/** A step as the report keeps it: which step, what it handed back, how long it took. */
export interface ReportStep extends Omit<StepInfo, 'advisory'>, StepOutcome {
  durationMs: number;
}

/** The report format's identifier (also the `const` of main/report/report.schema.json, checked by a test). */
export const REPORT_SCHEMA_ID = 'ngt-prep/report@1' as const;

export interface Report {
  schema: typeof REPORT_SCHEMA_ID;
  tool: { name: string; version: string };
  job: { id: string; kind: string; target: string; lang: string; operator?: string };
  startedAt: string;
  finishedAt: string;
  result: JobResult;
  steps: ReportStep[];
}
