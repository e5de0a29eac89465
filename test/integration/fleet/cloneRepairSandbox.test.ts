/**
 * The clone repair to the end, against real parts: three Rocky sandboxes
 * (real OpenSSH in their own namespaces, the NGT ISO fixture, a fake cluster
 * on 2074) that are clones of one VM (one ngt_uuid on their ISOs), and the
 * test Prism Central (HTTPS on loopback, vmm/prism v4.0 shapes, see
 * test/fixtures/prism-central) listing them. Through the real CLI in-process:
 * `fleet install --pc … --repair-clones UUID` inserts the NGT ISO on each
 * clone through Prism Central, then restarts each guest agent over SSH and
 * reads its ngt_config.json back; a second `fleet plan` no longer finds the
 * clones. One clone's agent cannot be started again (its program was
 * deleted): that VM's result names the failure, its agent is left running,
 * and the others are still repaired.
 *
 * What cannot exist here is imitated from the documentation: Prism Central
 * generates the NGT ISO per VM and it carries that VM's own ngt_uuid
 * (DOMAIN.md, "NGT files inside a guest"), so the test Prism Central's
 * insert-iso gives the VM's drive a fresh identity — here by rewriting the
 * sandbox's ISO folder from the host side (renewNgtIsoIdentity; the guest
 * sees it read-only, as a mounted ISO). The fixture agent then does what the
 * same section says the real one does when it restarts: it takes the new
 * config from the ISO (test/fixtures/ngt-iso/README.md).
 * Needs root; skipped loudly without it, failing instead in CI.
 */
import { X509Certificate } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fleetReportSchemaErrors } from '../../support/reportSchema';

import { fingerprintOfDer } from '../../../main/cluster/prismCentral/certificateTrust';
import type { FleetReport } from '../../../main/fleet/fleetReport';
import { ngtInstalledPaths, renewNgtIsoIdentity } from '../../fixtures/ngt-iso';
import { makeSelfSigned } from '../../fixtures/probe/makeCertificates';
import { makeVm, PrismCentralState, type FixtureVm } from '../../fixtures/prism-central/prismCentralState';
import { startTestPrismCentral, type TestPrismCentral } from '../../fixtures/prism-central/testPrismCentral';
import { canRunSandbox, startSandbox, type Sandbox } from '../../sandbox';
import { runCliInProcess } from '../../support/cliInProcess';
import { waitFor } from '../../support/waitFor';

const CI = process.env.CI === 'true';
const can = canRunSandbox();
if (!can.ok && !CI) console.warn(`\n*** SKIPPING clone repair sandbox tests: ${can.reason} ***\n`);

const ROOT_PASSWORD = `S3ntinel-clones-${process.pid}-'"$\`x`;
const PC_PASSWORD = `Pc-S3ntinel-clones-${process.pid}-$(id)`;
const CLONE_UUID = '7c0ffee0-0000-4000-8000-00000000c10e';
const PATHS = ngtInstalledPaths.newer;
const AGENT_PROGRAM = `${PATHS.installDir}/python/bin/${PATHS.agentScript}`;

