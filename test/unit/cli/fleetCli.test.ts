/**
 * `ngt-prep fleet plan|install|export-ansible` up to the point where hosts are contacted:
 * usage and inventory errors exit 2 before anything connects, every problem
 * listed; an unreachable fleet exits 3. Real files in a temp folder; the
 * sandbox fleet is test/integration/fleet/fleetSandbox.test.ts.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as net from 'node:net';
import { join } from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import { fleetExitCode } from '../../../main/cli/commands/fleet';
import type { FleetRun } from '../../../main/fleet/fleetTypes';
import { closedPort } from '../../fixtures/probe/loopbackServers';
import { runCliInProcess } from '../../support/cliInProcess';

const work = mkdtempSync(join(tmpdir(), 'ngtp-fleet-cli-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const SECRET = `s3cret-${process.pid}`;

async function cli(args: string[], env: Record<string, string> = {}) {
  const run = await runCliInProcess(args, { dataDir: join(work, 'data'), homedir: work, env });
  return { code: run.code, out: run.output };
}

function file(name: string, text: string): string {
  const p = join(work, name);
  writeFileSync(p, text);
  return p;
}

describe('fleet CLI: usage and inventory', () => {
  const inv = file(
    'hosts.ini',
    '[web]\nweb01 ansible_host=127.0.0.1\nweb02 ansible_host=127.0.0.2\n[db]\ndb01 ansible_host=127.0.0.3\n',
  );

  it('without --inventory: exit 2 naming the option', async () => {
    const r = await cli(['fleet', 'plan']);
    expect(r.code).toBe(2);
    expect(r.out).toContain('--inventory is required');
  });

  it('a bad inventory lists every problem with file and line, exit 2', async () => {
    const bad = file('bad.ini', `[web]\nweb01 ansible_port=99999\nweb02 ansible_password=${SECRET}\n`);
    const r = await cli(['fleet', 'install', '--inventory', bad, '--password-env', 'PW'], { PW: 'x' });
    expect(r.code).toBe(2);
    expect(r.out).toContain(`${bad}:2: host web01: "99999" is not a port number.`);
    expect(r.out).toContain(`${bad}:3: host web02: ansible_password puts a secret in clear`);
    expect(r.out).toContain('USAGE_INVENTORY_INVALID');
    expect(r.out).not.toContain(SECRET);
  });

  it('--limit that matches nothing, a bad --forks, a bad --fingerprint, an unwritable --csv: exit 2', async () => {
    const base = ['fleet', 'plan', '--inventory', inv, '--user', 'root', '--password-env', 'PW'];
    const env = { PW: SECRET };
    const limit = await cli([...base, '--limit', 'web:nosuch'], env);
    expect([limit.code, limit.out]).toEqual([2, expect.stringContaining('"nosuch" matches no host or group')]);
    const forks = await cli([...base, '--forks', '0'], env);
    expect([forks.code, forks.out]).toEqual([2, expect.stringContaining('--forks is "0"')]);
    const fp = await cli([...base, '--fingerprint', 'web01=MD5:aa'], env);
    expect([fp.code, fp.out]).toEqual([2, expect.stringContaining('USAGE_BAD_FINGERPRINT')]);
    const csv = await cli([...base, '--csv', join(work, 'no', 'such', 'dir.csv')], env);
    expect([csv.code, csv.out]).toEqual([2, expect.stringContaining('USAGE_OUTPUT_PATH')]);
    const phase = await cli([...base, '--phase', 'install'], env);
    expect(phase.code).toBe(2);
    const noVar = await cli(['fleet', 'plan', '--inventory', inv, '--user', 'root', '--password-env', 'UNSET_VAR']);
    expect([noVar.code, noVar.out]).toEqual([
      2,
      expect.stringContaining('Host web01: the environment variable named by --password-env is not set'),
    ]);
    const notReport = await cli([...base, '--retry-failed', inv], env);
    expect([notReport.code, notReport.out]).toEqual([2, expect.stringContaining('USAGE_BAD_FLEET_REPORT')]);
    const noneFailed = file(
      'none-failed.json',
      JSON.stringify({ schema: 'ngt-prep/fleet-report@1', hosts: [{ name: 'web01', result: 'ok' }] }),
    );
    const retry = await cli([...base, '--retry-failed', noneFailed], env);
    expect([retry.code, retry.out]).toEqual([0, expect.stringContaining('nothing to retry')]);
    for (const r of [limit, forks, fp, csv, phase, noVar, notReport, retry]) expect(r.out).not.toContain(SECRET);
  });

  it('no host can be connected: exit 3, every host failed, the fleet report says so', async () => {
    const down = await closedPort();
    const two = file(
      'down.ini',
      `a ansible_host=127.0.0.1 ansible_port=${down}\nb ansible_host=127.0.0.2 ansible_port=${down}\n`,
    );
    const json = join(work, 'down.json');
    const csv = join(work, 'down.csv');
    const r = await cli(
      [
        'fleet',
        'plan',
        '--inventory',
        two,
        '--user',
        'root',
        '--password-env',
        'PW',
        '--known-hosts',
        join(work, 'kh'),
        '--json',
        json,
        '--csv',
        csv,
      ],
      { PW: SECRET },
    );
    expect(r.code).toBe(3);
    const report = JSON.parse(await import('node:fs').then((fs) => fs.readFileSync(json, 'utf8')));
    expect(report.counts).toMatchObject({ failed: 2, total: 2 });
    expect(report.hosts.map((h: { result: string }) => h.result)).toEqual(['failed', 'failed']);
    expect(r.out).not.toContain(SECRET);
  });
});

describe('fleet install: who approves the plan', () => {
  it('without a terminal and without --yes: exit 2 with the next step, before any host is contacted; --dry-run goes on', async () => {
    // A listener that counts connections and closes them: any SSH attempt shows up here.
    let connections = 0;
    const server = net.createServer((socket) => {
      connections += 1;
      socket.destroy();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as net.AddressInfo).port;
    try {
      const inv = file('approve.ini', `a ansible_host=127.0.0.1 ansible_port=${port}\n`);
      const args = [
        'fleet',
        'install',
        '--inventory',
        inv,
        '--user',
        'root',
        '--password-env',
        'PW',
        '--known-hosts',
        join(work, 'kh2'),
      ];
      const refused = await cli(args, { PW: 'x' });
      expect(refused.code).toBe(2);
      expect(refused.out).toContain('there is no terminal here to approve its plan');
      expect(refused.out).toContain('then run fleet install again with --yes');
      expect(connections).toBe(0);
      const dry = await cli([...args, '--dry-run'], { PW: 'x' });
      expect(dry.code).toBe(3);
      expect(connections).toBeGreaterThan(0);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

describe('fleet export-ansible CLI (the export run by ansible-playbook: test/integration/fleet/ansibleExportSandbox.test.ts)', () => {
  const inv = file('export.ini', '[el]\nvm1 ansible_host=127.0.0.1\n');

  it('is listed by --help', async () => {
    expect((await cli(['--help'])).out).toContain('fleet export-ansible');
  });

  it('without --out: exit 2 naming the option, before any host is contacted', async () => {
    const r = await cli(['fleet', 'export-ansible', '--inventory', inv, '--user', 'root', '--agent']);
    expect(r.code).toBe(2);
    expect(r.out).toContain('--out is required');
    expect(r.out).not.toContain('[Prepare]');
  });

  it('--out belongs to export-ansible only: fleet install refuses it', async () => {
    const r = await cli(['fleet', 'install', '--inventory', inv, '--out', join(work, 'x'), '--agent']);
    expect(r.code).toBe(2);
    expect(r.out).toContain('Unknown option "--out"');
  });

  it('no host can be connected: exit 3 and nothing written', async () => {
    const down = file('export-down.ini', `a ansible_host=127.0.0.1 ansible_port=${await closedPort()}\n`);
    const out = join(work, 'export');
    const args = ['fleet', 'export-ansible', '--inventory', down, '--out', out, '--user', 'root'];
    const r = await cli([...args, '--password-env', 'PW', '--known-hosts', join(work, 'kh')], { PW: SECRET });
    expect(r.code, r.out).toBe(3);
    expect(r.out).toContain('a: not exported (ANSIBLE_HOST_NOT_PREPARED)');
    expect(r.out).toContain('Nothing exported');
    expect(existsSync(out)).toBe(false);
    expect(r.out).not.toContain(SECRET);
  });
});

describe('fleetExitCode', () => {
  const run = (hosts: Partial<FleetRun['hosts'][number]>[], result: FleetRun['result']) =>
    ({ result, hosts: hosts.map((h) => ({ os: 'linux', ...h })) }) as FleetRun;
  const connected = { steps: [{ id: 'connect', status: 'ok' }] } as never;
  const refused = { steps: [{ id: 'connect', status: 'fail' }] } as never;
  it('0 ok, 1 some failed, 3 none connected, 130 cancelled', () => {
    expect(fleetExitCode(run([{ result: 'ok', report: connected }], 'ok'))).toBe(0);
    expect(
      fleetExitCode(
        run(
          [
            { result: 'ok', report: connected },
            { result: 'failed', report: refused },
          ],
          'failed',
        ),
      ),
    ).toBe(1);
    expect(
      fleetExitCode(
        run(
          [
            { result: 'failed', report: refused },
            { result: 'failed', report: refused },
          ],
          'failed',
        ),
      ),
    ).toBe(3);
    expect(fleetExitCode(run([{ result: 'cancelled' }], 'cancelled'))).toBe(130);
  });
});
