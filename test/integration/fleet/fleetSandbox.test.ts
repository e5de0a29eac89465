/**
 * `ngt-prep fleet plan|install` through the real CLI in-process against a
 * fleet of SSH sandboxes (real OpenSSH in their own namespaces, the NGT ISO
 * fixture read-only): one host unreachable, one with a changed host key, one
 * Debian (refused), one that already has NGT, two that install (Rocky, Alma;
 * same installer_factory.py, so one shared diff). Each host must end in its
 * own state and the others must be unaffected; cancelling mid-fleet leaves
 * every host in a named state. Needs root; skipped loudly without it, failing
 * instead in CI.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fleetReportSchemaErrors } from '../../support/reportSchema';

import type { FleetReport } from '../../../main/fleet/fleetReport';
import { canRunSandbox, startSandbox, type Sandbox } from '../../sandbox';
import { runCliInProcess } from '../../support/cliInProcess';
import { sandboxLoginArgs } from '../../support/linuxSandboxJob';

const CI = process.env.CI === 'true';
const can = canRunSandbox();
if (!can.ok && !CI) console.warn(`\n*** SKIPPING fleet sandbox integration tests: ${can.reason} ***\n`);

const ROOT_PASSWORD = `S3ntinel-fleet-${process.pid}-'"$\`x`;
const work = mkdtempSync(join(tmpdir(), 'ngtp-fleet-it-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

let runNo = 0;
async function cli(args: string[], onOutput?: (text: string, cancel?: () => void) => void) {
  runNo += 1;
  const dataDir = join(work, `data-${runNo}`);
  const json = join(work, `fleet-${runNo}.json`);
  let cancel: (() => void) | undefined;
  const { code, output } = await runCliInProcess([...args, '--json', json], {
    dataDir,
    homedir: work,
    env: { NGT_PREP_DATA_DIR: dataDir, NGTP_PW: ROOT_PASSWORD },
    onStdout: (all) => onOutput?.(all, cancel),
    io: { onInterrupt: (c) => void (cancel = c) },
  });
  const text = existsSync(json) ? readFileSync(json, 'utf8') : '';
  return { code, output, text, json, report: text ? (JSON.parse(text) as FleetReport) : undefined };
}

const byName = (r: FleetReport | undefined) => Object.fromEntries((r?.hosts ?? []).map((h) => [h.name, h]));
const stepOf = (h: FleetReport['hosts'][number] | undefined, id: string) => h?.report?.steps.find((s) => s.id === id);

describe('fleet sandbox integration prerequisites', () => {
  it('are present (required in CI)', () => {
    expect(CI && !can.ok ? `fleet sandbox integration tests cannot run: ${can.reason}` : null).toBeNull();
  });
});

describe.skipIf(!can.ok)('fleet against six hosts', () => {
  const vms: Record<'rocky' | 'alma' | 'debian' | 'done' | 'changed', Sandbox> = {} as never;
  let inventory = '';
  let knownHosts = '';
  let isoBefore = '';
  let installReport = '';

  beforeAll(async () => {
    // Started in parallel: each sandbox is a few seconds of namespace and sshd setup.
    // Rocky and Alma are "clones": their ISOs carry one ngt_uuid, as when a template is copied with NGT's config.
    const cloneUuid = '5bd1cc9c-0000-4000-8000-00000000c10e';
    const [rocky, alma, debian, done, changed] = await Promise.all([
      startSandbox({ distro: 'rocky', rootPassword: ROOT_PASSWORD, withCluster: true, ngtUuid: cloneUuid }),
      startSandbox({ distro: 'alma', rootPassword: ROOT_PASSWORD, withCluster: true, ngtUuid: cloneUuid }),
      startSandbox({ distro: 'debian', rootPassword: ROOT_PASSWORD }),
      startSandbox({ distro: 'rocky', rootPassword: ROOT_PASSWORD, withCluster: true }),
      startSandbox({ distro: 'rocky', rootPassword: ROOT_PASSWORD }),
    ]);
    Object.assign(vms, { rocky, alma, debian, done, changed });
    isoBefore = await debian!.isoChecksum();
    knownHosts = join(work, 'known_hosts');
    // The "changed" host: known_hosts holds another key for its address, as after a re-install.
    writeFileSync(knownHosts, `${changed!.host} ${rocky!.hostKeyType} ${rocky!.hostKeyBase64}\n`);
    // Nothing listens there: bind a port on every address, note it, close it.
    const closedPort = await new Promise<number>((resolve) => {
      const s = net.createServer().listen(0, '0.0.0.0', () => {
        const { port } = s.address() as net.AddressInfo;
        s.close(() => resolve(port));
      });
    });
    inventory = join(work, 'fleet.ini');
    writeFileSync(
      inventory,
      [
        '[el]',
        `rocky1 ansible_host=${rocky!.host}`,
        `alma1 ansible_host=${alma!.host}`,
        `done1 ansible_host=${done!.host}`,
        `changed1 ansible_host=${changed!.host}`,
        '[other]',
        `debian1 ansible_host=${debian!.host}`,
        `down1 ansible_host=127.0.0.1 ansible_port=${closedPort}`,
        '[all:vars]',
        'ansible_user=root',
        'ngt_password_env=NGTP_PW',
        '',
      ].join('\n'),
    );
    // done1 already has NGT: installed once through the single-VM command.
    const pre = await cli(['linux', 'install', ...sandboxLoginArgs(done!, knownHosts), '--accept-new']);
    expect([0], pre.output).toContain(pre.code);
  }, 240_000);
  afterAll(async () => {
    await Promise.all(Object.values(vms).map((v) => v?.stop()));
  });

  it('plan without --accept-new: unknown keys listed together, the changed key refused alone, nothing installed', async () => {
    const run = await cli(['fleet', 'plan', '--inventory', inventory, '--known-hosts', knownHosts, '--forks', '6']);
    expect(run.code, run.output).toBe(1);
    const listAt = run.output.indexOf('3 hosts have host keys that known_hosts does not hold:');
    expect(listAt, run.output).toBeGreaterThan(-1);
    for (const v of [vms.rocky, vms.alma, vms.debian]) expect(run.output.slice(listAt)).toContain(v.hostKeyFingerprint);
    const hosts = byName(run.report);
    expect(Object.fromEntries(Object.entries(hosts).map(([n, h]) => [n, [h.result, h.code]]))).toEqual({
      rocky1: ['failed', 'FLEET_HOST_KEYS_DECLINED'],
      alma1: ['failed', 'FLEET_HOST_KEYS_DECLINED'],
      debian1: ['failed', 'FLEET_HOST_KEYS_DECLINED'],
      done1: [expect.stringMatching(/^(ok|warn)$/), undefined],
      changed1: ['failed', 'SSH_HOST_KEY_CHANGED'],
      down1: ['failed', expect.stringMatching(/^SSH_CONNECT/)],
    });
    expect(hosts.done1!.readiness).toBe('already-done');
    // One readiness table: what will happen to each host, and why not where it cannot.
    const table = run.output.slice(run.output.indexOf('Readiness:'));
    expect(table).toMatch(/^ {2}done1 +\S+ +already done$/m);
    expect(table).toMatch(/^ {2}changed1 +\S+ +cannot be done SSH_HOST_KEY_CHANGED /m);
    expect(table).toMatch(/^ {2}down1 +127\.0\.0\.1 +cannot be done SSH_CONNECT/m);
    expect(run.report!.findings.unknownHostKeys.map((k) => k.host)).toEqual(['rocky1', 'alma1', 'debian1']);
    expect(fleetReportSchemaErrors(run.report)).toEqual([]);
    const vm = await vms.rocky.exec(['/bin/sh', '-c', 'ls -d /usr/local/nutanix/ngt 2>/dev/null; true']);
    expect(vm.stdout).toBe('');
    expect(run.text + run.output).not.toContain(ROOT_PASSWORD);
  }, 180_000);

  it('install --accept-new: each host ends in its own state, one shared diff, the others unaffected', async () => {
    const html = join(work, 'fleet.html');
    const csv = join(work, 'fleet.csv');
    const run = await cli([
      'fleet',
      'install',
      '--inventory',
      inventory,
      '--known-hosts',
      knownHosts,
      '--accept-new',
      '--yes',
      '--html',
      html,
      '--csv',
      csv,
    ]);
    expect(run.code, run.output).toBe(1);
    installReport = run.json;
    expect(fleetReportSchemaErrors(run.report)).toEqual([]);
    const hosts = byName(run.report);
    const okish = expect.stringMatching(/^(ok|warn)$/);
    expect(Object.fromEntries(Object.entries(hosts).map(([n, h]) => [n, h.result]))).toEqual({
      rocky1: okish,
      alma1: okish,
      done1: okish,
      changed1: 'failed',
      debian1: 'failed',
      down1: 'failed',
    });
    expect(hosts.changed1!.code).toBe('SSH_HOST_KEY_CHANGED');
    expect(hosts.debian1!.code).toBe('LINUX_DISTRIBUTION_UNSUPPORTED');
    expect(hosts.debian1!.readiness).toBe('cannot');
    expect(stepOf(hosts.down1, 'connect')!.status).toBe('fail');
    expect(hosts.done1!.readiness).toBe('already-done');
    expect(stepOf(hosts.done1, 'run-installer')!.status).toBe('skipped');
    // Rocky and Alma carry the same ISO: one diff, shown and approved once for both.
    expect(run.report!.findings.diffGroups.map((g) => g.hosts)).toEqual([['rocky1', 'alma1']]);
    expect(run.output.match(/The same change for all of them/g)).toHaveLength(1);
    for (const name of ['rocky1', 'alma1']) {
      expect(hosts[name]!.readiness).toBe('will-patch');
      expect(stepOf(hosts[name], 'run-installer')!.status).toBe('ok');
      expect(stepOf(hosts[name], 'verify-install')!.status).toBe('ok');
    }
    for (const v of [vms.rocky, vms.alma]) {
      const pids = await v.exec(['/bin/sh', '-c', 'cat /run/ngt_guest_agent.pid /run/ngt_self_service_restore.pid']);
      expect(pids.stdout.trim().split('\n')).toHaveLength(2);
    }
    // The refused and unreachable ones were left as they were.
    expect(await vms.debian.isoChecksum()).toBe(isoBefore);
    const debianNgt = await vms.debian.exec(['/bin/sh', '-c', 'ls -d /usr/local/nutanix 2>/dev/null; true']);
    expect(debianNgt.stdout).toBe('');
    // The two clones are one finding with the fix; done1 has its own ngt_uuid.
    expect(run.report!.findings.clones).toEqual([{ ngtUuid: vms.rocky.ngtUuid, hosts: ['rocky1', 'alma1'] }]);
    expect(vms.done.ngtUuid).not.toBe(vms.rocky.ngtUuid);
    expect(run.output).toContain(`2 hosts share the NGT identity ${vms.rocky.ngtUuid}: rocky1, alma1.`);
    const csvText = readFileSync(csv, 'utf8');
    expect(csvText.split('\r\n')).toHaveLength(8);
    expect(csvText).toContain(`debian1,${vms.debian.host},linux,failed,cannot,LINUX_DISTRIBUTION_UNSUPPORTED`);
    const page = readFileSync(html, 'utf8');
    expect(page).toContain('NGT Prep fleet report (6 hosts)');
    expect(page).toContain('id="host-6"');
    for (const text of [run.text, run.output, page, csvText]) expect(text).not.toContain(ROOT_PASSWORD);
  }, 300_000);

  it('--retry-failed runs only the hosts that failed; the one fixed in between now installs', async () => {
    // The person checked changed1's new key and replaced its known_hosts line.
    const lines = readFileSync(knownHosts, 'utf8')
      .split('\n')
      .filter((l) => l !== '' && !l.startsWith(`${vms.changed.host} `));
    writeFileSync(knownHosts, [...lines, vms.changed.knownHostsLine(), ''].join('\n'));
    const run = await cli([
      'fleet',
      'install',
      '--inventory',
      inventory,
      '--known-hosts',
      knownHosts,
      '--yes',
      '--retry-failed',
      installReport,
    ]);
    expect(run.code, run.output).toBe(1);
    const hosts = byName(run.report);
    expect(Object.keys(hosts)).toEqual(['changed1', 'debian1', 'down1']);
    expect(hosts.changed1!.result).toMatch(/^(ok|warn)$/);
    expect(hosts.changed1!.readiness).toBe('will-patch');
    expect([hosts.debian1!.result, hosts.down1!.result]).toEqual(['failed', 'failed']);
    expect(run.output).not.toMatch(/rocky1|alma1|done1/);
  }, 180_000);

  it('--phase verify with --limit group:!host verifies only the hosts picked, without a prepare pass', async () => {
    const run = await cli([
      'fleet',
      'install',
      '--inventory',
      inventory,
      '--known-hosts',
      knownHosts,
      '--phase',
      'verify',
      '--limit',
      'el:!changed1',
    ]);
    expect(run.code, run.output).toBe(0);
    expect(run.report!.hosts.map((h) => h.name)).toEqual(['rocky1', 'alma1', 'done1']);
    for (const h of run.report!.hosts) {
      expect(h.result).toMatch(/^(ok|warn)$/);
      expect(h.report!.steps.map((s) => s.id)).not.toContain('plan');
      expect(h.report!.steps.find((s) => s.id === 'verify-install')!.status).toBe('ok');
    }
    expect(run.output).not.toContain('[Prepare]');
  }, 120_000);

  it('cancelling mid-fleet: exit 130, every host in a named state, the waiting ones never started', async () => {
    let cancelled = false;
    const run = await cli(
      ['fleet', 'install', '--inventory', inventory, '--known-hosts', knownHosts, '--forks', '1', '--force', '--yes'],
      (output, cancel) => {
        // The first host has finished its prepare: cancel everything else.
        if (!cancelled && cancel && output.includes('[Prepare] rocky1:')) {
          cancelled = true;
          cancel();
        }
      },
    );
    expect(cancelled).toBe(true);
    expect(run.code, run.output).toBe(130);
    expect(run.report!.result).toBe('cancelled');
    const hosts = byName(run.report);
    for (const h of Object.values(hosts)) expect(['ok', 'warn', 'failed', 'cancelled', 'skipped']).toContain(h.result);
    // rocky1 was prepared, its install never came: cancelled too, with its prepare report.
    expect(hosts.rocky1!.result).toBe('cancelled');
    expect(hosts.rocky1!.report!.steps.find((s) => s.id === 'plan')!.status).toBe('ok');
    for (const name of ['alma1', 'done1', 'changed1', 'debian1', 'down1']) {
      expect(hosts[name]!.result).toBe('cancelled');
      expect(hosts[name]!.report).toBeNull();
    }
    expect(fleetReportSchemaErrors(run.report)).toEqual([]);
  }, 180_000);
});
