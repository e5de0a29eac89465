/**
 * `ngt-prep fleet install` prepares each host once: the install pass goes on
 * from the prepare pass's SSH session (one login per host in sshd's own log)
 * with the prepare steps replayed in the host's report, and re-reads only the
 * sha256 of installer_factory.py right before staging — a factory that
 * changed after the plan was shown is refused on that host alone. Real
 * OpenSSH sandboxes; needs root (skipped loudly without it, failing in CI).
 */
import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { FleetReport } from '../../../main/fleet/fleetReport';
import { FACTORY_RELATIVE_PATH } from '../../../main/linux/isoLayout';
import { canRunSandbox, startSandbox, type Sandbox } from '../../sandbox';
import { runCliInProcess } from '../../support/cliInProcess';

const CI = process.env.CI === 'true';
const can = canRunSandbox();
if (!can.ok && !CI) console.warn(`\n*** SKIPPING fleet resume sandbox tests: ${can.reason} ***\n`);

const ROOT_PASSWORD = `S3ntinel-resume-${process.pid}`;
const work = mkdtempSync(join(tmpdir(), 'ngtp-fleet-resume-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** sshd -e logs one "Accepted password for root" per authenticated connection. */
async function logins(v: Sandbox): Promise<number> {
  return ((await v.sshdLog()).match(/Accepted password for root/g) ?? []).length;
}

describe('fleet resume prerequisites', () => {
  it('are present (required in CI)', () => {
    expect(CI && !can.ok ? `fleet resume sandbox tests cannot run: ${can.reason}` : null).toBeNull();
  });
});

describe.skipIf(!can.ok)('fleet install: one prepare per host', () => {
  let steady: Sandbox;
  let swapped: Sandbox;
  beforeAll(async () => {
    [steady, swapped] = await Promise.all([
      startSandbox({ distro: 'rocky', rootPassword: ROOT_PASSWORD, withCluster: true }),
      startSandbox({ distro: 'alma', rootPassword: ROOT_PASSWORD, withCluster: true }),
    ]);
  }, 240_000);
  afterAll(async () => {
    await Promise.all([steady, swapped].map((v) => v?.stop()));
  });

  it('one SSH login per host, prepare replayed, a factory changed after the plan refused on its host only', async () => {
    const inventory = join(work, 'fleet.ini');
    writeFileSync(
      inventory,
      [
        `steady ansible_host=${steady.host}`,
        `swapped ansible_host=${swapped.host}`,
        '[all:vars]',
        'ansible_user=root',
        'ngt_password_env=NGTP_PW',
        '',
      ].join('\n'),
    );
    const before = { steady: await logins(steady), swapped: await logins(swapped) };
    const json = join(work, 'fleet.json');
    let changed = false;
    const run = await runCliInProcess(
      [
        'fleet',
        'install',
        '--inventory',
        inventory,
        '--known-hosts',
        join(work, 'known_hosts'),
        '--accept-new',
        '--yes',
        '--json',
        json,
      ],
      {
        dataDir: join(work, 'data'),
        homedir: work,
        env: { NGT_PREP_DATA_DIR: join(work, 'data'), NGTP_PW: ROOT_PASSWORD },
        // The diff is printed while the plan is approved, before any install: the ISO on one VM is swapped then.
        onStdout: (all) => {
          if (changed || !all.includes('The same change for all of them')) return;
          changed = true;
          appendFileSync(join(swapped.isoDir!, FACTORY_RELATIVE_PATH), '\n# another ISO\n');
        },
      },
    );
    expect(changed, run.output).toBe(true);
    expect(run.code, run.output).toBe(1);
    const report = JSON.parse(existsSync(json) ? readFileSync(json, 'utf8') : '{}') as FleetReport;
    const hosts = Object.fromEntries(report.hosts.map((h) => [h.name, h]));
    const steps = (name: string) => Object.fromEntries(hosts[name]!.report!.steps.map((s) => [s.id, s.status]));

    expect(hosts.steady!.result).toMatch(/^(ok|warn)$/);
    // The host's one report holds the prepare steps (replayed) and the install, in the single-VM job's order.
    const ids = hosts.steady!.report!.steps.map((s) => s.id);
    expect(ids.slice(0, 3)).toEqual(['connect', 'host', 'privileges']);
    expect(ids.indexOf('plan')).toBeLessThan(ids.indexOf('approved-plan'));
    expect(ids.indexOf('approved-plan')).toBe(ids.indexOf('stage') - 1);
    expect(steps('steady')).toMatchObject({
      connect: 'ok',
      plan: 'ok',
      'approved-plan': 'ok',
      'run-installer': 'ok',
    });
    expect(steps('steady')['verify-install']).toBe('ok');
    const pids = await steady.exec(['/bin/sh', '-c', 'cat /run/ngt_guest_agent.pid']);
    expect(pids.code).toBe(0);

    expect([hosts.swapped!.result, hosts.swapped!.code]).toEqual(['failed', 'LINUX_FACTORY_CHANGED']);
    expect(steps('swapped')).toMatchObject({ 'approved-plan': 'ok', stage: 'fail', 'run-installer': 'skipped' });
    const stage = hosts.swapped!.report!.steps.find((s) => s.id === 'stage')!;
    expect(stage.summary).toContain('changed since the plan was approved');
    expect(stage.data).toMatchObject({ was: hosts.swapped!.factorySha256 });
    const untouched = await swapped.exec([
      '/bin/sh',
      '-c',
      'ls -d /usr/local/nutanix/ngt /var/tmp/ngt-prep-* 2>&1; true',
    ]);
    expect(untouched.stdout).not.toMatch(/^\/(usr|var)/m);

    // Prepared once: one authenticated connection per host for the whole fleet install.
    expect((await logins(steady)) - before.steady).toBe(1);
    expect((await logins(swapped)) - before.swapped).toBe(1);
    expect(run.output + JSON.stringify(report)).not.toContain(ROOT_PASSWORD);
  }, 300_000);

  it('on a terminal: the unknown key and the plan are yes/no questions; a no to the plan leaves the host untouched', async () => {
    const inventory = join(work, 'one.ini');
    writeFileSync(inventory, `swapped ansible_host=${swapped.host} ansible_user=root ngt_password_env=NGTP_PW\n`);
    const json = join(work, 'tty.json');
    const asked: string[] = [];
    const run = await runCliInProcess(
      ['fleet', 'install', '--inventory', inventory, '--known-hosts', join(work, 'tty_known_hosts'), '--json', json],
      {
        dataDir: join(work, 'data-tty'),
        homedir: work,
        isTTY: true,
        env: { NGT_PREP_DATA_DIR: join(work, 'data-tty'), NGTP_PW: ROOT_PASSWORD },
        // A person who checked the fingerprint on the console says yes to it, and no to the change.
        io: { confirm: async (question) => (asked.push(question), question.startsWith('Trust')) },
      },
    );
    expect(asked).toEqual([
      'Trust this host key and connect? [y/N] ',
      expect.stringMatching(/^Apply this change to installer_factory\.py [0-9a-f]{64} on this host\? \[y\/N\] $/),
    ]);
    expect(run.output).toContain(swapped.hostKeyFingerprint);
    const report = JSON.parse(readFileSync(json, 'utf8')) as FleetReport;
    expect([report.hosts[0]!.result, report.hosts[0]!.code]).toEqual(['skipped', 'FLEET_DIFF_DECLINED']);
    const untouched = await swapped.exec([
      '/bin/sh',
      '-c',
      'ls -d /usr/local/nutanix/ngt /var/tmp/ngt-prep-* 2>&1; true',
    ]);
    expect(untouched.stdout).not.toMatch(/^\/(usr|var)/m);
  }, 300_000);
});
