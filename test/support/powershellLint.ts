/**
 * PowerShell checks without PowerShell, on a tree-sitter-powershell syntax tree:
 *   - syntax problems (ERROR and MISSING nodes);
 *   - syntax that only PowerShell 7 understands (NGT Prep's scripts must run on Windows
 *     PowerShell 5.1, and on Server 2012 R2 with 4.0): `??`, `??=`, `?.`, `?[`, the ternary
 *     `a ? b : c`, pipeline chains `&&` / `||`, `ForEach-Object -Parallel`, `clean {}` blocks;
 *   - whether a piece of text sits only inside string literals (never as code).
 * The analysers are pure functions of the tree and the source. `loadPowerShellParser` loads the
 * grammar (web-tree-sitter and tree-sitter-powershell are development dependencies: this is test
 * tooling, which is why it lives under test/support and not in the shipped app).
 *
 * Known false positives of the grammar (write around them): a bare comma list as a command
 * argument (`-Profile Domain,Private,Public`) and a one-line `switch`.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Node, Parser, Tree } from 'web-tree-sitter';

export interface PowerShellParser {
  parse(source: string): Tree;
}

let cached: Promise<PowerShellParser> | undefined;

/** Loads web-tree-sitter and the PowerShell grammar once. */
export function loadPowerShellParser(): Promise<PowerShellParser> {
  cached ??= (async () => {
    const treeSitter = await import('web-tree-sitter');
    await treeSitter.Parser.init();
    // Resolved from the project root, so this works under Vitest (ESM) and Playwright (CommonJS).
    const require = createRequire(path.join(__dirname, '..', '..', 'package.json'));
    const language = await treeSitter.Language.load(
      require.resolve('tree-sitter-powershell/tree-sitter-powershell.wasm'),
    );
    const parser: Parser = new treeSitter.Parser();
    parser.setLanguage(language);
    return {
      parse(source: string): Tree {
        const tree = parser.parse(source);
        if (!tree) throw new Error('tree-sitter returned no tree');
        return tree;
      },
    };
  })();
  return cached;
}

export interface SourceLocation {
  /** 1-based. */
  line: number;
  /** 1-based. */
  column: number;
  text: string;
}

export interface SyntaxProblem extends SourceLocation {
  kind: 'error' | 'missing';
}

function locate(node: Node, source: string): SourceLocation {
  return {
    line: node.startPosition.row + 1,
    column: node.startPosition.column + 1,
    text: source.slice(node.startIndex, Math.min(node.endIndex, node.startIndex + 60)),
  };
}

function* walk(node: Node): Generator<Node> {
  yield node;
  for (const child of node.children) {
    if (child) yield* walk(child);
  }
}

export function findSyntaxProblems(tree: Tree, source: string): SyntaxProblem[] {
  const problems: SyntaxProblem[] = [];
  for (const node of walk(tree.rootNode)) {
    if (node.type === 'ERROR') problems.push({ kind: 'error', ...locate(node, source) });
    else if (node.isMissing) problems.push({ kind: 'missing', ...locate(node, source) });
  }
  return problems;
}

/** Node types whose own text is string content (their code children are checked apart). */
export const STRING_NODE_TYPES = new Set([
  'string_literal',
  'expandable_string_literal',
  'verbatim_string_characters',
  'expandable_here_string_literal',
  'verbatim_here_string_characters',
]);
/** Nodes inside an expandable string that PowerShell evaluates. */
const CODE_IN_STRING_TYPES = new Set(['sub_expression', 'variable', 'braced_variable']);

export type Ps7Rule =
  'null-coalescing' | 'null-conditional' | 'ternary' | 'pipeline-chain' | 'foreach-parallel' | 'clean-block';

export interface Ps7Violation extends SourceLocation {
  rule: Ps7Rule;
}

function nextLeaf(node: Node): Node | null {
  let current: Node | null = node;
  while (current) {
    const sibling: Node | null = current.nextSibling;
    if (sibling) {
      let leaf: Node = sibling;
      while (leaf.childCount > 0 && leaf.firstChild) leaf = leaf.firstChild;
      return leaf;
    }
    current = current.parent;
  }
  return null;
}

