/**
 * Which log lines the wizard shows and what "Copy log" copies. Debug lines
 * (SSH negotiation, commands run, and stack traces of internal errors, which
 * main/engine/runJob.ts logs at debug level) stay off the screen: a person
 * reads what happened, not how. They are still in the job's log, and "Copy
 * log" includes them when asked, for a bug report. Pure.
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

/** The text "Copy log" puts on the clipboard: what is shown, or every line of the job with the debug lines. */
export function copiedLogText(lines: readonly LogLine[], shown: readonly LogLine[], includeDebug: boolean): string {
  return (includeDebug ? lines : shown).map((l) => `${l.at} ${l.level} ${l.text}`).join('\n');
}
