/**
 * Reading the NGT installer's output by content, not by stream: it logs
 * through Python logging's default handler, so its progress arrives on stderr
 * (DOMAIN.md). Pure: one line in, its meaning out.
 */
export type InstallerLineLevel = 'info' | 'warn' | 'error';

export type InstallerEvent =
  | { kind: 'already-installed'; version: string }
  | { kind: 'failed-to-start'; service: string }
  | { kind: 'log-pointer'; path: string }
  | { kind: 'complete' };

export interface InstallerLine {
  level: InstallerLineLevel;
  event?: InstallerEvent;
}

const ALREADY = /NGT version (\S+) is already installed\.\s*Exiting\./i;
const FAILED_TO_START = /^(.*\S)\s+failed to start\.?\s*$/i;
const LOG_PATH = /(\/usr\/local\/nutanix\/\S+?\.log)\b/;
const ERROR = /\b(error|failed|failure|unsupported|permission denied|traceback|not installed|unable to|cannot)\b/i;
const WARN = /\b(warn|warning|deprecated)\b/i;

export function classifyInstallerLine(raw: string): InstallerLine {
  const line = raw.trim();
  const already = ALREADY.exec(line);
  if (already) return { level: 'info', event: { kind: 'already-installed', version: already[1]! } };
  const failed = FAILED_TO_START.exec(line);
  if (failed) return { level: 'error', event: { kind: 'failed-to-start', service: failed[1]! } };
  const pointer = LOG_PATH.exec(line);
  if (pointer) return { level: 'warn', event: { kind: 'log-pointer', path: pointer[1]! } };
  if (/installation is complete/i.test(line)) return { level: 'info', event: { kind: 'complete' } };
  if (/^successfully\b/i.test(line)) return { level: 'info' };
  if (ERROR.test(line)) return { level: 'error' };
  if (WARN.test(line)) return { level: 'warn' };
  return { level: 'info' };
}

/** What a whole run said, from its lines (order kept). */
export interface InstallerOutcome {
  alreadyInstalled?: string;
  failedToStart: string[];
  logPointers: string[];
  complete: boolean;
}

export function summariseInstallerOutput(lines: string[]): InstallerOutcome {
  const outcome: InstallerOutcome = { failedToStart: [], logPointers: [], complete: false };
  for (const line of lines) {
    const { event } = classifyInstallerLine(line);
    if (!event) continue;
    if (event.kind === 'already-installed') outcome.alreadyInstalled = event.version;
    else if (event.kind === 'failed-to-start') outcome.failedToStart.push(event.service);
    else if (event.kind === 'log-pointer') outcome.logPointers.push(event.path);
    else outcome.complete = true;
  }
  return outcome;
}
