/**
 * Patching NGT's `installer/linux/src/installer_factory.py` so that a
 * distribution NGT does not name (Rocky, Alma, …) takes the Red Hat branch.
 *
 * `get_linux_installer()` picks an installer by substring tests on the
 * lower-cased distribution name:
 *
 *     if ("centos" in distribution or
 *         "red hat" in distribution):
 *         from redhat_installer import RedHatInstaller
 *
 * The patch adds one line, `"rocky linux" in distribution or`, inside that
 * condition and leaves every other byte alone (line endings included), so the
 * diff shown to the person is exactly one added line.
 *
 * Pure: text in, plan out. The file is read with a small Python tokenizer
 * (strings, comments, brackets, continuation lines) rather than by regular
 * expressions over raw text, so a `#` or a quote inside a string, a docstring
 * that mentions "if", or a nested `if` cannot mislead it.
 */

export type DistributionApi = 'distro' | 'platform';

export type UnrecognisedReason =
  'no-redhat-branch' | 'several-redhat-branches' | 'no-distribution-variable' | 'empty-name' | 'unsafe-name';

export type PatchPlan =
  | {
      kind: 'patched';
      patched: string;
      /**
       * The line as it appears in the patched file, without its line ending:
       * the new line, or (condition written on one line) the edited header line.
       */
      addedLine: string;
      /** 1-based line number of the `if`/`elif` header of the Red Hat branch (same in both files). */
      branchLineNumber: number;
      /** Names the Red Hat branch listed before the patch, in file order. */
      names: string[];
      /** 'insert-line': one new line; 'edit-line': the one-line condition was extended in place. */
      edit: 'insert-line' | 'edit-line';
      /** 1-based line number of `addedLine` in the patched file. */
      addedLineNumber: number;
    }
  | { kind: 'already-supported'; matchedName: string; names: string[] }
  | {
      kind: 'unrecognised';
      reason: UnrecognisedReason;
      message: string;
      expected: string;
    };

// ---------------------------------------------------------------------------
// Tokenizing just enough Python

interface StringToken {
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

interface PhysicalLine {
  start: number;
  /** Offset of the line ending (or the end of the text). */
  end: number;
  eol: '' | '\n' | '\r\n' | '\r';
}

interface Scan {
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
}

function isIdentChar(ch: string | undefined): boolean {
  return ch !== undefined && /[A-Za-z0-9_]/.test(ch);
}

function blank(ch: string): string {
  return ch === '\n' || ch === '\r' ? ch : ' ';
}

function scanPython(source: string): Scan {
  const masked: string[] = [];
  const noComments: string[] = [];
  const strings: StringToken[] = [];
  let i = 0;
  while (i < source.length) {
    const ch = source[i]!;
    if (ch === '#') {
      while (i < source.length && source[i] !== '\n' && source[i] !== '\r') {
        masked.push(' ');
        noComments.push(' ');
        i += 1;
      }
      continue;
    }
    if (ch === '"' || ch === "'") {
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
        body: source.slice(i + openLen, bodyEnd),
      });
      for (let k = i; k < end; k += 1) {
        const c = source[k]!;
        const isQuote = k < i + openLen || (closed && k >= bodyEnd);
        masked.push(isQuote ? c : blank(c));
        noComments.push(c);
      }
      i = end;
      continue;
    }
    masked.push(ch);
    noComments.push(ch);
    i += 1;
  }

  const lines: PhysicalLine[] = [];
  let start = 0;
  for (let k = 0; k < source.length; k += 1) {
    const c = source[k];
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
      if (c === '(' || c === '[' || c === '{') depth += 1;
      else if (c === ')' || c === ']' || c === '}') depth = Math.max(0, depth - 1);
    }
    continued = line.end > line.start && maskedText[line.end - 1] === '\\';
  }
  const logicalEnd: number[] = new Array<number>(lines.length);
  for (let k = lines.length - 1; k >= 0; k -= 1) {
    logicalEnd[k] = k === lines.length - 1 || logicalStart[k + 1] ? k : logicalEnd[k + 1]!;
  }
  return {
    source,
    masked: maskedText,
    noComments: noComments.join(''),
    strings,
    lines,
    logicalStart,
    logicalEnd,
  };
}

function lineText(scan: Scan, text: string, index: number): string {
  const line = scan.lines[index]!;
  return text.slice(line.start, line.end);
}

function leadingWhitespace(text: string): string {
  return /^[ \t]*/.exec(text)![0];
}

function indentColumn(whitespace: string): number {
  let col = 0;
  for (const c of whitespace) col = c === '\t' ? col + 8 - (col % 8) : col + 1;
  return col;
}

function isBlankLine(scan: Scan, index: number): boolean {
  return lineText(scan, scan.masked, index).trim() === '';
}

