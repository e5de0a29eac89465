/**
 * NGT health across a fleet, pure parts: the client certificate's expiry
 * (real certificates made with node-forge, read by node:crypto's X509Certificate
 * as the product does), the existing-ngt step's report of it, the findings a
 * fleet run gives, the clone repair plans, and Prism Central's VMs as a fleet
 * inventory (the VM shape is vmm v4.0 `ahv.config.Vm` as the test Prism Central
 * serves it, read by the product's own vmFromApi).
 */
import { describe, expect, it } from 'vitest';

import type { Report, ReportStep } from '../../../main/engine/types';
import type { HostRun } from '../../../main/fleet/fleetTypes';
import { certificateFindings, cloneRepairPlans } from '../../../main/fleet/health/fleetHealth';
import { inventoryFromVms, vmAddress, vmOs } from '../../../main/fleet/inventory/prismCentralSource';
import { formatProblem } from '../../../main/fleet/inventory/inventoryValidation';
import { vmFromApi, type PcVm } from '../../../main/cluster/prismCentral/vmList';
import { linuxInstallParamsSchema } from '../../../main/linux/installParams';
import { interpretPrepareFacts, parseFactLines } from '../../../main/linux/prepareProbe';
import { existingNgtStep } from '../../../main/linux/steps/existingNgtStep';
import type { LinuxInstallState } from '../../../main/linux/steps/linuxJobState';
import { createLinuxStepKit, type LinuxCtx } from '../../../main/linux/steps/stepKit';
import { clientCertificateHealth, clientCertificatePath } from '../../../main/ngt/clientCertificateHealth';
import { makeSelfSigned } from '../../fixtures/probe/makeCertificates';
import { t } from '../../support/engineHarness';

const DAY = 86_400_000;
const NOW = new Date('2026-12-01T12:00:00Z');
const PATH = '/usr/local/nutanix/ngt/config/client-cert.pem';

/** A client certificate as NGT's are: issued at ISO creation, valid until notAfter. */
function certEnding(msFromNow: number): string {
  return makeSelfSigned({
    cn: '5bd1cc9c-0000-4000-8000-00000000c10e',
    notBefore: new Date(NOW.getTime() - 900 * DAY),
    notAfter: new Date(NOW.getTime() + msFromNow),
    serverAuth: false,
  }).certPem;
}

describe('client certificate expiry', () => {
  it('ok with 200 days left; ok at exactly 90 days; expiring at 89 days; expired one second after notAfter', () => {
    expect(clientCertificateHealth(certEnding(200 * DAY), PATH, NOW)).toMatchObject({ state: 'ok', daysLeft: 200 });
    expect(clientCertificateHealth(certEnding(90 * DAY + 1000), PATH, NOW).state).toBe('ok');
    const soon = clientCertificateHealth(certEnding(89 * DAY), PATH, NOW);
    expect(soon).toMatchObject({ state: 'expiring', daysLeft: 89, path: PATH });
    expect(soon.subject).toContain('CN=5bd1cc9c-0000-4000-8000-00000000c10e');
    const gone = clientCertificateHealth(certEnding(-1000), PATH, NOW);
    expect(gone.state).toBe('expired');
    expect(gone.daysLeft).toBe(-1);
    // notAfter is what the certificate says, to the second.
    expect(gone.notAfter).toBe(new Date(NOW.getTime() - 1000).toISOString().replace(/\.\d{3}Z$/, '.000Z'));
  });

  it('a placeholder or a key instead of a certificate is unreadable, never ok', () => {
    expect(clientCertificateHealth('fixture client certificate\n', PATH, NOW)).toEqual({
      state: 'unreadable',
      path: PATH,
    });
    const pair = makeSelfSigned({ cn: 'x' });
    expect(clientCertificateHealth(pair.keyPem, PATH, NOW).state).toBe('unreadable');
  });

  it('lives beside ngt_config.json, in either layout', () => {
    expect(clientCertificatePath('/usr/local/nutanix/ngt/config/ngt_config.json')).toBe(PATH);
    expect(clientCertificatePath('/usr/local/nutanix/config/ngt_config.json')).toBe(
      '/usr/local/nutanix/config/client-cert.pem',
    );
  });
});

