/**
 * `fleet install --pc HOST --pc-push` against real parts: the test Prism
 * Central (HTTPS on loopback, vmm/prism v4.0 shapes from Nutanix's reference,
 * see test/fixtures/prism-central) whose VMs carry three SSH sandboxes'
 * addresses (real OpenSSH in their own namespaces, the NGT ISO fixture):
 *  - Ubuntu 22.04, root by password: the installer names Ubuntu (its own
 *    branch), so Prism Central pushes NGT with the host's own login — the ISO
 *    inserted, the install task watched, then Communication Link Active;
 *    nothing installed over SSH;
 *  - Rocky 8.4, root by password: the installer does not name Rocky, so NGT
 *    Prep's own SSH install runs, and the report and the terminal say why;
 *  - RHEL 8.7, root by key only (IdentityFile in an ssh_config): no password
 *    for the push, so its push fails with FLEET_PUSH_NO_CREDENTIAL before
 *    anything is sent, and the others are unaffected (exit 1); run again with
 *    --retry-failed and a fleet-wide --guest-user/--guest-password-env, it is
 *    pushed with that credential (exit 0).
 * The root password is asked once (one distinct user) and, like the guest
 * and Prism Central passwords (sentinels), appears in no output or report.
 * Needs root; skipped loudly without it, failing instead in CI.
 */
import { spawnSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fleetReportSchemaErrors } from '../../support/reportSchema';

import { fingerprintOfDer } from '../../../main/cluster/prismCentral/certificateTrust';
import type { FleetReport } from '../../../main/fleet/fleetReport';
import { makeSelfSigned } from '../../fixtures/probe/makeCertificates';
import { makeVm, PrismCentralState, type FixtureVm } from '../../fixtures/prism-central/prismCentralState';
import { startTestPrismCentral, type TestPrismCentral } from '../../fixtures/prism-central/testPrismCentral';
import { startSandbox, type Sandbox } from '../../sandbox';
import { runCliInProcess } from '../../support/cliInProcess';
import { sandboxSuite } from '../../support/sandboxSuite';

const { can, work } = sandboxSuite('fleet Prism Central push sandbox', 'ngtp-pcpush-it-');

const ROOT_PASSWORD = `S3ntinel-root-${process.pid}-'"$\`x`;
const PC_PASSWORD = `Pc-S3ntinel-${process.pid}-$(id)`;
const GUEST_PASSWORD = `Guest-S3ntinel-${process.pid}-;x`;
const VMS_PATH = '/api/vmm/v4.0/ahv/config/vms';