/** Index just past the last line of the block opened at `headerIndex` (lines indented deeper). */
function blockEnd(scan: Scan, headerIndex: number, from: number): number {
  const headerIndent = indentColumn(leadingWhitespace(lineText(scan, scan.masked, headerIndex)));
  for (let k = from; k < scan.lines.length; k += 1) {
    if (!scan.logicalStart[k] || isBlankLine(scan, k)) continue;
    if (indentColumn(leadingWhitespace(lineText(scan, scan.masked, k))) <= headerIndent) return k;
  }
  return scan.lines.length;
}

// ---------------------------------------------------------------------------
// Reading get_linux_installer()

interface Branch {
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
  /** Body text (comments removed). */
  body: string;
}

interface Analysis {
  scan: Scan;
  scopeStart: number;
  scopeEnd: number;
  distributionAssignments: { line: number; expression: string }[];
  distributionIsParameter: boolean;
  branches: Branch[];
}

const RED_HAT_BODY = /red[ _-]?hat|rhel/i;
const DISTRIBUTION_ASSIGNMENT = /^[ \t]*distribution[ \t]*=(?!=)/;

function joinExpression(text: string): string {
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
    if (c === '(' || c === '[' || c === '{') depth += 1;
    else if (c === ')' || c === ']' || c === '}') depth = Math.max(0, depth - 1);
    else if (c === ':' && depth === 0 && scan.masked[k + 1] !== '=') return k;
  }
  return -1;
}

function isNameTest(scan: Scan, token: StringToken, limit: number): boolean {
  if (token.triple || /[bBfF]/.test(token.prefix)) return false;
  const after = scan.masked.slice(token.end, limit).replace(/\\\r?\n|\\\r/g, ' ');
  return /^\s*in\s+distribution\b/.test(after);
}

