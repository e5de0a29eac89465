/**
 * Quoting for POSIX shells (sh, dash, bash, the remote login shell over SSH).
 *
 * Every argument that is not made only of characters no shell treats
 * specially is wrapped in single quotes; a single quote inside is written
 * `'\''` (close, escaped quote, reopen). Inside single quotes a POSIX shell
 * gives no character a meaning (not `$`, `` ` ``, `\`, `!` in sh, nor a line
 * break), so any string survives, whatever its bytes.
 */

/**
 * Characters that never need quoting, in any position, in POSIX shells (and
 * in zsh and bash as login shells: `=` is left out because zsh expands a
 * leading `=word`).
 */
const SAFE = /^[A-Za-z0-9_@%+:,./-]+$/;

/**
 * One shell word that the shell turns back into exactly `arg`.
 * Throws on NUL, which no process argument can carry.
 */
export function shQuote(arg: string): string {
  if (arg.includes('\u0000')) throw new RangeError('A shell argument cannot contain a NUL character.');
  if (SAFE.test(arg)) return arg;
  return `'${arg.replace(/'/g, "'\\''")}'`;
}

/** A command line the shell splits back into exactly `argv`. */
export function shJoin(argv: readonly string[]): string {
  return argv.map(shQuote).join(' ');
}
