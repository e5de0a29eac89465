/**
 * Deterministic random strings that are hostile to shells: quotes, `$`,
 * backticks, backslashes, globs, line breaks, tabs, non-ASCII and emoji.
 * Shared by the local shell round-trip test and (later) the same round-trip
 * over SSH.
 */

/** mulberry32: a small seeded PRNG returning floats in [0, 1). */
export function createPrng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Pieces a string is made of; weighted towards what breaks naive quoting. */
const HOSTILE = [
  "'",
  '"',
  '$',
  '`',
  '\\',
  '\n',
  '\t',
  '\r',
  ' ',
  '  ',
  '*',
  '?',
  '[',
  ']',
  '{',
  '}',
  '~',
  '#',
  '!',
  '&',
  '|',
  ';',
  '<',
  '>',
  '(',
  ')',
  '%',
  '=',
  '^',
  '-',
  '--',
  '-n',
  '-e',
  "'\\''",
  '$(id)',
  '${HOME}',
  '$1',
  '$@',
  '\\n',
  '%s',
  '%b',
  '\\0',
  'é',
  'ß',
  'ü',
  'Ω',
  '日本語',
  'Привет',
  '한',
  '😀',
  '🚀',
  '👨‍👩‍👧',
  '\u00a0',
  '\u2028',
  '\u200b',
  '\u007f',
  '\u0001',
  '\u001b[31m',
];
const PLAIN = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_./,:@+';

/**
 * One random string of 0..maxPieces pieces. Never contains NUL (a process
 * argument cannot hold one).
 */
export function randomHostileString(rng: () => number, maxPieces = 12): string {
  const pieces = Math.floor(rng() * (maxPieces + 1));
  let out = '';
  for (let i = 0; i < pieces; i += 1) {
    if (rng() < 0.55) out += HOSTILE[Math.floor(rng() * HOSTILE.length)]!;
    else out += PLAIN[Math.floor(rng() * PLAIN.length)]!;
  }
  return out;
}

/** `count` strings from `seed`; always includes the empty string and a few classics first. */
export function randomHostileStrings(count: number, seed = 20240611): string[] {
  const rng = createPrng(seed);
  const fixed = ['', ' ', "'", "''", '"', '\\', '\n', '$HOME', '`id`', "it's", '-', '--help', '😀', '日本語'];
  const out = fixed.slice(0, count);
  while (out.length < count) out.push(randomHostileString(rng));
  return out;
}
