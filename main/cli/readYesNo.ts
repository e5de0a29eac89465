/**
 * Asks a yes/no question on the terminal (the fleet's plan and bulk host-key
 * approvals). Only an explicit "y" or "yes" is a yes; anything else, an empty
 * line or the end of input, is a no.
 */
import { createInterface } from 'node:readline/promises';
import type { Readable, Writable } from 'node:stream';

/** True for an explicit yes: `y` or `yes`, any case, surrounding blanks ignored. */
export function isYes(answer: string): boolean {
  return /^\s*(y|yes)\s*$/i.test(answer);
}

/** Reads one answer line from `input` after writing `question` to `output`. */
export async function readYesNo(question: string, input: Readable, output: Writable): Promise<boolean> {
  const rl = createInterface({ input, output, terminal: false });
  const ended = new Promise<string>((resolve) => rl.once('close', () => resolve('')));
  try {
    return isYes(await Promise.race([rl.question(question), ended]));
  } finally {
    rl.close();
  }
}

/** The terminal's own: stdin, with the question on stderr (stdout may be a report). */
export function readYesNoFromTty(question: string): Promise<boolean> {
  return readYesNo(question, process.stdin, process.stderr);
}
