/**
 * Real programs some Linux-core tests compare against (python3, diff,
 * ssh-keygen, sh). When one is missing the test is skipped loudly, except in
 * CI where a missing tool must fail the run.
 */
import { existsSync } from 'node:fs';

export const PYTHON3 = '/usr/bin/python3';
export const DIFF = '/usr/bin/diff';
export const SSH_KEYGEN = '/usr/bin/ssh-keygen';
export const SH = '/bin/sh';

const inCi = process.env.CI === 'true';

/**
 * True when the tests that need `path` must be skipped. Warns when skipping;
 * in CI never skips (the test then fails on the missing program).
 */
export function skipWithout(path: string, debianPackage: string): boolean {
  if (existsSync(path)) return false;
  if (inCi) return false;
  console.warn(`SKIPPING tests that need ${path}: install the Debian package "${debianPackage}".`);
  return true;
}
