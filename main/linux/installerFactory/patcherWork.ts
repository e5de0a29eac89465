/**
 * The patcher's work budget: files over MAX_FACTORY_CHARS are refused outright
 * (real installer_factory.py files are a few kilobytes), and every pass counts
 * the characters and items it visits, so a test catches quadratic work
 * (`measurePatcherWork`) without timing anything.
 */

/** Real installer_factory.py files are 2–5 KB; anything near this is not one. */
export const MAX_FACTORY_CHARS = 2 * 1024 * 1024;

let work = 0;

/** Adds `units` to the work done (characters or items visited). */
export function countWork(units: number): void {
  work += units;
}

/** Runs `fn` and returns how many units of work (characters and items visited) the patcher did. */
export function measurePatcherWork<T>(fn: () => T): { result: T; units: number } {
  const before = work;
  const result = fn();
  return { result, units: work - before };
}

/** `text.slice(start, end)`, counted. */
export function cut(text: string, start: number, end: number): string {
  countWork(Math.max(0, end - start));
  return text.slice(start, end);
}
