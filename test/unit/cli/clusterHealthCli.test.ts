/**
 * The Prism Central options of `fleet plan|install` and `linux install`, up to
 * the point where anything connects: every misuse exits 2 with the option
 * named and what to do, and nothing is contacted (the hosts and Prism Central
 * named here are closed loopback ports). Against the test Prism Central and
 * the sandboxes: test/integration/cluster/clusterHealthSandbox.test.ts.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import { runCliInProcess } from '../../support/cliInProcess';

const work = mkdtempSync(join(tmpdir(), 'ngtp-health-cli-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const SECRET = `pc-s3cret-${process.pid}`;

async function cli(args: string[]) {
  const run = await runCliInProcess(args, { dataDir: join(work, 'data'), homedir: work, env: { PCPW: SECRET } });
  expect(run.output).not.toContain(SECRET);
  return { code: run.code, out: run.output };
}

const inventory = join(work, 'hosts.ini');
writeFileSync(inventory, 'web01 ansible_host=127.0.0.1\n');

describe('fleet --pc: usage', () => {
  it('--inventory and --pc together: exit 2, one or the other', async () => {
    const r = await cli(['fleet', 'plan', '--inventory', inventory, '--pc', '127.0.0.1', '--pc-user', 'admin']);
    expect(r.code).toBe(2);
    expect(r.out).toContain('exactly one of --inventory FILE or --pc HOST');
  });

  it('a Prism Central option without --pc: exit 2 naming it', async () => {
    for (const [flag, value] of [
      ['--pc-filter', 'lab-'],
      ['--pc-power-state', 'ON'],
      ['--repair-clones', '5bd1cc9c-0000-4000-8000-00000000c10e'],
      ['--pc-user', 'admin'],
    ]) {
      const r = await cli(['fleet', 'install', '--inventory', inventory, flag!, value!]);
      expect(r.code, flag).toBe(2);
      expect(r.out).toContain(`${flag} needs --pc HOST`);
    }
  });

  it('--repair-clones with fleet plan: exit 2, plan only reads', async () => {
    const r = await cli([
      'fleet',
      'plan',
      '--pc',
      '127.0.0.1',
      '--repair-clones',
      '5bd1cc9c-0000-4000-8000-00000000c10e',
    ]);
    expect(r.code).toBe(2);
    expect(r.out).toContain('fleet plan only reads');
  });

  it('a bad power state, cluster or clone UUID: exit 2 with the accepted values', async () => {
    const base = ['fleet', 'install', '--pc', '127.0.0.1', '--pc-user', 'admin', '--pc-password-env', 'PCPW'];
    const power = await cli([...base, '--pc-power-state', 'sleeping']);
    expect([power.code, power.out.includes('use ON, OFF, PAUSED or any')]).toEqual([2, true]);
    const cluster = await cli([...base, '--pc-cluster', 'not-a-uuid']);
    expect([cluster.code, cluster.out.includes('--pc-cluster not-a-uuid is not a UUID')]).toEqual([2, true]);
    const clones = await cli([...base, '--repair-clones', 'yes']);
    expect([clones.code, clones.out.includes('--repair-clones yes is not a UUID')]).toEqual([2, true]);
  });

  it('--pc without --pc-user, or without a password: exit 2 naming the --pc-* option', async () => {
    const noUser = await cli(['fleet', 'install', '--pc', '127.0.0.1']);
    expect([noUser.code, noUser.out.includes('--pc-user')]).toEqual([2, true]);
    const noPw = await cli(['fleet', 'install', '--pc', '127.0.0.1', '--pc-user', 'admin']);
    expect([noPw.code, noPw.out.includes('--pc-password-env')]).toEqual([2, true]);
  });
});

describe('linux install --pc: usage', () => {
  const login = ['linux', 'install', '--host', '127.0.0.1', '--user', 'root', '--agent'];
  it('--pc-wait or --pc-fingerprint without --pc: exit 2', async () => {
    const wait = await cli([...login, '--pc-wait', '30']);
    expect([wait.code, wait.out.includes('--pc-wait needs --pc HOST')]).toEqual([2, true]);
    const fp = await cli([...login, '--pc-fingerprint', 'SHA256:x']);
    expect([fp.code, fp.out.includes('--pc-fingerprint needs --pc HOST')]).toEqual([2, true]);
  });

  it('--accept-new-certificate with --pc-fingerprint, or a bad --pc-wait: exit 2', async () => {
    const pc = ['--pc', '127.0.0.1', '--pc-user', 'admin', '--pc-password-env', 'PCPW'];
    const both = await cli([...login, ...pc, '--accept-new-certificate', '--pc-fingerprint', 'SHA256:x']);
    expect(both.code).toBe(2);
    const wait = await cli([...login, ...pc, '--pc-wait', 'forever']);
    expect([wait.code, wait.out.includes('--pc-wait')]).toEqual([2, true]);
  });
});
