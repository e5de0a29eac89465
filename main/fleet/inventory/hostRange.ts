/**
 * Ansible host ranges, as its inventory documentation defines them:
 * `vm[01:20].lab` (zero padding kept when the start has a leading zero; start
 * and end then have the same width), `10.0.0.[1:9]`, steps `[0:20:5]`,
 * letters `[a:f]`, an empty start meaning 0, and several ranges in one name.
 * Pure.
 */

/** More names than this from one pattern is taken as a typo. */
export const MAX_RANGE_HOSTS = 10_000;

export type RangeResult =
  | { ok: true; names: string[] }
  | { ok: false; reason: 'syntax' | 'order' | 'width' | 'step' | 'tooLarge'; range: string };

const RANGE = /\[([^\][]*:[^\][]*)\]/;

export function hasHostRange(pattern: string): boolean {
  return RANGE.test(pattern) && !/^\[[0-9a-fA-F.]*:[0-9a-fA-F.]*:[0-9a-fA-F:.]*\](:\d+)?$/.test(pattern);
}

function expandOne(
  spec: string,
): { ok: true; values: string[] } | { ok: false; reason: 'syntax' | 'order' | 'width' | 'step' } {
  const parts = spec.split(':');
  if (parts.length < 2 || parts.length > 3) return { ok: false, reason: 'syntax' };
  const begin = parts[0] === '' ? '0' : parts[0];
  const end = parts[1];
  const stepText = parts[2] ?? '1';
  if (!/^\d+$/.test(stepText) || Number(stepText) < 1) return { ok: false, reason: 'step' };
  const step = Number(stepText);
  if (/^[a-z]$/.test(begin) && /^[a-z]$/.test(end)) {
    const from = begin.charCodeAt(0);
    const to = end.charCodeAt(0);
    if (from > to) return { ok: false, reason: 'order' };
    const values: string[] = [];
    for (let c = from; c <= to; c += step) values.push(String.fromCharCode(c));
    return { ok: true, values };
  }
  if (!/^\d+$/.test(begin) || !/^\d+$/.test(end)) return { ok: false, reason: 'syntax' };
  const padded = begin.length > 1 && begin.startsWith('0');
  if (padded && begin.length !== end.length) return { ok: false, reason: 'width' };
  const from = Number(begin);
  const to = Number(end);
  if (from > to) return { ok: false, reason: 'order' };
  if ((to - from) / step + 1 > MAX_RANGE_HOSTS) return { ok: true, values: new Array<string>(MAX_RANGE_HOSTS + 1) };
  const values: string[] = [];
  for (let n = from; n <= to; n += step) values.push(padded ? String(n).padStart(begin.length, '0') : String(n));
  return { ok: true, values };
}

export function expandHostRange(pattern: string): RangeResult {
  if (!hasHostRange(pattern)) return { ok: true, names: [pattern] };
  const match = RANGE.exec(pattern)!;
  const head = pattern.slice(0, match.index);
  const tail = pattern.slice(match.index + match[0].length);
  const one = expandOne(match[1]);
  if (!one.ok) return { ok: false, reason: one.reason, range: match[0] };
  const rest = expandHostRange(tail);
  if (!rest.ok) return rest;
  if (one.values.length * rest.names.length > MAX_RANGE_HOSTS)
    return { ok: false, reason: 'tooLarge', range: match[0] };
  const names: string[] = [];
  for (const value of one.values) for (const suffix of rest.names) names.push(`${head}${value}${suffix}`);
  return { ok: true, names };
}