const work = mkdtempSync(join(tmpdir(), 'ngtp-clones-it-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

let runNo = 0;
async function cli(args: string[]) {
  runNo += 1;
  const dataDir = join(work, `data-${runNo}`);
  const json = join(work, `report-${runNo}.json`);
  const html = join(work, `report-${runNo}.html`);
  const { code, output } = await runCliInProcess([...args, '--json', json, '--html', html], {
    dataDir,
    homedir: work,
    env: { NGT_PREP_DATA_DIR: dataDir, NGTP_PW: ROOT_PASSWORD, PCPW: PC_PASSWORD },
  });
  const text = existsSync(json) ? readFileSync(json, 'utf8') : '';
  const page = existsSync(html) ? readFileSync(html, 'utf8') : '';
  for (const secret of [PC_PASSWORD, ROOT_PASSWORD]) expect(output + text + page).not.toContain(secret);
  const report = text ? (JSON.parse(text) as FleetReport) : undefined;
  if (report) expect(fleetReportSchemaErrors(report)).toEqual([]);
  return { code, output, report, page };
}

async function installedUuid(vm: Sandbox): Promise<string> {
  const r = await vm.exec(['cat', PATHS.config]);
  return (JSON.parse(r.stdout) as { ngt_uuid: string }).ngt_uuid;
}

async function agentPid(vm: Sandbox): Promise<string> {
  return (await vm.exec(['cat', PATHS.agentPidFile])).stdout.trim();
}

describe('clone repair sandbox prerequisites', () => {
  it('are present (required in CI)', () => {
    expect(CI && !can.ok ? `clone repair sandbox tests cannot run: ${can.reason}` : null).toBeNull();
  });
});

describe.skipIf(!can.ok)('fleet install --repair-clones: the ISO inserted, the agent restarted, a new identity', () => {
  let pc: TestPrismCentral;
  const vms: Sandbox[] = [];
  const fixtureVms: FixtureVm[] = [];
  const trustFile = join(work, 'pc-trust.json');
  const knownHosts = join(work, 'known_hosts');
  let fingerprint = '';
  /** The ngt_uuid each VM's freshly generated ISO carries, by VM name. */
  const isoUuids = new Map<string, string>();

  const fleetArgs = (command: 'plan' | 'install', ...extra: string[]) => [
    'fleet',
    command,
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
    '--pc-filter',
    'clone-',
    '--user',
    'root',
    '--password-env',
    'NGTP_PW',
    '--known-hosts',
    knownHosts,
    ...(command === 'install' ? ['--yes'] : []),
    ...extra,
  ];

  beforeAll(async () => {
    const started = await Promise.all(
      [1, 2, 3].map(() =>
        startSandbox({ distro: 'rocky', rootPassword: ROOT_PASSWORD, withCluster: true, ngtUuid: CLONE_UUID }),
      ),
    );
    vms.push(...started);
    fixtureVms.push(...started.map((s, i) => makeVm({ name: `clone-${i + 1}`, learnedIps: [s.host] })));
    const state = new PrismCentralState(fixtureVms);
    // Prism Central generates the ISO it inserts for this VM: the sandbox's drive gets a new identity.
    state.onIsoInserted = (vm) => {
      const sandbox = vms[fixtureVms.indexOf(vm)]!;
      isoUuids.set(vm.name, renewNgtIsoIdentity(sandbox.isoDir!).ngt_uuid);
    };
    const tls = makeSelfSigned({ cn: 'pc.test', sans: ['127.0.0.1'] });
    fingerprint = fingerprintOfDer(new X509Certificate(tls.certPem).raw);
    pc = await startTestPrismCentral({ tls, state, user: { username: 'admin', password: PC_PASSWORD } });
  }, 120_000);
  afterAll(async () => {
    await pc?.close();
    await Promise.all(vms.map((v) => v.stop()));
  });

  it('installed from Prism Central, the three clones are one finding, offered as one action', async () => {
    // The verify asks Prism Central for Communication Link Active; the agents NGT Prep installs reach the cluster.
    for (const v of fixtureVms) pc.state.reachableAfterReads(v.extId, 1);
    const r = await cli(fleetArgs('install', '--accept-new-certificate', '--accept-new'));
    expect(r.code, r.output).toBe(0);
    expect(r.report!.findings.clones).toEqual([{ ngtUuid: CLONE_UUID, hosts: ['clone-1', 'clone-2', 'clone-3'] }]);
    expect(r.output).toContain(`--repair-clones ${CLONE_UUID}`);
    for (const vm of vms) expect(await installedUuid(vm)).toBe(CLONE_UUID);
    expect(pc.requests.filter((q) => q.method === 'POST')).toEqual([]);
  }, 300_000);

  it('--repair-clones: each clone restarted with its own new ngt_uuid; the one whose agent cannot restart named, the others repaired', async () => {
    const pidsBefore = await Promise.all(vms.map(agentPid));
    // clone-3's agent runs, but its program is gone: it could not be started again.
    await vms[2]!.exec(['rm', '-f', '--', AGENT_PROGRAM]);

    const r = await cli(fleetArgs('install', '--pc-fingerprint', fingerprint, '--repair-clones', CLONE_UUID));
    expect(r.code, r.output).toBe(1);

    // Every clone got its ISO through Prism Central.
    const posts = pc.requests.filter((q) => q.method === 'POST');
    expect(posts.map((q) => q.url)).toEqual(
      fixtureVms.map((v) => `/api/vmm/v4.0/ahv/config/vms/${v.extId}/guest-tools/$actions/insert-iso`),
    );
    for (const v of fixtureVms) expect(v.guestTools.isIsoInserted).toBe(true);

    // clone-1 and clone-2: the agent restarted (a new process) and took its VM's own identity.
    for (const [i, vm] of vms.slice(0, 2).entries()) {
      const name = `clone-${i + 1}`;
      const uuid = isoUuids.get(name)!;
      expect(uuid).not.toBe(CLONE_UUID);
      expect(await installedUuid(vm)).toBe(uuid);
      expect(await agentPid(vm)).not.toBe(pidsBefore[i]);
      expect(r.output).toContain(`${name} (VM ${fixtureVms[i]!.extId}): NGT ISO inserted, guest agent restarted`);
      // The restarted agent talks to the cluster with its new identity.
      await waitFor(async () => (await vm.clusterConnections()).some((c) => c.data.startsWith(`NGT-HELLO ${uuid} `)), {
        what: `${name}'s agent saying hello as ${uuid}`,
        timeoutMs: 60_000,
      });
    }
    expect(isoUuids.get('clone-1')).not.toBe(isoUuids.get('clone-2'));

    // clone-3: not repaired, the failure named; its agent was left running with the old identity.
    expect(r.output).toMatch(
      /clone-3 \(VM .*\): NGT ISO inserted, but the clone is not repaired: LINUX_AGENT_PROGRAM_MISSING/,
    );
    expect(r.output).toContain(AGENT_PROGRAM);
    expect(await installedUuid(vms[2]!)).toBe(CLONE_UUID);
    expect(await agentPid(vms[2]!)).toBe(pidsBefore[2]);

    // The fleet report carries each clone's result.
    const finding = r.report!.findings.clones.find((c) => c.ngtUuid === CLONE_UUID)!;
    expect(finding.repair!.map((x) => [x.host, x.status, x.ok, x.code, x.ngtUuid])).toEqual([
      ['clone-1', 'repaired', true, undefined, isoUuids.get('clone-1')],
      ['clone-2', 'repaired', true, undefined, isoUuids.get('clone-2')],
      ['clone-3', 'failed', false, 'LINUX_AGENT_PROGRAM_MISSING', undefined],
    ]);
    expect(finding.repair![0]!.method).toBe('pid-file');
    expect(finding.repair![2]!).toMatchObject({ stage: 'restart', remediation: expect.stringContaining('--force') });
    expect(r.page).toContain('repaired (own ngt_uuid)');
    expect(r.page).toContain('LINUX_AGENT_PROGRAM_MISSING');
  }, 300_000);

  it('a second fleet plan: no clones any more (each repaired VM has its own ngt_uuid)', async () => {
    const r = await cli(fleetArgs('plan', '--pc-fingerprint', fingerprint));
    expect(r.code, r.output).toBe(0);
    expect(r.report!.findings.clones).toEqual([]);
    expect(r.output).not.toContain('--repair-clones');
    expect(r.output).not.toContain('share the NGT identity');
  }, 300_000);
});
