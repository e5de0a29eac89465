/**
 * `diff -u` style text diff, so a person sees exactly what a patch changes
 * before it is applied.
 *
 * Lines are compared with their `\r` (a CRLF → LF change is a change) but
 * shown without it, so the diff reads the same whatever the line endings.
 * A last line without a line ending is marked `\ No newline at end of file`,
 * as GNU diff does.
 */

export interface UnifiedDiffOptions {
  oldName: string;
  newName: string;
  /** Unchanged lines shown around each change (GNU default 3). */
  context?: number;
}

interface Line {
  /** Text compared: the line with its `\r` but without `\n`, plus a marker when no line ending follows. */
  key: string;
  /** Text shown. */
  display: string;
  missingNewline: boolean;
}

function splitLines(text: string): Line[] {
  if (text === '') return [];
  const parts = text.split('\n');
  const endsWithNewline = parts[parts.length - 1] === '';
  if (endsWithNewline) parts.pop();
  return parts.map((part, i) => {
    const missingNewline = !endsWithNewline && i === parts.length - 1;
    return {
      key: missingNewline ? `${part}\u0000nonl` : part,
      display: part.replace(/\r$/, ''),
      missingNewline,
    };
  });
}

type Op = {
  kind: 'equal' | 'delete' | 'insert';
  oldIndex: number;
  newIndex: number;
};

/** Myers' O((N+M)D) shortest edit script over line keys. */
function diffLines(a: string[], b: string[]): Op[] {
  // Common prefix and suffix first: cheap, and keeps the search small.
  let prefix = 0;
  while (prefix < a.length && prefix < b.length && a[prefix] === b[prefix]) prefix += 1;
  let suffix = 0;
  while (
    suffix < a.length - prefix &&
    suffix < b.length - prefix &&
    a[a.length - 1 - suffix] === b[b.length - 1 - suffix]
  ) {
    suffix += 1;
  }
  const A = a.slice(prefix, a.length - suffix);
  const B = b.slice(prefix, b.length - suffix);
  const n = A.length;
  const m = B.length;
  const max = n + m;
  const offset = max + 1;
  const v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  let found = false;
  for (let d = 0; d <= max && !found; d += 1) {
    trace.push(v.slice());
    for (let k = -d; k <= d; k += 2) {
      let x: number;
      if (k === -d || (k !== d && v[offset + k - 1]! < v[offset + k + 1]!)) x = v[offset + k + 1]!;
      else x = v[offset + k - 1]! + 1;
      let y = x - k;
      while (x < n && y < m && A[x] === B[y]) {
        x += 1;
        y += 1;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) {
        found = true;
        break;
      }
    }
  }

  // Walk back through the trace.
  const middle: Op[] = [];
  let x = n;
  let y = m;
  for (let d = trace.length - 1; d >= 0 && (x > 0 || y > 0); d -= 1) {
    const vd = trace[d]!;
    const k = x - y;
    let prevK: number;
    if (k === -d || (k !== d && vd[offset + k - 1]! < vd[offset + k + 1]!)) prevK = k + 1;
    else prevK = k - 1;
    const prevX = d === 0 ? 0 : vd[offset + prevK]!;
    const prevY = d === 0 ? 0 : prevX - prevK;
    while (x > prevX && y > prevY) {
      x -= 1;
      y -= 1;
      middle.push({
        kind: 'equal',
        oldIndex: prefix + x,
        newIndex: prefix + y,
      });
    }
    if (d > 0) {
      if (x === prevX) {
        y -= 1;
        middle.push({
          kind: 'insert',
          oldIndex: prefix + x,
          newIndex: prefix + y,
        });
      } else {
        x -= 1;
        middle.push({
          kind: 'delete',
          oldIndex: prefix + x,
          newIndex: prefix + y,
        });
      }
    }
  }
  middle.reverse();

  const ops: Op[] = [];
  for (let i = 0; i < prefix; i += 1) ops.push({ kind: 'equal', oldIndex: i, newIndex: i });
  ops.push(...middle);
  for (let i = 0; i < suffix; i += 1) {
    ops.push({
      kind: 'equal',
      oldIndex: a.length - suffix + i,
      newIndex: b.length - suffix + i,
    });
  }
  return ops;
}

function range(start: number, count: number): string {
  // GNU diff: an empty range names the line before it; a count of 1 is left out.
  if (count === 0) return `${start},0`;
  if (count === 1) return `${start + 1}`;
  return `${start + 1},${count}`;
}

/** A unified diff of two texts; '' when they are identical. */
export function unifiedDiff(oldText: string, newText: string, options: UnifiedDiffOptions): string {
  const context = Math.max(0, options.context ?? 3);
  const oldLines = splitLines(oldText);
  const newLines = splitLines(newText);
  const ops = diffLines(
    oldLines.map((l) => l.key),
    newLines.map((l) => l.key),
  );
  const changed = ops.map((op) => op.kind !== 'equal');
  if (!changed.includes(true)) return '';

  // Group changes whose context would touch or overlap into one hunk.
  const hunks: { from: number; to: number }[] = [];
  for (let i = 0; i < ops.length; i += 1) {
    if (!changed[i]) continue;
    const from = Math.max(0, i - context);
    let j = i;
    while (j + 1 < ops.length && changed[j + 1]) j += 1;
    const to = Math.min(ops.length - 1, j + context);
    const last = hunks[hunks.length - 1];
    if (last && from <= last.to + 1) last.to = to;
    else hunks.push({ from, to });
    i = j;
  }

  const out: string[] = [`--- ${options.oldName}`, `+++ ${options.newName}`];
  for (const hunk of hunks) {
    const slice = ops.slice(hunk.from, hunk.to + 1);
    const oldCount = slice.filter((op) => op.kind !== 'insert').length;
    const newCount = slice.filter((op) => op.kind !== 'delete').length;
    const first = slice[0]!;
    out.push(`@@ -${range(first.oldIndex, oldCount)} +${range(first.newIndex, newCount)} @@`);
    // Within a run of changes, deletions first, then insertions (as GNU diff prints them).
    for (let i = 0; i < slice.length;) {
      const op = slice[i]!;
      if (op.kind === 'equal') {
        const line = oldLines[op.oldIndex]!;
        out.push(` ${line.display}`);
        if (line.missingNewline) out.push('\\ No newline at end of file');
        i += 1;
        continue;
      }
      let j = i;
      while (j < slice.length && slice[j]!.kind !== 'equal') j += 1;
      const run = slice.slice(i, j);
      for (const del of run.filter((o) => o.kind === 'delete')) {
        const line = oldLines[del.oldIndex]!;
        out.push(`-${line.display}`);
        if (line.missingNewline) out.push('\\ No newline at end of file');
      }
      for (const ins of run.filter((o) => o.kind === 'insert')) {
        const line = newLines[ins.newIndex]!;
        out.push(`+${line.display}`);
        if (line.missingNewline) out.push('\\ No newline at end of file');
      }
      i = j;
    }
  }
  return `${out.join('\n')}\n`;
}