describe.skipIf(!can.ok)('fleet install --pc-push against sandboxes and the test Prism Central', () => {
  let pc: TestPrismCentral;
  let ubuntu: Sandbox;
  let rocky: Sandbox;
  let keyOnly: Sandbox;
  const fixtureVms: FixtureVm[] = [];
  const trustFile = join(work, 'pc-trust.json');
  const knownHosts = join(work, 'known_hosts');
  const sshConfig = join(work, 'ssh_config');
  const keyFile = join(work, 'id_ed25519');
  let fingerprint = '';
  const asked: string[] = [];

  async function fleet(extra: string[], name: string, env: Record<string, string> = {}) {
    const dataDir = join(work, `data-${name}`);
    const json = join(work, `${name}.json`);
    const html = join(work, `${name}.html`);
    const run = await runCliInProcess(
      [
        'fleet',
        'install',
        '--pc',
        '127.0.0.1',
        '--pc-port',
        String(pc.port),
        '--pc-user',
        'admin',
        '--pc-password-env',
        'PCPW',
        '--trusted-certificates',
        trustFile,
        '--pc-fingerprint',
        fingerprint,
        '--pc-filter',
        'push-',
        '--pc-push',
        '--poll-interval',
        '0.1',
        '--wait-reachable',
        '60',
        '--user',
        'root',
        '--ssh-config',
        sshConfig,
        '--known-hosts',
        knownHosts,
        '--accept-new',
        '--yes',
        '--json',
        json,
        '--html',
        html,
        ...extra,
      ],
      {
        dataDir,
        homedir: work,
        isTTY: true,
        env: { NGT_PREP_DATA_DIR: dataDir, PCPW: PC_PASSWORD, ...env },
        // The person at the terminal types root's password; the fleet must ask it once per distinct user.
        io: { promptSecret: async (question) => (asked.push(question), ROOT_PASSWORD) },
      },
    );
    const text = readFileSync(json, 'utf8');
    const page = readFileSync(html, 'utf8');
    const all = run.output + text + page;
    for (const secret of [ROOT_PASSWORD, PC_PASSWORD, GUEST_PASSWORD]) expect(all).not.toContain(secret);
    const report = JSON.parse(text) as FleetReport;
    expect(fleetReportSchemaErrors(report)).toEqual([]);
    return { run, report, json, page };
  }

  const installCalls = (vm: FixtureVm) =>
    pc.requests.filter((q) => q.method === 'POST' && q.url === `${VMS_PATH}/${vm.extId}/guest-tools/$actions/install`);
  const postsFor = (vm: FixtureVm) =>
    pc.requests.filter((q) => q.method === 'POST' && q.url.startsWith(`${VMS_PATH}/${vm.extId}/`));

  beforeAll(async () => {
    const keygen = spawnSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', keyFile]);
    if (keygen.status !== 0) throw new Error(String(keygen.stderr));
    [ubuntu, rocky, keyOnly] = await Promise.all([
      startSandbox({ distro: 'ubuntu22', rootPassword: ROOT_PASSWORD }),
      startSandbox({ distro: 'rocky', rootPassword: ROOT_PASSWORD, withCluster: true }),
      // No root password: this host logs in by key only.
      startSandbox({ distro: 'rhel8', authorizedKeys: [readFileSync(`${keyFile}.pub`, 'utf8')] }),
    ]);
    writeFileSync(sshConfig, `Host ${keyOnly.host}\n  IdentityFile ${keyFile}\n`);
    fixtureVms.push(
      makeVm({ name: 'push-ubuntu', learnedIps: [ubuntu.host] }),
      makeVm({ name: 'push-rocky', learnedIps: [rocky.host] }),
      makeVm({ name: 'push-keyonly', learnedIps: [keyOnly.host] }),
    );
    const tls = makeSelfSigned({ cn: 'pc.test', sans: ['127.0.0.1'] });
    fingerprint = fingerprintOfDer(new X509Certificate(tls.certPem).raw);
    pc = await startTestPrismCentral({
      tls,
      state: new PrismCentralState(fixtureVms),
      user: { username: 'admin', password: PC_PASSWORD },
    });
  }, 180_000);
  afterAll(async () => {
    await pc?.close();
    await Promise.all([ubuntu, rocky, keyOnly].filter(Boolean).map((v) => v.stop()));
  });

  it('pushes the named distribution through Prism Central, installs Rocky over SSH and says why, fails only the key-only host', async () => {
    // The agent NGT Prep installs on Rocky reaches the cluster; Prism Central then reports its tools reachable.
    pc.state.reachableAfterReads(fixtureVms[1]!.extId, 1);
    const { run, report, page } = await fleet([], 'first');
    expect(run.code, run.output).toBe(1);
    expect(asked).toEqual(['SSH password for root (asked once for every host with this user): ']);
    const host = (name: string) => report.hosts.find((h) => h.name === name)!;
    const steps = (name: string) => Object.fromEntries(host(name).report!.steps.map((s) => [s.id, s]));

    // Ubuntu: pushed through Prism Central with the host's own login, then Communication Link Active.
    const [vmUbuntu, vmRocky, vmKey] = fixtureVms as [FixtureVm, FixtureVm, FixtureVm];
    expect(host('push-ubuntu').result, run.output).toMatch(/^(ok|warn)$/);
    const u = steps('push-ubuntu');
    expect(u.distribution!.data).toMatchObject({ decision: 'supported-by-installer' });
    expect([u['pc-insert-iso']!.status, u['pc-insert-iso']!.data]).toEqual([
      'ok',
      { vmExtId: vmUbuntu.extId, insertedIso: true },
    ]);
    expect(u['pc-install']!.status).toBe('ok');
    expect(u['pc-link']!.summary).toContain('Communication Link Active: true');
    expect(u['pc-link']!.data).toMatchObject({ vmExtId: vmUbuntu.extId, communicationLinkActive: true });
    expect(u['run-installer']).toBeUndefined();
    const calls = installCalls(vmUbuntu);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.body).toMatchObject({
      credential: { username: 'root', password: ROOT_PASSWORD },
      rebootPreference: { scheduleType: 'SKIP' },
    });
    expect(calls[0]!.headers['if-match']).toMatch(/^"/);
    expect(vmUbuntu.guestTools).toMatchObject({ isInstalled: true, isIsoInserted: true, isReachable: true });
    // The HTML report's section for the host carries the push's steps.
    expect(page).toContain('push-ubuntu: Communication Link Active: true');
    expect(page).toContain('Install NGT (Prism Central task)');
    // Nothing was installed over SSH on it.
    const ngtDir = await ubuntu.exec([
      '/bin/sh',
      '-c',
      'test -e /usr/local/nutanix/ngt && echo present || echo absent',
    ]);
    expect(ngtDir.stdout.trim()).toBe('absent');

    // Rocky: the SSH way, NGT Prep's own install, with the reason in the report and on the terminal.
    expect(host('push-rocky').result, run.output).toMatch(/^(ok|warn)$/);
    const r = steps('push-rocky');
    expect(r['install-way']!.summary).toContain('the NGT installer does not name this distribution (rocky linux)');
    expect(r['run-installer']!.status).toBe('ok');
    expect(r['cluster-side']!.data).toMatchObject({ vmExtId: vmRocky.extId, communicationLinkActive: true });
    expect(r['pc-install']).toBeUndefined();
    expect(postsFor(vmRocky)).toEqual([]);
    expect(run.output).toContain(
      "push-rocky: the NGT installer does not name its distribution; NGT Prep installs it over SSH instead of Prism Central's push.",
    );

    // The key-only host: its push refused before anything was sent; the others went on.
    expect([host('push-keyonly').result, host('push-keyonly').code]).toEqual(['failed', 'FLEET_PUSH_NO_CREDENTIAL']);
    const k = steps('push-keyonly');
    expect(k.connect!.status).toBe('ok');
    expect(k['pc-push-check']!.remediation).toContain('--guest-user USER --guest-password-env VAR');
    expect(k['pc-insert-iso']!.status).toBe('skipped');
    expect(postsFor(vmKey)).toEqual([]);
    expect(report.counts).toMatchObject({ failed: 1 });
  }, 480_000);

  it('--retry-failed with a fleet-wide guest credential: the key-only host is pushed with it (exit 0)', async () => {
    const { run, report } = await fleet(
      ['--retry-failed', join(work, 'first.json'), '--guest-user', 'pushuser', '--guest-password-env', 'GUESTPW'],
      'retry',
      { GUESTPW: GUEST_PASSWORD },
    );
    expect(run.code, run.output).toBe(0);
    expect(report.hosts.map((h) => [h.name, h.result])).toEqual([
      ['push-keyonly', expect.stringMatching(/^(ok|warn)$/)],
    ]);
    const link = report.hosts[0]!.report!.steps.find((s) => s.id === 'pc-link')!;
    expect(link.summary).toContain('Communication Link Active: true');
    const calls = installCalls(fixtureVms[2]!);
    expect(calls.map((c) => (c.body as { credential: unknown }).credential)).toEqual([
      { $objectType: 'vmm.v4.ahv.config.Credential', username: 'pushuser', password: GUEST_PASSWORD },
    ]);
    // Only root's password was ever asked, once, in the first run (this host logs in by key).
    expect(asked).toHaveLength(1);
  }, 300_000);
});
