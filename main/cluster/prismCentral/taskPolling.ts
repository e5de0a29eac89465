/**
 * Watching a Prism Central task (`GET /prism/v4.0/config/tasks/{extId}`,
 * prism v4.0 `config.Task`) until it ends, reporting `progressPercentage` on
 * the way. Status values from the reference: QUEUED, RUNNING, CANCELING,
 * SUCCEEDED, FAILED, CANCELED, SUSPENDED. The clock and the sleep are parameters.
 */
import { z } from 'zod';
import { NgtError } from '../../engine/errors';
import type { Translate } from '../../engine/job';
import type { PcClient } from './httpClient';
import { knownFailure, type PcAppMessage } from './pcErrors';
import { pollClock, type PollTiming } from '../pollTiming';

export const TASKS_PATH = '/api/prism/v4.0/config/tasks';
export const TERMINAL_STATUSES = ['SUCCEEDED', 'FAILED', 'CANCELED'] as const;

const appMessage = z.object({
  message: z.string().nullish(),
  code: z.string().nullish(),
  severity: z.string().nullish(),
  errorGroup: z.string().nullish(),
});
const taskSchema = z.object({
  extId: z.string().nullish(),
  operation: z.string().nullish(),
  status: z.string(),
  progressPercentage: z.number().nullish(),
  errorMessages: z.array(appMessage).nullish(),
  legacyErrorMessage: z.string().nullish(),
});

export interface PcTask {
  extId: string;
  operation: string | null;
  status: string;
  progressPercentage: number;
  errorMessages: PcAppMessage[];
  legacyErrorMessage: string | null;
}

export function taskFromApi(extId: string, raw: unknown): PcTask | null {
  const parsed = taskSchema.safeParse(raw);
  if (!parsed.success) return null;
  const d = parsed.data;
  return {
    extId: d.extId ?? extId,
    operation: d.operation ?? null,
    status: d.status,
    progressPercentage: Math.max(0, Math.min(100, d.progressPercentage ?? 0)),
    errorMessages: (d.errorMessages ?? []).map((m) => ({
      message: m.message ?? undefined,
      code: m.code ?? undefined,
      severity: m.severity ?? undefined,
      errorGroup: m.errorGroup ?? undefined,
    })),
    legacyErrorMessage: d.legacyErrorMessage ?? null,
  };
}

export interface TaskWaitOptions extends PollTiming {
  onProgress?: (task: PcTask) => void;
  timeoutMs: number;
}

/** Polls until the task ends and returns it, whatever its end; throws only when it cannot be watched. */
export async function waitForTask(
  client: PcClient,
  taskExtId: string,
  t: Translate,
  options: TaskWaitOptions,
): Promise<PcTask> {
  const { now, sleep } = pollClock(options);
  const path = `${TASKS_PATH}/${encodeURIComponent(taskExtId)}`;
  const start = now();
  let lastStatus = '';
  let lastProgress = -1;
  for (;;) {
    const response = await client.get<{ data?: unknown }>(path);
    const task = taskFromApi(taskExtId, response.json.data);
    if (!task) throw new NgtError('PC_BAD_RESPONSE', t('cluster.errors.badResponse', { request: `GET ${path}` }));
    if (task.status !== lastStatus || task.progressPercentage !== lastProgress) options.onProgress?.(task);
    lastStatus = task.status;
    lastProgress = task.progressPercentage;
    if ((TERMINAL_STATUSES as readonly string[]).includes(task.status)) return task;
    if (now() - start >= options.timeoutMs)
      throw new NgtError(
        'PC_TASK_TIMEOUT',
        t('cluster.tasks.timeout', { task: taskExtId, status: task.status, percent: task.progressPercentage }),
        {
          remediation: t('cluster.tasks.timeoutFix'),
        },
      );
    await sleep(options.intervalMs);
  }
}

/** A task that did not succeed, as an error: Prism Central's messages as they are, plus a remediation when the text is known. */
export function taskFailure(task: PcTask, t: Translate): NgtError {
  const texts = [...task.errorMessages.map((m) => m.message ?? ''), task.legacyErrorMessage ?? ''].filter(Boolean);
  const known = knownFailure(texts);
  const messages = texts.join('; ') || task.status;
  return new NgtError(
    known?.code ?? (task.status === 'CANCELED' ? 'PC_TASK_CANCELED' : 'PC_TASK_FAILED'),
    t('cluster.tasks.failed', { operation: task.operation ?? task.extId, status: task.status, messages }),
    {
      remediation: known ? t(known.remediationKey) : undefined,
      detail: task.errorMessages.map((m) => [m.code, m.message].filter(Boolean).join(': ')).join('\n') || undefined,
    },
  );
}