function analyse(source: string): Analysis {
  const scan = scanPython(source);
  let scopeStart = 0;
  let scopeEnd = scan.lines.length;
  let distributionIsParameter = false;
  for (let k = 0; k < scan.lines.length; k += 1) {
    if (!scan.logicalStart[k]) continue;
    const text = lineText(scan, scan.masked, k);
    if (/^[ \t]*def[ \t]+get_linux_installer[ \t]*\(/.test(text)) {
      const headerEnd = scan.logicalEnd[k]!;
      const header = scan.masked.slice(scan.lines[k]!.start, scan.lines[headerEnd]!.end);
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
    const tests = scan.strings.filter((s) => s.start >= condStart && s.end <= colon && isNameTest(scan, s, colon));
    const inlineBody = scan.noComments.slice(colon + 1, logicalEndOffset);
    const bodyEnd = blockEnd(scan, k, lastLine + 1);
    const bodyText =
      bodyEnd > lastLine + 1
        ? scan.noComments.slice(scan.lines[lastLine + 1]!.start, scan.lines[bodyEnd - 1]!.end)
        : '';
    branches.push({
      headerLine: k,
      keyword: header[2] as 'if' | 'elif',
      condStart,
      condEnd: colon,
      colonLine,
      tests,
      body: `${inlineBody}\n${bodyText}`,
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
        expression: joinExpression(scan.noComments.slice(start, end)),
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

function redHatBranches(analysis: Analysis): Branch[] {
  return analysis.branches.filter((b) => b.tests.length > 0 && RED_HAT_BODY.test(b.body));
}

// ---------------------------------------------------------------------------
// Public API

/** Which library call computes `distribution` in get_linux_installer(), and the right-hand side text. */
export function detectDistributionApi(source: string): {
  api: DistributionApi | null;
  expression: string | null;
} {
  const analysis = analyse(source);
  const assignments = analysis.distributionAssignments;
  const apiOf = (expression: string): DistributionApi | null =>
    /\bdistro\s*\./.test(expression) ? 'distro' : /\bplatform\s*\./.test(expression) ? 'platform' : null;
  const recognised = assignments.find((a) => apiOf(a.expression) !== null) ?? assignments[0];
  if (!recognised) return { api: null, expression: null };
  return {
    api: apiOf(recognised.expression),
    expression: recognised.expression,
  };
}

/**
 * The condition of the Red Hat branch on one line, ready for
 * `eval(cond, {"distribution": d})`; null when there is not exactly one such branch.
 */
export function redHatCondition(source: string): string | null {
  const analysis = analyse(source);
  const candidates = redHatBranches(analysis);
  if (candidates.length !== 1) return null;
  const branch = candidates[0]!;
  return joinExpression(analysis.scan.noComments.slice(branch.condStart, branch.condEnd));
}

const EXPECTED_SHAPE =
  'get_linux_installer() with `distribution = distro.linux_distribution()[0].lower()` (or platform.…) and one ' +
  'if/elif branch whose condition tests names such as `"centos" in distribution or "red hat" in distribution` ' +
  'and whose body imports or returns the Red Hat installer (`from redhat_installer import RedHatInstaller`).';

function unrecognised(reason: UnrecognisedReason, message: string, expected = EXPECTED_SHAPE): PatchPlan {
  return { kind: 'unrecognised', reason, message, expected };
}

/** Characters a name may hold: printable ASCII except quotes and backslash (always valid inside a Python literal). */
const SAFE_NAME = /^[\x20-\x7e]+$/;
const UNSAFE_CHARS = /["'\\]/;

interface Edit {
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

function planInsertion(analysis: Analysis, branch: Branch, name: string): Edit {
  const { scan } = analysis;
  const firstQuote = branch.tests[0]!.quote;

  // 1. Condition across several lines: add a whole new line before a continuation
  //    line that starts with a name test.
  for (let i = branch.headerLine + 1; i <= branch.colonLine; i += 1) {
    const line = scan.lines[i]!;
    const masked = lineText(scan, scan.masked, i);
    const indent = leadingWhitespace(masked);
    const firstCode = line.start + indent.length;
    const prev = scan.lines[i - 1]!;
    const prevCodeRaw = scan.masked.slice(Math.max(prev.start, branch.condStart), prev.end).trimEnd();
    const prevBackslash = prevCodeRaw.endsWith('\\');
    const prevCode = (prevBackslash ? prevCodeRaw.slice(0, -1) : prevCodeRaw).trimEnd();
    const continuation = prevBackslash ? ' \\' : '';
    const rawIndent = lineText(scan, scan.source, i).slice(0, indent.length);

    const test = branch.tests.find((t) => t.start === firstCode);
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
      const next = branch.tests.find((t) => t.start === firstCode + leadingOr[0].length);
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
  const condition = scan.masked.slice(branch.condStart, branch.condEnd);
  const lead = /^[ \t]*/.exec(condition)![0].length;
  let at = branch.condStart + lead;
  if (scan.masked[at] === '(') {
    let depth = 0;
    let close = -1;
    for (let k = at; k < branch.condEnd; k += 1) {
      const c = scan.masked[k];
      if (c === '(' || c === '[' || c === '{') depth += 1;
      else if (c === ')' || c === ']' || c === '}') {
        depth -= 1;
        if (depth === 0) {
          close = k;
          break;
        }
      }
    }
    const wrapsAll = close >= 0 && scan.masked.slice(close + 1, branch.condEnd).trim() === '';
    if (wrapsAll) at += 1;
  }
  return {
    at,
    text: `${firstQuote}${name}${firstQuote} in distribution or `,
    edit: 'edit-line',
    lineIndex: branch.headerLine,
  };
}

/**
 * Plans the one-line change that makes get_linux_installer() treat
 * `distributionName` (as the installer sees it, e.g. "Rocky Linux") as Red Hat.
 */
export function planInstallerFactoryPatch(source: string, distributionName: string): PatchPlan {
  const name = distributionName.trim().toLowerCase();
  if (name === '') {
    return unrecognised('empty-name', 'The distribution name is empty.', 'A distribution name such as "rocky linux".');
  }
  if (!SAFE_NAME.test(name) || UNSAFE_CHARS.test(name)) {
    return unrecognised(
      'unsafe-name',
      `The distribution name ${JSON.stringify(distributionName)} contains a quote, a backslash, a line break, ` +
        'a control character or a non-ASCII character, which cannot be added safely to the installer.',
      'A name made of printable ASCII letters, digits, spaces and punctuation other than quotes and backslash.',
    );
  }

  const analysis = analyse(source);
  if (analysis.distributionAssignments.length === 0 && !analysis.distributionIsParameter) {
    return unrecognised(
      'no-distribution-variable',
      'get_linux_installer() does not compute a variable named `distribution`.',
    );
  }
  const candidates = redHatBranches(analysis);
  if (candidates.length === 0) {
    return unrecognised(
      'no-redhat-branch',
      'No if/elif branch of get_linux_installer() leads to the Red Hat installer.',
    );
  }
  if (candidates.length > 1) {
    const lines = candidates.map((b) => b.headerLine + 1).join(', ');
    return unrecognised(
      'several-redhat-branches',
      `${candidates.length} branches of get_linux_installer() lead to the Red Hat installer (lines ${lines}); ` +
        'it is not clear which one to extend.',
      `Exactly one such branch. ${EXPECTED_SHAPE}`,
    );
  }

  const branch = candidates[0]!;
  const names = branch.tests.map((t) => t.body);
  const matchedName = names.find((n) => n !== '' && name.includes(n));
  if (matchedName !== undefined) return { kind: 'already-supported', matchedName, names };

  const edit = planInsertion(analysis, branch, name);
  const patched = source.slice(0, edit.at) + edit.text + source.slice(edit.at);
  const line = analysis.scan.lines[edit.lineIndex]!;
  const addedLine =
    edit.edit === 'insert-line'
      ? edit.text.replace(/(\r\n|\n|\r)$/, '')
      : source.slice(line.start, edit.at) + edit.text + source.slice(edit.at, line.end);
  return {
    kind: 'patched',
    patched,
    addedLine,
    branchLineNumber: branch.headerLine + 1,
    names,
    edit: edit.edit,
    addedLineNumber: edit.lineIndex + 1,
  };
}
