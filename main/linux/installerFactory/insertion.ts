/**
 * The edit itself: where in the Red Hat branch's condition the new
 * `"<name>" in distribution or` test goes, so the diff is one added line
 * (a condition over several lines) or one extended header line (a condition
 * on one line), with the file's own quotes, indentation, continuation
 * backslashes and line endings.
 */
import type { Analysis, Branch } from './getLinuxInstaller';
import { countWork, cut } from './patcherWork';
import { leadingWhitespace, lineText } from './pythonScan';

export interface Edit {
  /** Offset where text is inserted. */
  at: number;
  text: string;
  edit: 'insert-line' | 'edit-line';
  /** Physical line index (original file) of the new line's position / of the edited line. */
  lineIndex: number;
}

function endsWithOperator(code: string): boolean {
  return /(^|[^A-Za-z0-9_])(or|and|not|in|is)$/.test(code) || /[([{,+\-*/%<>=|&^~]$/.test(code);
}

export function planInsertion(analysis: Analysis, branch: Branch, name: string): Edit {
  const { scan } = analysis;
  const firstQuote = branch.tests[0]!.quote;
  const testAt = new Map(branch.tests.map((t) => [t.start, t]));

  // 1. Condition across several lines: add a whole new line before a continuation
  //    line that starts with a name test.
  for (let i = branch.headerLine + 1; i <= branch.colonLine; i += 1) {
    const line = scan.lines[i]!;
    const masked = lineText(scan, scan.masked, i);
    const indent = leadingWhitespace(masked);
    const firstCode = line.start + indent.length;
    const prev = scan.lines[i - 1]!;
    const prevCodeRaw = cut(scan.masked, Math.max(prev.start, branch.condStart), prev.end).trimEnd();
    const prevBackslash = prevCodeRaw.endsWith('\\');
    const prevCode = (prevBackslash ? prevCodeRaw.slice(0, -1) : prevCodeRaw).trimEnd();
    const continuation = prevBackslash ? ' \\' : '';
    const rawIndent = lineText(scan, scan.source, i).slice(0, indent.length);

    const test = testAt.get(firstCode);
    if (test && (/(^|[^A-Za-z0-9_])or$/.test(prevCode) || prevCode.endsWith('('))) {
      const q = test.quote;
      return {
        at: line.start,
        text: `${rawIndent}${q}${name}${q} in distribution or${continuation}${prev.eol}`,
        edit: 'insert-line',
        lineIndex: i,
      };
    }
    const leadingOr = /^or\b[ \t]*/.exec(masked.slice(indent.length));
    if (leadingOr && prevCode !== '' && !endsWithOperator(prevCode)) {
      const next = testAt.get(firstCode + leadingOr[0].length);
      if (next) {
        const q = next.quote;
        return {
          at: line.start,
          text: `${rawIndent}or ${q}${name}${q} in distribution${continuation}${prev.eol}`,
          edit: 'insert-line',
          lineIndex: i,
        };
      }
    }
  }

  // 2. Condition on one line (or a shape the line insertion does not fit):
  //    put the test in front of the whole condition on the header line.
  const condition = cut(scan.masked, branch.condStart, branch.condEnd);
  const lead = /^[ \t]*/.exec(condition)![0].length;
  let at = branch.condStart + lead;
  if (scan.masked[at] === '(') {
    let depth = 0;
    let close = -1;
    for (let k = at; k < branch.condEnd; k += 1) {
      const c = scan.masked[k];
      countWork(1);
      if (c === '(' || c === '[' || c === '{') depth += 1;
      else if (c === ')' || c === ']' || c === '}') {
        depth -= 1;
        if (depth === 0) {
          close = k;
          break;
        }
      }
    }
    const wrapsAll = close >= 0 && cut(scan.masked, close + 1, branch.condEnd).trim() === '';
    if (wrapsAll) at += 1;
  }
  return {
    at,
    text: `${firstQuote}${name}${firstQuote} in distribution or `,
    edit: 'edit-line',
    lineIndex: branch.headerLine,
  };
}
