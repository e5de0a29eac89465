import { describe, expect, it } from 'vitest';
import type { LogLine } from '../../../renderer/src/state/jobState';
import { copiedLogText, screenLineCount, visibleLogLines } from '../../../renderer/src/state/logLines';

const at = '2026-12-01T10:00:00.000Z';
const lines: LogLine[] = [
  { seq: 1, at, level: 'info', text: 'Connecting to rocky9' },
  { seq: 2, at, level: 'debug', text: 'Error: boom\n    at run (runJob.ts:170:5)' },
  { seq: 3, at, level: 'warn', text: 'Rocky patch needed' },
  { seq: 4, at, level: 'error', text: 'Connection refused' },
];

describe('log lines on screen and on the clipboard', () => {
  it('keeps debug lines and stack traces off the screen, searching the rest in any case', () => {
    expect(visibleLogLines(lines, '').map((l) => l.seq)).toEqual([1, 3, 4]);
    expect(visibleLogLines(lines, ' ROCKY ').map((l) => l.seq)).toEqual([1, 3]);
    expect(visibleLogLines(lines, 'runJob').map((l) => l.seq)).toEqual([]);
    expect(screenLineCount(lines)).toBe(3);
  });

  it('copies what is shown, or every line with the debug ones when asked (main sends those over job:log)', () => {
    const shown = visibleLogLines(lines, 'rocky');
    expect(copiedLogText(shown)).toBe(`${at} info Connecting to rocky9\n${at} warn Rocky patch needed`);
    const all = copiedLogText(lines);
    expect(all.split('\n')[1]).toBe(`${at} debug Error: boom`);
    expect(all).toContain('at run (runJob.ts:170:5)');
    expect(all).toContain('Connection refused');
  });
});
