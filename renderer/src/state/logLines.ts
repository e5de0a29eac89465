/**
 * Which log lines the wizard shows and what "Copy log" copies. Debug lines
 * (SSH negotiation, commands run, and stack traces of internal errors, which
 * main/engine/runJob.ts logs at debug level) stay off the screen: a person
 * reads what happened, not how. Main does not even send them (main/app/
 * appService.ts); it writes them to the log file in the app data directory
 * (main/app/jobLogFile.ts) and hands the whole log over 'job:log' when "Copy
 * log" is asked to include them, for a bug report. Pure.
 */
import type { LogLine } from './jobState';

/** The lines on screen: no debug lines, then those containing the search text (any case). */
export function visibleLogLines(lines: readonly LogLine[], query: string): LogLine[] {
  const q = query.trim().toLowerCase();
  return lines.filter((l) => l.level !== 'debug' && (!q || l.text.toLowerCase().includes(q)));
}

/** How many lines the screen could show at all (the total beside the search count). */
export function screenLineCount(lines: readonly LogLine[]): number {
  return lines.reduce((n, l) => (l.level === 'debug' ? n : n + 1), 0);
}

/** The text "Copy log" puts on the clipboard: the lines shown, or the job's whole log from main. */
export function copiedLogText(lines: readonly Pick<LogLine, 'at' | 'level' | 'text'>[]): string {
  return lines.map((l) => `${l.at} ${l.level} ${l.text}`).join('\n');
}
