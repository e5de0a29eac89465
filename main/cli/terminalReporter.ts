/**
 * Prints job events for people in a terminal: each step with its status, log
 * lines as they arrive, and a progress bar for long steps.
 */
import type { Translate } from '../engine/job';
import type { FinalStepStatus, JobEvent, StepInfo } from '../engine/types';

export interface TerminalOptions {
  write: (text: string) => void;
  t: Translate;
  color: boolean;
  isTTY: boolean;
  verbose: boolean;
  quiet: boolean;
}

const COLORS: Record<FinalStepStatus | 'dim', string> = {
  ok: '\x1b[32m',
  warn: '\x1b[33m',
  fail: '\x1b[31m',
  skipped: '\x1b[90m',
  dim: '\x1b[2m',
};
const RESET = '\x1b[0m';

export function progressBar(current: number, max: number, width = 24): string {
  const ratio = max > 0 ? Math.min(1, Math.max(0, current / max)) : 0;
  const filled = Math.round(ratio * width);
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${Math.round(ratio * 100)}%`;
}

export function createTerminalReporter(options: TerminalOptions): (event: JobEvent) => void {
  const { write, t } = options;
  const paint = (color: keyof typeof COLORS, text: string) =>
    options.color ? `${COLORS[color]}${text}${RESET}` : text;
  const steps = new Map<string, StepInfo>();
  let progressShown = false;
  let lastPercent = -1;
  const clearProgress = () => {
    if (progressShown && options.isTTY) write('\r\x1b[2K');
    progressShown = false;
  };

  return (event) => {
    switch (event.type) {
      case 'job-started':
        for (const s of event.steps) steps.set(s.id, s);
        if (!options.quiet)
          write(`${t('cli.jobStarted', { kind: t(`app.jobKind.${event.kind}`), target: event.target })}\n`);
        break;
      case 'step-started':
        lastPercent = -1;
        if (options.verbose) write(paint('dim', `  … ${steps.get(event.stepId)?.title ?? event.stepId}\n`));
        break;
      case 'log':
        if (options.quiet || (event.level === 'debug' && !options.verbose)) break;
        clearProgress();
        write(paint('dim', `    ${event.text}\n`));
        break;
      case 'progress': {
        if (options.quiet) break;
        const percent = event.max > 0 ? Math.floor((event.current / event.max) * 100) : 0;
        const line = `    ${progressBar(event.current, event.max)} ${event.label ?? ''}`;
        if (options.isTTY) {
          write(`\r\x1b[2K${line}`);
          progressShown = true;
        } else if (percent >= lastPercent + 25 || percent === 100) {
          write(`${line}\n`);
          lastPercent = percent;
        }
        break;
      }
      case 'step-finished': {
        clearProgress();
        const { outcome } = event;
        const label = t(`app.status.${outcome.status}`).toUpperCase().padEnd(7);
        const title = steps.get(event.stepId)?.title ?? event.stepId;
        write(`${paint(outcome.status, `[${label}]`)} ${title}: ${outcome.summary}\n`);
        if (outcome.detail && (options.verbose || outcome.status === 'fail' || outcome.status === 'warn')) {
          for (const line of outcome.detail.split('\n')) write(`          ${line}\n`);
        }
        if (outcome.remediation && (outcome.status === 'fail' || outcome.status === 'warn')) {
          write(`          ${t('cli.next')} ${outcome.remediation}${outcome.code ? ` (${outcome.code})` : ''}\n`);
        }
        if (typeof outcome.data?.diff === 'string' && outcome.data.diff) {
          write(`${outcome.data.diff.replace(/\n?$/, '\n')}`);
        }
        break;
      }
      case 'prompt':
      case 'prompt-closed':
        break;
      case 'job-finished': {
        clearProgress();
        const counts = { ok: 0, warn: 0, fail: 0, skipped: 0 };
        for (const s of event.report.steps) counts[s.status] += 1;
        write(`${t('cli.jobFinished', { result: t(`app.result.${event.result}`), ...counts })}\n`);
        break;
      }
    }
  };
}
