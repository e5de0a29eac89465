/**
 * `fleet install --pc-push` up to the point where anything connects: every
 * misuse of the push options exits 2 with the option named and what to do,
 * before Prism Central or any host is contacted (the Prism Central named here
 * is a closed loopback port, and the refusal comes first). The push itself,
 * against the test Prism Central and sandboxes:
 * test/integration/fleet/fleetPcPushSandbox.test.ts.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import { runCliInProcess } from '../../support/cliInProcess';

const work = mkdtempSync(join(tmpdir(), 'ngtp-pcpush-cli-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const SECRET = `guest-s3cret-${process.pid}`;

async function cli(args: string[]) {
  const run = await runCliInProcess(args, {
    dataDir: join(work, 'data'),
    homedir: work,
    env: { PCPW: SECRET, GUESTPW: SECRET },
  });
  expect(run.output).not.toContain(SECRET);
  return { code: run.code, out: run.output };
}

const inventory = join(work, 'hosts.ini');
writeFileSync(inventory, 'web01 ansible_host=127.0.0.1\n');
const pc = ['--pc', '127.0.0.1', '--pc-port', '1', '--pc-user', 'admin', '--pc-password-env', 'PCPW'];

describe('fleet install --pc-push: usage', () => {
  it('--pc-push without --pc: exit 2, the push needs the fleet from Prism Central', async () => {
    const r = await cli(['fleet', 'install', '--inventory', inventory, '--pc-push', '--yes']);
    expect(r.code).toBe(2);
    expect(r.out).toContain('--pc-push pushes NGT through Prism Central: it needs --pc HOST');
  });

  it('a push option without --pc-push: exit 2 naming it', async () => {
    for (const [flag, value] of [
      ['--reboot', 'immediate'],
      ['--wait-reachable', '30'],
      ['--guest-user', 'admin'],
    ]) {
      const r = await cli(['fleet', 'install', ...pc, flag!, value!, '--yes']);
      expect(r.code, flag).toBe(2);
      expect(r.out).toContain(`${flag} belongs to the Prism Central push: add --pc-push.`);
    }
  });

  it('--pc-push with fleet plan: exit 2, plan only prepares', async () => {
    const r = await cli(['fleet', 'plan', ...pc, '--pc-push']);
    expect(r.code).toBe(2);
    expect(r.out).toContain('--pc-push belongs to fleet install');
  });

  it("bad push values: exit 2 with pc push's own messages", async () => {
    const bad = await cli(['fleet', 'install', ...pc, '--pc-push', '--reboot', 'later', '--yes']);
    expect(bad.code).toBe(2);
    expect(bad.out).toContain('--reboot later: give skip or immediate.');
    const wait = await cli(['fleet', 'install', ...pc, '--pc-push', '--wait-reachable', '7200', '--yes']);
    expect(wait.code).toBe(2);
    expect(wait.out).toMatch(/--wait-reachable.*7200/);
    const user = await cli(['fleet', 'install', ...pc, '--pc-push', '--guest-password-env', 'GUESTPW', '--yes']);
    expect(user.code).toBe(2);
    expect(user.out).toContain('--guest-user');
  });

  it('--guest-user without a password and no terminal: exit 2, --guest-password-env named', async () => {
    const r = await cli(['fleet', 'install', ...pc, '--pc-push', '--guest-user', 'admin', '--yes']);
    expect(r.code).toBe(2);
    expect(r.out).toContain('--guest-password-env');
  });
});
