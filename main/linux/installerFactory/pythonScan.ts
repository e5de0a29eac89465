/**
 * Tokenizing just enough Python for the patcher: strings, comments, brackets,
 * continuation lines, logical lines and indented blocks — so a `#` or a quote
 * inside a string, a docstring that mentions "if", or a nested `if` cannot
 * mislead what reads installer_factory.py. One pass over the text; block ends
 * from one stack pass; every step counted (patcherWork.ts).
 */
import { countWork, cut } from './patcherWork';

/** A mention of the Red Hat installer (module, class or name), found once per scan. */
const RED_HAT_MENTION = /red[ _-]?hat|rhel/gi;

export interface StringToken {
  /** Offset of the opening quote. */
  start: number;
  /** Offset just past the closing quote. */
  end: number;
  quote: '"' | "'";
  triple: boolean;
  prefix: string;
  /** Raw text between the quotes. */
  body: string;
}

export interface PhysicalLine {
  start: number;
  /** Offset of the line ending (or the end of the text). */
  end: number;
  eol: '' | '\n' | '\r\n' | '\r';
}

export interface Scan {
  source: string;
  /** Same length as source: string bodies and comments blanked with spaces (line breaks kept). */
  masked: string;
  /** Same length as source: comments blanked, strings kept. */
  noComments: string;
  strings: StringToken[];
  lines: PhysicalLine[];
  /** For each physical line, whether a new logical line starts there. */
  logicalStart: boolean[];
  /** For each physical line, the index of the last physical line of the logical line it belongs to. */
  logicalEnd: number[];
  /** For each physical line that starts a non-blank logical line: the index just past its indented block. */
  blockEnds: number[];
  /** Start and end offsets (in noComments) of every Red Hat installer mention, in order. */
  redHatMentions: [number, number][];
}

export function isIdentChar(ch: string | undefined): boolean {
  return ch !== undefined && /[A-Za-z0-9_]/.test(ch);
}

function blanked(text: string): string {
  return text.replace(/[^\r\n]/g, ' ');
}

