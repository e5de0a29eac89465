/** Push readiness from Prism Central's view of a VM, and the trust file on disk. */
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fingerprintOfDer, type PresentedCertificate } from '../../../main/cluster/prismCentral/certificateTrust';
import { guestToolsFromApi } from '../../../main/cluster/prismCentral/guestTools';
import { TrustStore } from '../../../main/cluster/prismCentral/trustStore';
import type { PcVm } from '../../../main/cluster/prismCentral/vmList';
import { compareVersions, vmReadiness } from '../../../main/cluster/prismCentral/vmReadiness';
import { NgtError } from '../../../main/engine/errors';
import { createTranslator } from '../../../main/i18n/catalogue';

const t = createTranslator('en');
const dir = mkdtempSync(path.join(tmpdir(), 'ngtp-trust-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function vm(partial: Partial<PcVm>, tools: Record<string, unknown> | null = {}): PcVm {
  return {
    extId: 'e',
    name: 'v',
    powerState: 'ON',
    clusterExtId: null,
    cdRoms: [{ busType: 'IDE', index: 0, inserted: false, isoType: null }],
    configuredIps: [],
    learnedIps: [],
    guestTools: tools === null ? null : guestToolsFromApi({ availableVersion: '4.1', ...tools }),
    ...partial,
  };
}

describe('vmReadiness', () => {
  it.each([
    ['fresh VM, empty CD-ROM', vm({}), { pushable: true, done: false }],
    ['powered off', vm({ powerState: 'OFF' }), { pushable: false, done: false }],
    [
      'no empty CD-ROM, ISO not inserted',
      vm({ cdRoms: [{ busType: 'SATA', index: 0, inserted: true, isoType: 'OTHER' }] }),
      { pushable: false, done: false },
    ],
    [
      'no CD-ROM but the ISO already inserted',
      vm({ cdRoms: [] }, { isIsoInserted: true }),
      { pushable: true, done: false },
    ],
    [
      'installed, current and reachable',
      vm({}, { isInstalled: true, version: '4.1', isReachable: true }),
      { pushable: false, done: true },
    ],
    [
      'installed but older than available',
      vm({}, { isInstalled: true, version: '4.0', isReachable: true }),
      { pushable: true, done: false },
    ],
    [
      'installed, link down',
      vm({}, { isInstalled: true, version: '4.1', isReachable: false }),
      { pushable: true, done: false },
    ],
  ])('%s', (_name, input, expected) => {
    expect(vmReadiness(input)).toMatchObject(expected);
  });

  it('gives the CD-ROM advice only when the ISO cannot be mounted', () => {
    const blocked = vmReadiness(vm({ cdRoms: [] }));
    expect(blocked.checks.find((c) => c.id === 'isoOrEmptyCdRom')).toEqual({
      id: 'isoOrEmptyCdRom',
      ok: false,
      adviceKey: 'cluster.remediation.noFreeCdRom',
    });
    expect(vmReadiness(vm({})).checks.some((c) => c.adviceKey)).toBe(false);
    expect(vmReadiness(vm({}, null)).checks.find((c) => c.id === 'reachable')!.ok).toBeNull();
  });

  it('a Linux distribution the installer does not name goes the SSH way; a named one and an unknown OS do not', () => {
    const sshWay = vmReadiness(vm({}, { guestOsVersion: 'Rocky Linux 8.4' }));
    expect(sshWay.pushable).toBe(false);
    expect(sshWay.checks.find((c) => c.id === 'installerNamesOs')).toEqual({
      id: 'installerNamesOs',
      ok: false,
      adviceKey: 'cluster.readiness.sshWay',
    });
    expect(t('cluster.readiness.sshWay')).toContain('ngt-prep linux install');
    const named = vmReadiness(vm({}, { guestOsVersion: 'Red Hat Enterprise Linux 8.6' }));
    expect(named.pushable).toBe(true);
    expect(named.checks.find((c) => c.id === 'installerNamesOs')?.ok).toBe(true);
    // A fresh VM: no guest tools have reported its OS yet, so it is not refused for it.
    const fresh = vmReadiness(vm({}, null));
    expect(fresh.pushable).toBe(true);
    expect(fresh.checks.find((c) => c.id === 'installerNamesOs')?.ok).toBeNull();
  });

  it('compares versions numerically', () => {
    expect([
      compareVersions('4.10', '4.9'),
      compareVersions('4.1', '4.1.0'),
      compareVersions('2.1.5', '3.0'),
      compareVersions(null, '1'),
    ]).toEqual([1, 0, -1, null]);
  });
});

describe('TrustStore', () => {
  const cert = (name: string): PresentedCertificate => ({
    fingerprint: fingerprintOfDer(Buffer.from(name)),
    subject: `CN=${name}`,
    issuer: `CN=${name}`,
    validFrom: '2026-01-01T00:00:00.000Z',
    validTo: '2027-01-01T00:00:00.000Z',
    subjectAltNames: [],
    chainTrusted: false,
  });

  it('starts empty, pins per host and port (host case-insensitive), re-pins in place, user-only permissions', async () => {
    const file = path.join(dir, 'sub', 'trust.json');
    const store = new TrustStore(file, t);
    expect(await store.entries()).toEqual([]);
    await store.pin('PC.Example', 9440, cert('a'), new Date('2026-12-01T00:00:00Z'));
    await store.pin('pc.example', 9441, cert('b'));
    await store.pin('pc.example', 9440, cert('c'));
    expect((await store.pinnedFor('pc.EXAMPLE', 9440))?.fingerprint).toBe(cert('c').fingerprint);
    expect((await store.pinnedFor('pc.example', 9441))?.fingerprint).toBe(cert('b').fingerprint);
    expect(await store.pinnedFor('other', 9440)).toBeUndefined();
    expect(JSON.parse(readFileSync(file, 'utf8')).certificates).toHaveLength(2);
    expect(statSync(file).mode & 0o077).toBe(0);
  });

  it('refuses a damaged trust file with a code and a next step instead of trusting anything', async () => {
    const file = path.join(dir, 'bad.json');
    writeFileSync(file, '{"version": 1, "certificates": [{"host": "pc"}]}');
    const error = (await new TrustStore(file, t).pinnedFor('pc', 9440).catch((e: unknown) => e)) as NgtError;
    expect(error).toBeInstanceOf(NgtError);
    expect(error.code).toBe('PC_TRUST_FILE_INVALID');
    expect(error.remediation).toContain(file);
  });
});
