/**
 * Locating what the patch is about in installer_factory.py: the function
 * get_linux_installer(), the `distribution = …` assignment it computes the
 * name with, and its if/elif branches with their `"<name>" in distribution`
 * tests and whether each leads to the Red Hat installer.
 */
import { countWork, cut } from './patcherWork';
import {
  blockEnd,
  indentColumn,
  isIdentChar,
  leadingWhitespace,
  lineText,
  lowerBound,
  scanPython,
  type Scan,
  type StringToken,
} from './pythonScan';

export interface Branch {
  /** Physical line index of the `if`/`elif` header. */
  headerLine: number;
  keyword: 'if' | 'elif';
  /** Offsets of the condition text: just after the keyword, up to the header's colon. */
  condStart: number;
  condEnd: number;
  /** Physical line index holding the colon. */
  colonLine: number;
  /** `"<name>" in distribution` tests in the condition, in order. */
  tests: StringToken[];
  /** The body (inline after the colon, or the indented block) mentions the Red Hat installer. */
  leadsToRedHat: boolean;
}

export interface Analysis {
  scan: Scan;
  scopeStart: number;
  scopeEnd: number;
  distributionAssignments: { line: number; expression: string }[];
  distributionIsParameter: boolean;
  branches: Branch[];
}

const DISTRIBUTION_ASSIGNMENT = /^[ \t]*distribution[ \t]*=(?!=)/;

export function joinExpression(text: string): string {
  return text
    .replace(/\\\r?\n|\\\r/g, ' ')
    .split(/\r\n|\n|\r/)
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .join(' ')
    .replace(/([([{]) /g, '$1')
    .replace(/ ([)\]}])/g, '$1')
    .trim();
}

function findColon(scan: Scan, from: number, to: number): number {
  let depth = 0;
  for (let k = from; k < to; k += 1) {
    const c = scan.masked[k];
    countWork(1);
    if (c === '(' || c === '[' || c === '{') depth += 1;
    else if (c === ')' || c === ']' || c === '}') depth = Math.max(0, depth - 1);
    else if (c === ':' && depth === 0 && scan.masked[k + 1] !== '=') return k;
  }
  return -1;
}

/** Offset past whitespace and backslash-newline continuations from `at` (not beyond `limit`). */
function skipSpace(masked: string, at: number, limit: number): number {
  let k = at;
  while (k < limit) {
    countWork(1);
    const c = masked[k];
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f') k += 1;
    else if (c === '\\' && (masked[k + 1] === '\n' || masked[k + 1] === '\r')) k += 2;
    else break;
  }
  return k;
}

/** `<string> in distribution` — a bounded look-ahead after the string, never a slice to the colon. */
function isNameTest(scan: Scan, token: StringToken, limit: number): boolean {
  if (token.triple || /[bBfF]/.test(token.prefix)) return false;
  const m = scan.masked;
  let k = skipSpace(m, token.end, limit);
  if (m[k] !== 'i' || m[k + 1] !== 'n' || isIdentChar(m[k + 2])) return false;
  const afterIn = skipSpace(m, k + 2, limit);
  if (afterIn === k + 2) return false;
  k = afterIn;
  const word = 'distribution';
  countWork(word.length);
  return k + word.length <= limit && m.startsWith(word, k) && !isIdentChar(m[k + word.length]);
}

function mentionsRedHat(scan: Scan, start: number, end: number): boolean {
  const i = lowerBound(scan.redHatMentions, start, (m) => m[0]);
  const mention = scan.redHatMentions[i];
  return mention !== undefined && mention[1] <= end;
}

export function analyse(source: string): Analysis {
  const scan = scanPython(source);
  let scopeStart = 0;
  let scopeEnd = scan.lines.length;
  let distributionIsParameter = false;
  for (let k = 0; k < scan.lines.length; k += 1) {
    if (!scan.logicalStart[k]) continue;
    const text = lineText(scan, scan.masked, k);
    if (/^[ \t]*def[ \t]+get_linux_installer[ \t]*\(/.test(text)) {
      const headerEnd = scan.logicalEnd[k]!;
      const header = cut(scan.masked, scan.lines[k]!.start, scan.lines[headerEnd]!.end);
      const params = /\(([^)]*)\)/.exec(header)?.[1] ?? '';
      distributionIsParameter = params.split(',').some((p) => p.split('=')[0]!.trim() === 'distribution');
      scopeStart = k + 1;
      scopeEnd = blockEnd(scan, k, headerEnd + 1);
      break;
    }
  }

  const distributionAssignments: { line: number; expression: string }[] = [];
  const branches: Branch[] = [];
  for (let k = scopeStart; k < scopeEnd; k += 1) {
    if (!scan.logicalStart[k]) continue;
    const text = lineText(scan, scan.masked, k);
    const lastLine = scan.logicalEnd[k]!;
    const logicalEndOffset = scan.lines[lastLine]!.end;

    if (DISTRIBUTION_ASSIGNMENT.test(text)) continue;

    const header = /^([ \t]*)(if|elif)\b/.exec(text);
    if (!header) continue;
    const condStart = scan.lines[k]!.start + header[0].length;
    const colon = findColon(scan, condStart, logicalEndOffset);
    if (colon < 0) continue;
    let colonLine = k;
    while (scan.lines[colonLine]!.end < colon) colonLine += 1;
    const tests: StringToken[] = [];
    for (let si = lowerBound(scan.strings, condStart, (t) => t.start); si < scan.strings.length; si += 1) {
      const token = scan.strings[si]!;
      countWork(1);
      if (token.start >= colon) break;
      if (token.end <= colon && isNameTest(scan, token, colon)) tests.push(token);
    }
    const bodyEnd = blockEnd(scan, k, lastLine + 1);
    const leadsToRedHat =
      mentionsRedHat(scan, colon + 1, logicalEndOffset) ||
      (bodyEnd > lastLine + 1 && mentionsRedHat(scan, scan.lines[lastLine + 1]!.start, scan.lines[bodyEnd - 1]!.end));
    branches.push({
      headerLine: k,
      keyword: header[2] as 'if' | 'elif',
      condStart,
      condEnd: colon,
      colonLine,
      tests,
      leadsToRedHat,
    });
  }
  // `distribution = …` inside get_linux_installer(); a module-level one counts when the function has none.
  const collectAssignments = (from: number, to: number): void => {
    for (let k = from; k < to; k += 1) {
      if (!scan.logicalStart[k]) continue;
      const assignment = DISTRIBUTION_ASSIGNMENT.exec(lineText(scan, scan.masked, k));
      if (!assignment) continue;
      const start = scan.lines[k]!.start + assignment[0].length;
      const end = scan.lines[scan.logicalEnd[k]!]!.end;
      distributionAssignments.push({
        line: k,
        expression: joinExpression(cut(scan.noComments, start, end)),
      });
    }
  };
  collectAssignments(scopeStart, scopeEnd);
  if (distributionAssignments.length === 0 && !distributionIsParameter) {
    for (let k = 0; k < scan.lines.length; k += 1) {
      if (scan.logicalStart[k] && indentColumn(leadingWhitespace(lineText(scan, scan.masked, k))) === 0) {
        collectAssignments(k, k + 1);
      }
    }
  }
  return {
    scan,
    scopeStart,
    scopeEnd,
    distributionAssignments,
    distributionIsParameter,
    branches,
  };
}

export function redHatBranches(analysis: Analysis): Branch[] {
  return analysis.branches.filter((b) => b.tests.length > 0 && b.leadsToRedHat);
}