export function scanPython(source: string): Scan {
  // Chunks, not one array entry per character: a large file must not cost gigabytes.
  const masked: string[] = [];
  const noComments: string[] = [];
  const strings: StringToken[] = [];
  let i = 0;
  let plainStart = 0;
  const flushPlain = (end: number) => {
    if (end > plainStart) {
      const chunk = cut(source, plainStart, end);
      masked.push(chunk);
      noComments.push(chunk);
    }
  };
  while (i < source.length) {
    const ch = source[i]!;
    countWork(1);
    if (ch === '#') {
      flushPlain(i);
      const start = i;
      while (i < source.length && source[i] !== '\n' && source[i] !== '\r') i += 1;
      countWork(i - start);
      const spaces = ' '.repeat(i - start);
      masked.push(spaces);
      noComments.push(spaces);
      plainStart = i;
      continue;
    }
    if (ch === '"' || ch === "'") {
      flushPlain(i);
      // String prefix: up to two letters directly before the quote, not part of a longer name.
      let p = i;
      while (p > 0 && i - p < 2 && /[rRbBuUfF]/.test(source[p - 1]!)) p -= 1;
      const prefix = isIdentChar(source[p - 1]) ? '' : source.slice(p, i);
      const triple = source[i + 1] === ch && source[i + 2] === ch;
      const openLen = triple ? 3 : 1;
      let j = i + openLen;
      let closed = false;
      while (j < source.length) {
        const c = source[j]!;
        countWork(1);
        if (c === '\\') {
          j += source[j + 1] === '\r' && source[j + 2] === '\n' ? 3 : 2;
          continue;
        }
        if (!triple && (c === '\n' || c === '\r')) break; // unterminated: stop at the line end
        if (c === ch && (!triple || (source[j + 1] === ch && source[j + 2] === ch))) {
          closed = true;
          break;
        }
        j += 1;
      }
      j = Math.min(j, source.length);
      const bodyEnd = j;
      const end = closed ? j + openLen : j;
      strings.push({
        start: i,
        end,
        quote: ch,
        triple,
        prefix,
        body: cut(source, i + openLen, bodyEnd),
      });
      const whole = cut(source, i, end);
      masked.push(
        cut(source, i, i + openLen),
        blanked(cut(source, i + openLen, bodyEnd)),
        closed ? cut(source, bodyEnd, end) : '',
      );
      noComments.push(whole);
      i = end;
      plainStart = i;
      continue;
    }
    i += 1;
  }
  flushPlain(source.length);

  const lines: PhysicalLine[] = [];
  let start = 0;
  for (let k = 0; k < source.length; k += 1) {
    const c = source[k];
    countWork(1);
    if (c === '\n') {
      lines.push({ start, end: k, eol: '\n' });
      start = k + 1;
    } else if (c === '\r') {
      if (source[k + 1] === '\n') {
        lines.push({ start, end: k, eol: '\r\n' });
        k += 1;
      } else {
        lines.push({ start, end: k, eol: '\r' });
      }
      start = k + 1;
    }
  }
  if (start < source.length || lines.length === 0) lines.push({ start, end: source.length, eol: '' });

  const maskedText = masked.join('');
  const logicalStart: boolean[] = [];
  let depth = 0;
  let continued = false;
  let stringIdx = 0;
  for (const line of lines) {
    while (stringIdx < strings.length && strings[stringIdx]!.end <= line.start) stringIdx += 1;
    const s = strings[stringIdx];
    const insideString = s !== undefined && s.start < line.start && line.start < s.end;
    logicalStart.push(depth === 0 && !continued && !insideString);
    for (let k = line.start; k < line.end; k += 1) {
      const c = maskedText[k];
      countWork(1);
      if (c === '(' || c === '[' || c === '{') depth += 1;
      else if (c === ')' || c === ']' || c === '}') depth = Math.max(0, depth - 1);
    }
    continued = line.end > line.start && maskedText[line.end - 1] === '\\';
  }
  const logicalEnd: number[] = new Array<number>(lines.length);
  for (let k = lines.length - 1; k >= 0; k -= 1) {
    logicalEnd[k] = k === lines.length - 1 || logicalStart[k + 1] ? k : logicalEnd[k + 1]!;
  }
  const noCommentsText = noComments.join('');
  const scan: Scan = {
    source,
    masked: maskedText,
    noComments: noCommentsText,
    strings,
    lines,
    logicalStart,
    logicalEnd,
    blockEnds: [],
    redHatMentions: [],
  };
  scan.blockEnds = computeBlockEnds(scan);
  for (const m of noCommentsText.matchAll(RED_HAT_MENTION)) {
    countWork(1);
    scan.redHatMentions.push([m.index, m.index + m[0].length]);
  }
  countWork(noCommentsText.length);
  return scan;
}

/** Indent column of every line that starts a non-blank logical line; -1 for the others. */
function indentColumns(scan: Scan): number[] {
  return scan.lines.map((line, k) => {
    if (!scan.logicalStart[k]) return -1;
    const text = lineText(scan, scan.masked, k);
    return text.trim() === '' ? -1 : indentColumn(leadingWhitespace(text));
  });
}

/**
 * For each header line h, the first later line starting a non-blank logical
 * line indented no deeper than h (or the line count): one pass with a stack.
 */
function computeBlockEnds(scan: Scan): number[] {
  const columns = indentColumns(scan);
  const ends = new Array<number>(scan.lines.length).fill(scan.lines.length);
  const open: number[] = [];
  for (let k = 0; k < scan.lines.length; k += 1) {
    const col = columns[k]!;
    if (col < 0) continue;
    while (open.length > 0 && columns[open[open.length - 1]!]! >= col) {
      countWork(1);
      ends[open.pop()!] = k;
    }
    open.push(k);
  }
  return ends;
}

/** First index in a sorted array whose key is >= value. */
export function lowerBound<T>(items: T[], value: number, key: (item: T) => number): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    countWork(1);
    const mid = (lo + hi) >> 1;
    if (key(items[mid]!) < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function lineText(scan: Scan, text: string, index: number): string {
  const line = scan.lines[index]!;
  return cut(text, line.start, line.end);
}

export function leadingWhitespace(text: string): string {
  return /^[ \t]*/.exec(text)![0];
}

export function indentColumn(whitespace: string): number {
  let col = 0;
  for (const c of whitespace) col = c === '\t' ? col + 8 - (col % 8) : col + 1;
  return col;
}

/** Index just past the last line of the block opened at `headerIndex` (lines indented deeper), not before `from`. */
export function blockEnd(scan: Scan, headerIndex: number, from: number): number {
  return Math.max(scan.blockEnds[headerIndex]!, Math.min(from, scan.lines.length));
}
