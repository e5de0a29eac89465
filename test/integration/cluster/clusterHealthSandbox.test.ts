/**
 * The cluster side against real parts: the test Prism Central (HTTPS on
 * loopback, vmm/prism v4.0 shapes, see test/fixtures/prism-central) whose VMs
 * carry the SSH sandboxes' addresses as learned IPs, and three Rocky
 * sandboxes (real OpenSSH in their own namespaces, the NGT ISO fixture, a
 * fake cluster on 2074), two of them clones (one ngt_uuid on their ISOs).
 * Through the real CLI in-process:
 *  - `fleet install|plan --pc`: Prism Central as the inventory (a VM without
 *    an address is an inventory problem, exit 2), client certificates near
 *    expiry / expired (real certificates written where NGT keeps them, after a
 *    real install) reported with the renewal path, the clones found and their
 *    repair (ISO inserted through Prism Central, then each clone's agent
 *    restarted over SSH; the whole repair is in fleet/cloneRepairSandbox.test.ts)
 *    only with --repair-clones UUID;
 *  - `linux install --pc`: the verify phase asks Prism Central for isReachable
 *    and records Communication Link Active; false after a bounded wait; an
 *    unknown certificate refused before any request.
 * A sentinel Prism Central password must appear in no output or report.
 * Needs root; skipped loudly without it, failing instead in CI.
 */
import { X509Certificate } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fleetReportSchemaErrors } from '../../support/reportSchema';

import { fingerprintOfDer } from '../../../main/cluster/prismCentral/certificateTrust';
import type { Report } from '../../../main/engine/types';
import type { FleetReport } from '../../../main/fleet/fleetReport';
import { renewNgtIsoIdentity } from '../../fixtures/ngt-iso';
import { makeSelfSigned } from '../../fixtures/probe/makeCertificates';
import { makeVm, PrismCentralState, type FixtureVm } from '../../fixtures/prism-central/prismCentralState';
import { startTestPrismCentral, type TestPrismCentral } from '../../fixtures/prism-central/testPrismCentral';
import { canRunSandbox, startSandbox, type Sandbox } from '../../sandbox';
import { runCliInProcess } from '../../support/cliInProcess';
import { sandboxLoginArgs } from '../../support/linuxSandboxJob';

const CI = process.env.CI === 'true';
const can = canRunSandbox();
if (!can.ok && !CI) console.warn(`\n*** SKIPPING cluster health sandbox tests: ${can.reason} ***\n`);

const ROOT_PASSWORD = `S3ntinel-health-${process.pid}-'"$\`x`;
const PC_PASSWORD = `Pc-S3ntinel-${process.pid}-$(id)`;
const CLONE_UUID = '5bd1cc9c-0000-4000-8000-00000000c10e';
const DAY = 86_400_000;
const CERT_PATH = '/usr/local/nutanix/ngt/config/client-cert.pem';

