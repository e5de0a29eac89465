/**
 * The opening of every vitest file that needs the SSH sandbox: whether it can run here, a loud
 * warning when it cannot (the suite is then skipped), a test that fails instead under CI=true,
 * and a work folder removed after the file.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import { canRunSandbox } from '../sandbox';

export interface SandboxSuite {
  can: { ok: boolean; reason?: string };
  /** A temporary folder for known_hosts files, reports and data dirs. */
  work: string;
}

/** `label` names the tests in the warning and the prerequisites test, e.g. "Remove NGT". */
export function sandboxSuite(label: string, workPrefix: string): SandboxSuite {
  const CI = process.env.CI === 'true';
  const can = canRunSandbox();
  if (!can.ok && !CI) console.warn(`\n*** SKIPPING ${label} tests: ${can.reason} ***\n`);
  const work = mkdtempSync(join(tmpdir(), workPrefix));
  afterAll(() => rmSync(work, { recursive: true, force: true }));
  describe(`${label} prerequisites`, () => {
    it('are present (required in CI)', () => {
      expect(CI && !can.ok ? `cannot run: ${can.reason}` : null).toBeNull();
    });
  });
  return { can, work };
}