describe('existing-ngt step with the installed client certificate', () => {
  const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');
  const ctx = { ports: { clock: { now: () => NOW } } } as unknown as LinuxCtx;
  function run(pem: string | undefined) {
    const pairs: [string, string][] = [
      ['iso_dir', '/run/media/root/NUTANIX_TOOLS'],
      ['iso_config', '{"cluster_ip": "10.0.0.9", "port": 2074, "ngt_version": "4.1"}'],
      ['installed_config_path', '/usr/local/nutanix/ngt/config/ngt_config.json'],
      ['installed_config', JSON.stringify({ ngt_version: '4.1' })],
      ...(pem === undefined ? [] : ([['installed_client_cert', pem]] as [string, string][])),
    ];
    const text = [['probe', '1'], ...pairs, ['probe_end', '1']].map(([k, v]) => `${k}=${b64(v!)}`).join('\n');
    const state: LinuxInstallState = { sudo: { kind: 'none' }, facts: interpretPrepareFacts(parseFactLines(text)) };
    const params = linuxInstallParamsSchema.parse({ host: 'vm1', username: 'root', auth: { kind: 'agent' } });
    return existingNgtStep(createLinuxStepKit(params, t, state)).run(ctx);
  }

  it('expiring: a warning with the renewal path; the install is still skipped as before', async () => {
    const outcome = await run(certEnding(30 * DAY));
    expect(outcome).toMatchObject({
      status: 'warn',
      code: 'NGT_CLIENT_CERT_EXPIRING',
      remediation: t('clusterHealth.cert.renew'),
      data: { installSkipped: true, clientCertificate: { state: 'expiring', daysLeft: 30, path: PATH } },
    });
    expect(outcome.remediation).toContain('ngt-prep cvm renew-cert');
  });

  it('expired: NGT_CLIENT_CERT_EXPIRED; healthy: ok with the date in the detail; none read: as before', async () => {
    expect(await run(certEnding(-DAY))).toMatchObject({ status: 'warn', code: 'NGT_CLIENT_CERT_EXPIRED' });
    const healthy = await run(certEnding(500 * DAY));
    expect(healthy.status).toBe('ok');
    expect(healthy.detail).toContain('500 days left');
    const none = await run(undefined);
    expect(none.status).toBe('ok');
    expect(none.data?.clientCertificate).toBeUndefined();
  });
});

function hostRun(name: string, certificate?: unknown): HostRun {
  const step = { id: 'existing-ngt', status: 'ok', data: certificate ? { clientCertificate: certificate } : {} };
  return {
    name,
    address: `10.200.9.${name.length}`,
    os: 'linux',
    result: 'ok',
    durationMs: 1,
    report: { steps: [step as unknown as ReportStep] } as unknown as Report,
  };
}

describe('fleet health findings', () => {
  it('expired hosts first (a failure), then the expiring ones by days left (warnings); healthy hosts are not listed', () => {
    const hosts = [
      hostRun('soon', clientCertificateHealth(certEnding(60 * DAY), PATH, NOW)),
      hostRun('fine', clientCertificateHealth(certEnding(400 * DAY), PATH, NOW)),
      hostRun('sooner', clientCertificateHealth(certEnding(10 * DAY), PATH, NOW)),
      hostRun('gone', clientCertificateHealth(certEnding(-5 * DAY), PATH, NOW)),
      hostRun('nothing'),
    ];
    expect(certificateFindings(hosts).map((f) => [f.host, f.severity, f.certificate.state])).toEqual([
      ['gone', 'fail', 'expired'],
      ['sooner', 'warn', 'expiring'],
      ['soon', 'warn', 'expiring'],
    ]);
  });

  it('a clone repair is offered only when every clone is a Prism Central VM', () => {
    const inv = (name: string, extId?: string) => ({
      name,
      address: name,
      groups: [],
      vars: extId ? { pc_vm_ext_id: extId } : {},
      origin: { file: 'x' },
    });
    const plans = cloneRepairPlans(
      [
        { ngtUuid: 'u1', hosts: ['a', 'b'] },
        { ngtUuid: 'u2', hosts: ['c', 'd'] },
      ],
      [inv('a', 'ext-a'), inv('b', 'ext-b'), inv('c', 'ext-c'), inv('d')],
    );
    expect(plans).toEqual([
      {
        ngtUuid: 'u1',
        offered: true,
        targets: [
          { host: 'a', vmExtId: 'ext-a', os: 'linux' },
          { host: 'b', vmExtId: 'ext-b', os: 'linux' },
        ],
      },
      {
        ngtUuid: 'u2',
        offered: false,
        targets: [
          { host: 'c', vmExtId: 'ext-c', os: 'linux' },
          { host: 'd', vmExtId: undefined, os: 'linux' },
        ],
      },
    ]);
  });
});