const work = mkdtempSync(join(tmpdir(), 'ngtp-health-it-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

let runNo = 0;
async function cli(args: string[]) {
  runNo += 1;
  const dataDir = join(work, `data-${runNo}`);
  const json = join(work, `report-${runNo}.json`);
  const { code, output } = await runCliInProcess([...args, '--json', json], {
    dataDir,
    homedir: work,
    env: { NGT_PREP_DATA_DIR: dataDir, NGTP_PW: ROOT_PASSWORD, PCPW: PC_PASSWORD },
  });
  const text = existsSync(json) ? readFileSync(json, 'utf8') : '';
  expect(output + text).not.toContain(PC_PASSWORD);
  expect(output + text).not.toContain(Buffer.from(`admin:${PC_PASSWORD}`).toString('base64'));
  return { code, output, text };
}

/** An NGT client certificate as the ISO carries one, ending `msFromNow` from now. */
function clientCert(msFromNow: number): string {
  return makeSelfSigned({
    cn: CLONE_UUID,
    notBefore: new Date(Date.now() - 900 * DAY),
    notAfter: new Date(Date.now() + msFromNow),
    serverAuth: false,
  }).certPem;
}

describe('cluster health sandbox prerequisites', () => {
  it('are present (required in CI)', () => {
    expect(CI && !can.ok ? `cluster health sandbox tests cannot run: ${can.reason}` : null).toBeNull();
  });
});

describe.skipIf(!can.ok)('Prism Central, the fleet and the Linux verify against sandboxes', () => {
  let pc: TestPrismCentral;
  const vms: Sandbox[] = [];
  const fixtureVms: FixtureVm[] = [];
  const trustFile = join(work, 'pc-trust.json');
  const knownHosts = join(work, 'known_hosts');
  let fingerprint = '';

  const pcArgs = () => [
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
  ];
  const fleetArgs = (command: 'plan' | 'install') => [
    'fleet',
    command,
    ...pcArgs(),
    '--pc-filter',
    'lab-',
    '--user',
    'root',
    '--password-env',
    'NGTP_PW',
    '--known-hosts',
    knownHosts,
    '--accept-new',
    // No terminal here: fleet install approves its plan only when told to.
    ...(command === 'install' ? ['--yes'] : []),
  ];

  /** `linux install --phase verify` on lab-1 with Prism Central; the run and its cluster-side step. */
  async function verifyWithPc(extra: string[], trust = trustFile) {
    const pcOptions = pcArgs().map((a) => (a === trustFile ? trust : a));
    const r = await cli([
      'linux',
      'install',
      ...sandboxLoginArgs(vms[0]!, knownHosts),
      '--phase',
      'verify',
      ...pcOptions,
      ...extra,
    ]);
    const step = (JSON.parse(r.text) as Report).steps.find((s) => s.id === 'cluster-side')!;
    return { r, step };
  }

  beforeAll(async () => {
    const started = await Promise.all([
      startSandbox({ distro: 'rocky', rootPassword: ROOT_PASSWORD, withCluster: true }),
      startSandbox({ distro: 'rocky', rootPassword: ROOT_PASSWORD, withCluster: true, ngtUuid: CLONE_UUID }),
      startSandbox({ distro: 'rocky', rootPassword: ROOT_PASSWORD, withCluster: true, ngtUuid: CLONE_UUID }),
    ]);
    vms.push(...started);
    fixtureVms.push(
      ...started.map((s, i) => makeVm({ name: `lab-${i + 1}`, learnedIps: [s.host] })),
      makeVm({ name: 'lab-no-nic', learnedIps: [] }),
      makeVm({ name: 'other-off', powerState: 'OFF' }),
    );
    const tls = makeSelfSigned({ cn: 'pc.test', sans: ['127.0.0.1'] });
    fingerprint = fingerprintOfDer(new X509Certificate(tls.certPem).raw);
    const state = new PrismCentralState(fixtureVms);
    // Prism Central generates the ISO per VM (DOMAIN.md): the inserted one carries a new ngt_uuid.
    state.onIsoInserted = (vm) => renewNgtIsoIdentity(vms[fixtureVms.indexOf(vm)]!.isoDir!);
    pc = await startTestPrismCentral({
      tls,
      state,
      user: { username: 'admin', password: PC_PASSWORD },
    });
  }, 120_000);
  afterAll(async () => {
    await pc?.close();
    await Promise.all(vms.map((v) => v.stop()));
  });

  it('fleet --pc with an unknown certificate: exit 3 with its fingerprint, before any request or SSH', async () => {
    const r = await cli(fleetArgs('plan'));
    expect(r.code, r.output).toBe(3);
    expect(r.output).toContain(fingerprint);
    expect(r.output).toContain('--accept-new-certificate');
    expect(pc.requests).toEqual([]);
    expect(existsSync(knownHosts)).toBe(false);
  }, 60_000);

  it('a chosen VM without an address: exit 2, the problem with what to do, before any SSH', async () => {
    const r = await cli([...fleetArgs('plan'), '--accept-new-certificate']);
    expect(r.code, r.output).toBe(2);
    expect(r.output).toContain('lab-no-nic');
    expect(r.output).toContain('no IPv4 address in Prism Central');
    expect(r.output).toContain('--pc-power-state');
    expect(existsSync(knownHosts)).toBe(false);
    // The list went through every page with the name filter; the VM that is off was never chosen.
    expect(pc.requests.some((q) => q.url.includes("$filter=contains(name%2C%20'lab-')"))).toBe(true);
    expect(r.output).not.toContain('other-off');
  }, 60_000);

  it('fleet install from Prism Central: every lab VM a host at its address, installed; the clones found and offered', async () => {
    fixtureVms[3]!.powerState = 'OFF'; // now left out by the default power state
    // The agents NGT Prep installs reach the cluster; Prism Central then reports each VM's tools reachable.
    for (const v of fixtureVms.slice(0, 3)) pc.state.reachableAfterReads(v.extId, 1);
    const r = await cli(fleetArgs('install'));
    expect(r.code, r.output).toBe(0);
    const report = JSON.parse(r.text) as FleetReport;
    expect(fleetReportSchemaErrors(report)).toEqual([]);
    expect(report.hosts.map((h) => [h.name, h.address, h.result])).toEqual(
      vms.map((v, i) => [`lab-${i + 1}`, v.host, expect.stringMatching(/^(ok|warn)$/)]),
    );
    // Each host's verify asked Prism Central about its own VM (by the extId the inventory carried).
    for (const [i, h] of report.hosts.entries()) {
      const link = h.report!.steps.find((s) => s.id === 'cluster-side')!;
      expect([link.status, link.summary]).toEqual(['ok', expect.stringContaining('Communication Link Active: true')]);
      expect(link.data).toMatchObject({ vmExtId: fixtureVms[i]!.extId, communicationLinkActive: true });
    }
    expect(report.findings.clones).toEqual([{ ngtUuid: CLONE_UUID, hosts: ['lab-2', 'lab-3'] }]);
    expect(r.output).toContain(`--repair-clones ${CLONE_UUID}`);
  }, 240_000);

  it('client certificates near expiry and expired: warned and failed with the renewal path (exit 1)', async () => {
    await vms[1]!.exec(['/bin/sh', '-c', `cat > ${CERT_PATH}`], { input: clientCert(30 * DAY) });
    await vms[2]!.exec(['/bin/sh', '-c', `cat > ${CERT_PATH}`], { input: clientCert(-2 * DAY) });
    await vms[0]!.exec(['/bin/sh', '-c', `cat > ${CERT_PATH}`], { input: clientCert(600 * DAY) });
    const r = await cli([...fleetArgs('plan').filter((a) => a !== '--accept-new'), '--pc-fingerprint', fingerprint]);
    expect(r.code, r.output).toBe(1);
    const title = r.output.indexOf('NGT client certificates needing attention: 2');
    expect(title, r.output).toBeGreaterThan(-1);
    const section = r.output.slice(title);
    expect(section).toMatch(new RegExp(`lab-3 \\(${vms[2]!.host.replace(/\./g, '\\.')}\\) failure: .*expired on`));
    expect(section).toMatch(/lab-2 \(.*\) warning: .*expires on .*: 29 days left \(under 90\)/);
    expect(section).not.toContain('lab-1 (');
    expect(section).toContain('ngt-prep cvm renew-cert');
    const report = JSON.parse(r.text) as FleetReport;
    const step = report.hosts.find((h) => h.name === 'lab-3')!.report!.steps.find((s) => s.id === 'existing-ngt')!;
    expect([step.status, step.code]).toEqual(['warn', 'NGT_CLIENT_CERT_EXPIRED']);
    // Without the confirmation nothing was changed in Prism Central.
    expect(pc.requests.filter((q) => q.method === 'POST')).toEqual([]);
  }, 180_000);

  it('--repair-clones UUID: the NGT ISO inserted on each clone through Prism Central, then each agent restarted', async () => {
    const r = await cli([...fleetArgs('install'), '--pc-fingerprint', fingerprint, '--repair-clones', CLONE_UUID]);
    expect(r.code, r.output).toBe(1); // lab-3's certificate is still expired
    const posts = pc.requests.filter((q) => q.method === 'POST');
    expect(posts.map((q) => q.url)).toEqual(
      [fixtureVms[1]!, fixtureVms[2]!].map(
        (v) => `/api/vmm/v4.0/ahv/config/vms/${v.extId}/guest-tools/$actions/insert-iso`,
      ),
    );
    for (const q of posts) {
      expect(q.headers['if-match']).toMatch(/^"/);
      expect(q.headers['ntnx-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    }
    for (const v of [fixtureVms[1]!, fixtureVms[2]!]) {
      expect(v.guestTools.isIsoInserted).toBe(true);
      expect(v.cdRoms.map((c) => c.content)).toContain('guest-tools');
    }
    expect(fixtureVms[0]!.guestTools.isIsoInserted).toBe(false);
    expect(r.output).toMatch(/lab-2 \(VM .*\): NGT ISO inserted, guest agent restarted: its own ngt_uuid is now /);
    expect(r.output).toMatch(/lab-3 \(VM .*\): NGT ISO inserted, guest agent restarted: its own ngt_uuid is now /);
    const repair = (JSON.parse(r.text) as FleetReport).findings.clones[0]!.repair!;
    expect(repair.map((x) => [x.host, x.status])).toEqual([
      ['lab-2', 'repaired'],
      ['lab-3', 'repaired'],
    ]);
    expect(repair[0]!.ngtUuid).not.toBe(repair[1]!.ngtUuid);
  }, 180_000);

  it('linux install --pc, verify: Communication Link Active true once Prism Central reports the tools reachable', async () => {
    pc.state.reachableAfterReads(fixtureVms[0]!.extId, 1);
    const { r, step } = await verifyWithPc(['--pc-fingerprint', fingerprint]);
    expect(r.code, r.output).toBe(0);
    expect(step.status).toBe('ok');
    expect(step.summary).toContain('Communication Link Active: true');
    expect(step.data).toMatchObject({
      source: 'prism-central',
      vmExtId: fixtureVms[0]!.extId,
      vmName: 'lab-1',
      communicationLinkActive: true,
      reads: 2,
    });
    expect(r.output).not.toContain('can only be confirmed on the cluster side');
  }, 120_000);

  it('not reachable within --pc-wait: exit 1, PC_LINK_NOT_ACTIVE, Communication Link Active false', async () => {
    pc.state.setReachable(fixtureVms[0]!.extId, false);
    const { r, step } = await verifyWithPc(['--pc-fingerprint', fingerprint, '--pc-wait', '0']);
    expect(r.code, r.output).toBe(1);
    expect([step.status, step.code]).toEqual(['fail', 'PC_LINK_NOT_ACTIVE']);
    expect(step.data).toMatchObject({ communicationLinkActive: false });
    expect(step.summary).toContain('Communication Link Active: false');
  }, 120_000);

  it('an unknown Prism Central certificate: refused before any request, with its fingerprint', async () => {
    const before = pc.requests.length;
    const { r, step } = await verifyWithPc([], join(work, 'other-trust.json'));
    expect(r.code, r.output).toBe(3);
    expect([step.status, step.code]).toEqual(['fail', 'PC_CERT_UNKNOWN']);
    expect(r.output).toContain(fingerprint);
    expect(pc.requests.length).toBe(before);
  }, 120_000);
});
