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
 *
 * Linear in the size of the file: every pass visits each character a bounded
 * number of times (block ends come from one stack pass, name tests from a
 * bounded look-ahead, strings by condition from one sorted walk). The work is
 * counted (`measurePatcherWork`) so a test catches quadratic work without
 * timing anything; files over MAX_FACTORY_CHARS are refused outright — real
 * installer_factory.py files are a few kilobytes.
 */

/** Real installer_factory.py files are 2–5 KB; anything near this is not one. */
export const MAX_FACTORY_CHARS = 2 * 1024 * 1024;

let work = 0;

/** Runs `fn` and returns how many units of work (characters and items visited) the patcher did. */
export function measurePatcherWork<T>(fn: () => T): { result: T; units: number } {
  const before = work;
  const result = fn();
  return { result, units: work - before };
}

function cut(text: string, start: number, end: number): string {
  work += Math.max(0, end - start);
  return text.slice(start, end);
}

export type DistributionApi = 'distro' | 'platform';

export type UnrecognisedReason =
  | 'no-redhat-branch'
  | 'several-redhat-branches'
  | 'no-distribution-variable'
  | 'empty-name'
  | 'unsafe-name'
  | 'too-large';

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
  /** For each physical line that starts a non-blank logical line: the index just past its indented block. */
  blockEnds: number[];
  /** Start and end offsets (in noComments) of every Red Hat installer mention, in order. */
  redHatMentions: [number, number][];
}

function isIdentChar(ch: string | undefined): boolean {
  return ch !== undefined && /[A-Za-z0-9_]/.test(ch);
}

function blanked(text: string): string {
  return text.replace(/[^\r\n]/g, ' ');
}

function scanPython(source: string): Scan {
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
    work += 1;
    if (ch === '#') {
      flushPlain(i);
      const start = i;
      while (i < source.length && source[i] !== '\n' && source[i] !== '\r') i += 1;
      work += i - start;
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
        work += 1;
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
    work += 1;
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
      work += 1;
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
    work += 1;
    scan.redHatMentions.push([m.index, m.index + m[0].length]);
  }
  work += noCommentsText.length;
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
      work += 1;
      ends[open.pop()!] = k;
    }
    open.push(k);
  }
  return ends;
}

/** First index in a sorted array whose key is >= value. */
function lowerBound<T>(items: T[], value: number, key: (item: T) => number): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    work += 1;
    const mid = (lo + hi) >> 1;
    if (key(items[mid]!) < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function lineText(scan: Scan, text: string, index: number): string {
  const line = scan.lines[index]!;
  return cut(text, line.start, line.end);
}

function leadingWhitespace(text: string): string {
  return /^[ \t]*/.exec(text)![0];
}

function indentColumn(whitespace: string): number {
  let col = 0;
  for (const c of whitespace) col = c === '\t' ? col + 8 - (col % 8) : col + 1;
  return col;
}

/** Index just past the last line of the block opened at `headerIndex` (lines indented deeper), not before `from`. */
function blockEnd(scan: Scan, headerIndex: number, from: number): number {
  return Math.max(scan.blockEnds[headerIndex]!, Math.min(from, scan.lines.length));
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
  /** The body (inline after the colon, or the indented block) mentions the Red Hat installer. */
  leadsToRedHat: boolean;
}

interface Analysis {
  scan: Scan;
  scopeStart: number;
  scopeEnd: number;
  distributionAssignments: { line: number; expression: string }[];
  distributionIsParameter: boolean;
  branches: Branch[];
}

const RED_HAT_MENTION = /red[ _-]?hat|rhel/gi;
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
    work += 1;
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
    work += 1;
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
  work += word.length;
  return k + word.length <= limit && m.startsWith(word, k) && !isIdentChar(m[k + word.length]);
}

function mentionsRedHat(scan: Scan, start: number, end: number): boolean {
  const i = lowerBound(scan.redHatMentions, start, (m) => m[0]);
  const mention = scan.redHatMentions[i];
  return mention !== undefined && mention[1] <= end;
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
      work += 1;
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

function redHatBranches(analysis: Analysis): Branch[] {
  return analysis.branches.filter((b) => b.tests.length > 0 && b.leadsToRedHat);
}

// ---------------------------------------------------------------------------
// Public API

/** Which library call computes `distribution` in get_linux_installer(), and the right-hand side text. */
export function detectDistributionApi(source: string): {
  api: DistributionApi | null;
  expression: string | null;
} {
  if (source.length > MAX_FACTORY_CHARS) return { api: null, expression: null };
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
  if (source.length > MAX_FACTORY_CHARS) return null;
  const analysis = analyse(source);
  const candidates = redHatBranches(analysis);
  if (candidates.length !== 1) return null;
  const branch = candidates[0]!;
  return joinExpression(cut(analysis.scan.noComments, branch.condStart, branch.condEnd));
}

/**
 * The name another branch of get_linux_installer() (Ubuntu, SUSE, …) already
 * matches for `distributionName`, or null: such hosts follow the installer's
 * own branch and need no patch.
 */
export function otherBranchMatch(source: string, distributionName: string): string | null {
  if (source.length > MAX_FACTORY_CHARS) return null;
  const name = distributionName.trim().toLowerCase();
  const analysis = analyse(source);
  const redHat = new Set(redHatBranches(analysis));
  for (const branch of analysis.branches) {
    if (redHat.has(branch)) continue;
    const hit = branch.tests.map((t) => t.body).find((n) => n !== '' && name.includes(n));
    if (hit !== undefined) return hit;
  }
  return null;
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
      work += 1;
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
  if (source.length > MAX_FACTORY_CHARS) {
    return unrecognised(
      'too-large',
      `The file has ${source.length} characters; installer_factory.py files are a few kilobytes and NGT Prep ` +
        `reads at most ${MAX_FACTORY_CHARS}. This is not the installer's factory file.`,
      `installer/linux/src/installer_factory.py from the NGT ISO (at most ${MAX_FACTORY_CHARS} characters).`,
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