/** Syntax Windows PowerShell 5.1 does not understand. */
export function findPs7OnlySyntax(tree: Tree, source: string): Ps7Violation[] {
  const found: Ps7Violation[] = [];
  const report = (rule: Ps7Rule, node: Node) => found.push({ rule, ...locate(node, source) });
  // A recursive walk that carries "inside a string or comment" down: Node.parent is costly in
  // web-tree-sitter (it searches from the root), so the walk never asks for it in the hot path.
  const visit = (node: Node, inText: boolean, parentIsError: boolean): void => {
    if (node.type === 'comment') return;
    let text = inText;
    if (STRING_NODE_TYPES.has(node.type)) text = true;
    else if (node.type === 'sub_expression') text = false;
    if (!text) check(node, parentIsError);
    const isError = node.type === 'ERROR';
    for (const child of node.children) {
      if (child) visit(child, text, isError);
    }
  };
  const check = (node: Node, parentIsError: boolean): void => {
    if (node.type === 'pipeline_chain_tail') {
      report('pipeline-chain', node);
      return;
    }
    if (node.type === 'block_name' && node.text.trim().toLowerCase() === 'clean') {
      report('clean-block', node);
      return;
    }
    if (node.type === 'command') {
      const name = node.children
        .find((c) => c?.type === 'command_name')
        ?.text.trim()
        .toLowerCase();
      if (name && ['foreach-object', 'foreach', '%'].includes(name)) {
        const parallel = [...walk(node)].some((d) => d.type === 'command_parameter' && /^-pa/i.test(d.text.trim()));
        if (parallel) report('foreach-parallel', node);
      }
      return;
    }
    if (node.childCount > 0) {
      // `clean { }` next to begin/process/end: the 5.1 grammar has no such block.
      if (node.type === 'ERROR' && node.children.some((c) => c?.type === 'named_block')) {
        const clean = node.children.find((c) => c && c.childCount === 0 && c.text.trim().toLowerCase() === 'clean');
        if (clean) report('clean-block', clean);
      }
      return;
    }
    const leaf = node.text.trim();
    if (leaf.startsWith('??')) report('null-coalescing', node);
    else if (leaf === '?.' || leaf === '?[') report('null-conditional', node);
    else if (leaf === '?' && (node.type === 'ERROR' || parentIsError)) {
      const after = nextLeaf(node)?.text.trim() ?? '';
      report(after.startsWith('.') || after.startsWith('[') ? 'null-conditional' : 'ternary', node);
    }
  };
  visit(tree.rootNode, false, false);
  return found;
}

/**
 * True when source[start, end) lies inside one string literal and not inside code that the
 * string evaluates (`$(...)` or `$variable` in a double-quoted string).
 */
export function isInsideStringLiteral(tree: Tree, start: number, end: number): boolean {
  let node: Node | null = tree.rootNode.descendantForIndex(start, Math.max(start, end - 1));
  for (; node; node = node.parent) {
    if (CODE_IN_STRING_TYPES.has(node.type)) return false;
    if (STRING_NODE_TYPES.has(node.type)) {
      if (node.startIndex > start || node.endIndex < end) return false;
      for (const d of walk(node)) {
        if (CODE_IN_STRING_TYPES.has(d.type) && d.startIndex < end && d.endIndex > start) return false;
      }
      return true;
    }
    if (
      node.startIndex <= start &&
      node.endIndex >= end &&
      node.type !== 'ERROR' &&
      node.childCount > 0 &&
      !STRING_NODE_TYPES.has(node.type)
    ) {
      // Keep climbing: the smallest node may be a token of the string's parent.
      continue;
    }
  }
  return false;
}

/** Start offsets where `needle` occurs outside string literals (code, comments, ...). */
export function occurrencesOutsideStringLiterals(tree: Tree, source: string, needle: string): number[] {
  const outside: number[] = [];
  if (!needle) return outside;
  for (let i = source.indexOf(needle); i >= 0; i = source.indexOf(needle, i + 1)) {
    if (!isInsideStringLiteral(tree, i, i + needle.length)) outside.push(i);
  }
  return outside;
}
