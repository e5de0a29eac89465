/**
 * The Linux verify's cluster-side step with a Prism Central, run by the real
 * engine against the test Prism Central (HTTPS on loopback, vmm v4.0 shapes;
 * see test/fixtures/prism-central): which VM it picks (by address, by a
 * resolved name, by the extId a fleet knows), what it says when none or
 * several VMs carry the address, and that the Prism Central password is kept
 * out of the report. The guest's own facts come from a stand-in reader: the
 * sandbox run is test/integration/cluster/clusterHealthSandbox.test.ts.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { JobDefinition } from '../../../main/engine/job';
import { linuxInstallParamsSchema } from '../../../main/linux/installParams';
import type { VerifyFacts } from '../../../main/linux/prepareProbe';
import type { LinuxInstallState } from '../../../main/linux/steps/linuxJobState';
import { prismCentralLinkStep } from '../../../main/linux/steps/prismCentralLinkStep';
import { createLinuxStepKit } from '../../../main/linux/steps/stepKit';
import { makeSelfSigned } from '../../fixtures/probe/makeCertificates';
import { makeVm, PrismCentralState } from '../../fixtures/prism-central/prismCentralState';
import { startTestPrismCentral, type TestPrismCentral } from '../../fixtures/prism-central/testPrismCentral';
import { runToEnd, t } from '../../support/engineHarness';

const PASSWORD = `Pc-S3ntinel-${process.pid}`;
const work = mkdtempSync(join(tmpdir(), 'ngtp-pclink-'));
let pc: TestPrismCentral;
const state = new PrismCentralState([
  makeVm({ name: 'rocky-a', learnedIps: ['10.200.7.2'], guestTools: { isReachable: true } }),
  makeVm({ name: 'twin-1', learnedIps: ['10.200.7.9'] }),
  makeVm({ name: 'twin-2', configuredIps: ['10.200.7.9'] }),
]);
beforeAll(async () => {
  pc = await startTestPrismCentral({
    tls: makeSelfSigned({ cn: 'pc.test', sans: ['127.0.0.1'] }),
    state,
    user: { username: 'admin', password: PASSWORD },
  });
});
afterAll(async () => {
  await pc.close();
  rmSync(work, { recursive: true, force: true });
});

async function run(host: string, extra: { vmExtId?: string; lookup?: (h: string) => Promise<string[]> } = {}) {
  const params = linuxInstallParamsSchema.parse({
    host,
    username: 'root',
    auth: { kind: 'agent' },
    prismCentral: {
      host: '127.0.0.1',
      port: pc.port,
      username: 'admin',
      password: PASSWORD,
      acceptNewCertificate: true,
      waitSeconds: 0,
      vmExtId: extra.vmExtId,
    },
  });
  const jobState: LinuxInstallState = { sudo: { kind: 'none' } };
  const kit = createLinuxStepKit(params, t, jobState);
  const facts = { config: { ngtUuid: 'u-1' }, hostname: 'vm' } as unknown as VerifyFacts;
  const step = prismCentralLinkStep(kit, async () => facts, {
    trustFile: join(work, 'trust.json'),
    pollIntervalMs: 1,
    lookup: extra.lookup,
  });
  const definition: JobDefinition<LinuxInstallState> = {
    kind: 'linux-install',
    target: kit.target,
    state: jobState,
    steps: [step],
    secrets: [PASSWORD],
  };
  const { report } = await runToEnd(definition);
  expect(JSON.stringify(report)).not.toContain(PASSWORD);
  return report.steps[0]!;
}

describe('cluster-side step with Prism Central', () => {
  it('the VM whose learned IP is the target: Communication Link Active true, read from its guest tools', async () => {
    const step = await run('10.200.7.2');
    expect(step.status).toBe('ok');
    expect(step.summary).toContain('Communication Link Active: true');
    expect(step.data).toMatchObject({ vmName: 'rocky-a', communicationLinkActive: true, ngtUuid: 'u-1' });
  });

  it('a host name is resolved first; the extId a fleet knows needs no search', async () => {
    const byName = await run('rocky-a.lab', { lookup: async () => ['10.200.7.2'] });
    expect(byName.data).toMatchObject({ vmName: 'rocky-a', addresses: ['10.200.7.2'] });
    const lists = pc.requests.filter((q) => q.url.startsWith('/api/vmm/v4.0/ahv/config/vms?')).length;
    const byId = await run('10.200.7.2', { vmExtId: state.vms[0]!.extId });
    expect(byId.status).toBe('ok');
    expect(pc.requests.filter((q) => q.url.startsWith('/api/vmm/v4.0/ahv/config/vms?')).length).toBe(lists);
  });

  it('no VM with the address: a warning that says where else to look; several: a warning naming them', async () => {
    const none = await run('10.200.7.50');
    expect([none.status, none.code]).toEqual(['warn', 'PC_VM_NOT_FOUND']);
    expect(none.remediation).toContain('ngt-prep cvm ngt-status');
    const two = await run('10.200.7.9');
    expect([two.status, two.code]).toEqual(['warn', 'PC_VM_AMBIGUOUS']);
    expect(two.summary).toContain('twin-1');
    expect(two.summary).toContain('twin-2');
  });

  it('not reachable when the wait ends: fail, PC_LINK_NOT_ACTIVE', async () => {
    const step = await run('10.200.7.2', { vmExtId: state.vms[1]!.extId });
    expect([step.status, step.code]).toEqual(['fail', 'PC_LINK_NOT_ACTIVE']);
    expect(step.data).toMatchObject({ communicationLinkActive: false });
  });
});