/** A VM as vmm v4.0 lists it (the shape the test Prism Central serves), read by the product's reader. */
function vm(extId: string, name: string, more: Record<string, unknown> = {}): PcVm {
  const { configured, learned, guestOsVersion, ...rest } = more as {
    configured?: string;
    learned?: string[];
    guestOsVersion?: string;
  };
  const parsed = vmFromApi({
    extId,
    name,
    powerState: 'ON',
    cluster: { extId: 'c1' },
    nics: [
      {
        networkInfo: {
          ...(configured ? { ipv4Config: { ipAddress: { value: configured } } } : {}),
          ipv4Info: { learnedIpAddresses: (learned ?? []).map((value) => ({ value })) },
        },
      },
    ],
    ...(guestOsVersion ? { guestTools: { guestOsVersion } } : {}),
    ...rest,
  });
  if (!parsed) throw new Error('not a VM');
  return parsed;
}

describe('Prism Central VMs as a fleet inventory', () => {
  it('the configured IPv4 address before a learned one; IPv6 is skipped', () => {
    expect(vmAddress(vm('1', 'a', { configured: '10.200.1.2', learned: ['10.200.1.3'] }))).toBe('10.200.1.2');
    expect(vmAddress(vm('1', 'a', { learned: ['fe80::1', '10.200.1.3'] }))).toBe('10.200.1.3');
    expect(vmAddress(vm('1', 'a'))).toBeUndefined();
  });

  it('the OS only when guestOsVersion names it; otherwise unknown', () => {
    expect(vmOs(vm('1', 'a', { guestOsVersion: 'Windows Server 2019' }))).toBe('windows');
    expect(vmOs(vm('1', 'a', { guestOsVersion: 'Linux 4.18.0' }))).toBe('linux');
    expect(vmOs(vm('1', 'a', { guestOsVersion: 'RHEL 8' }))).toBeUndefined();
    expect(vmOs(vm('1', 'a'))).toBeUndefined();
  });

  it('powered-on VMs by default, a name two VMs share made unique, a VM without an address a problem with what to do', () => {
    const vms = [
      vm('aaaaaaaa-0000-4000-8000-000000000001', 'web', { learned: ['10.200.1.2'] }),
      vm('bbbbbbbb-0000-4000-8000-000000000002', 'web', { learned: ['10.200.1.3'] }),
      vm('cccccccc-0000-4000-8000-000000000003', 'db', { powerState: 'OFF' }),
      vm('dddddddd-0000-4000-8000-000000000004', 'app'),
      vm('eeeeeeee-0000-4000-8000-000000000005', 'other', { learned: ['10.200.1.5'], cluster: { extId: 'c2' } }),
    ];
    const r = inventoryFromVms(vms, {}, 'prism-central:pc:9440');
    expect(r.format).toBe('prism-central');
    expect(r.hosts.map((h) => [h.name, h.address, h.vars.pc_vm_ext_id])).toEqual([
      ['web-aaaaaaaa', '10.200.1.2', 'aaaaaaaa-0000-4000-8000-000000000001'],
      ['web-bbbbbbbb', '10.200.1.3', 'bbbbbbbb-0000-4000-8000-000000000002'],
      ['other', '10.200.1.5', 'eeeeeeee-0000-4000-8000-000000000005'],
    ]);
    expect(r.problems).toHaveLength(1);
    const text = formatProblem(t, r.problems[0]!);
    expect(text.host).toBe('app');
    expect(text.message).toContain('dddddddd-0000-4000-8000-000000000004');
    expect(text.message).toContain('no IPv4 address');
    expect(text.remediation).toContain('--pc-power-state');
    // Cluster and power state narrow the choice; nothing chosen is an empty inventory.
    expect(inventoryFromVms(vms, { clusterExtId: 'C2' }, 's').hosts.map((h) => h.name)).toEqual(['other']);
    expect(inventoryFromVms(vms, { powerState: 'OFF' }, 's').problems.map((p) => [p.key, p.host])).toEqual([
      ['noAddress', 'db'],
    ]);
    expect(inventoryFromVms(vms, { nameContains: 'zzz' }, 's').problems.map((p) => p.key)).toEqual(['empty']);
  });
});
