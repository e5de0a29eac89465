/**
 * The pure parts of the Prism Central client: trust decisions, fingerprints,
 * the v4 shapes read into NGT Prep's own, error mapping and backoff.
 */
import { describe, expect, it } from 'vitest';
import {
  decideTrust,
  fingerprintOfDer,
  normaliseFingerprint,
  type PresentedCertificate,
} from '../../../main/cluster/prismCentral/certificateTrust';
import { guestToolsFromApi } from '../../../main/cluster/prismCentral/guestTools';
import { installBody } from '../../../main/cluster/prismCentral/guestToolsActions';
import { backoffDelay } from '../../../main/cluster/prismCentral/httpClient';
import { errorMessagesOfBody, httpError, isRetryable, knownFailure } from '../../../main/cluster/prismCentral/pcErrors';
import { taskFromApi } from '../../../main/cluster/prismCentral/taskPolling';
import { listQuery, nameContainsFilter, odataString, vmFromApi } from '../../../main/cluster/prismCentral/vmList';
import { createTranslator } from '../../../main/i18n/catalogue';

const t = createTranslator('en');
const A = fingerprintOfDer(Buffer.from('certificate A'));
const B = fingerprintOfDer(Buffer.from('certificate B'));

function cert(fingerprint: string, chainTrusted = false): PresentedCertificate {
  return {
    fingerprint,
    subject: 'CN=pc',
    issuer: 'CN=pc',
    validFrom: '',
    validTo: '',
    subjectAltNames: [],
    chainTrusted,
  };
}

describe('decideTrust', () => {
  it.each([
    ['CA-trusted, nothing pinned', { presented: cert(A, true), acceptNew: false }, { trusted: true, via: 'ca' }],
    [
      'CA-trusted replaces a pinned self-signed one',
      { presented: cert(A, true), pinnedFingerprint: B, acceptNew: false },
      { trusted: true, via: 'ca' },
    ],
    [
      'pinned and the same',
      { presented: cert(A), pinnedFingerprint: A, acceptNew: false },
      { trusted: true, via: 'pinned' },
    ],
    [
      'pinned and different, even with accept-new',
      { presented: cert(A), pinnedFingerprint: B, acceptNew: true },
      { trusted: false, reason: 'changed', pinnedFingerprint: B },
    ],
    ['unknown without a choice', { presented: cert(A), acceptNew: false }, { trusted: false, reason: 'unknown' }],
    ['unknown, accepted explicitly', { presented: cert(A), acceptNew: true }, { trusted: true, via: 'accepted-new' }],
    [
      '--pc-fingerprint matching',
      { presented: cert(A), expectedFingerprint: A, pinnedFingerprint: B, acceptNew: false },
      { trusted: true, via: 'fingerprint' },
    ],
    [
      '--pc-fingerprint wins over a CA',
      { presented: cert(A, true), expectedFingerprint: B, acceptNew: true },
      { trusted: false, reason: 'fingerprint-mismatch', pinnedFingerprint: B },
    ],
  ])('%s', (_name, input, expected) => {
    expect(decideTrust(input)).toEqual(expected);
  });
});

describe('fingerprints', () => {
  it('reads the forms people paste', () => {
    const hex = Buffer.from(A.slice(7) + '=', 'base64').toString('hex');
    expect(normaliseFingerprint(A)).toBe(A);
    expect(normaliseFingerprint(`sha256:${A.slice(7)}=`)).toBe(A);
    expect(normaliseFingerprint(hex.toUpperCase().match(/../g)!.join(':'))).toBe(A);
    expect(normaliseFingerprint(hex)).toBe(A);
    expect(normaliseFingerprint('SHA1:abc')).toBeNull();
    expect(normaliseFingerprint('deadbeef')).toBeNull();
  });
});

describe('v4 shapes', () => {
  it('reads a Vm with CD-ROMs, NICs and guest tools, tolerating missing and unknown fields', () => {
    const vm = vmFromApi({
      extId: 'e1',
      name: 'win-01',
      powerState: 'ON',
      futureField: { anything: true },
      cluster: { extId: 'c1' },
      cdRoms: [
        { diskAddress: { busType: 'IDE', index: 0 } },
        { diskAddress: { busType: 'SATA', index: 1 }, backingInfo: { diskSizeBytes: 1 }, isoType: 'GUEST_TOOLS' },
      ],
      nics: [
        {
          networkInfo: {
            ipv4Config: { ipAddress: { value: '10.0.0.5' }, secondaryIpAddressList: [{ value: '10.0.0.6' }] },
            ipv4Info: { learnedIpAddresses: [{ value: '10.0.0.7' }] },
          },
        },
        { networkInfo: null },
      ],
      guestTools: { isInstalled: true, version: '4.1', capabilities: ['VSS_SNAPSHOT'] },
    });
    expect(vm).toEqual({
      extId: 'e1',
      name: 'win-01',
      powerState: 'ON',
      clusterExtId: 'c1',
      cdRoms: [
        { busType: 'IDE', index: 0, inserted: false, isoType: null },
        { busType: 'SATA', index: 1, inserted: true, isoType: 'GUEST_TOOLS' },
      ],
      configuredIps: ['10.0.0.5', '10.0.0.6'],
      learnedIps: ['10.0.0.7'],
      guestTools: expect.objectContaining({
        isInstalled: true,
        version: '4.1',
        isReachable: false,
        availableVersion: null,
        capabilities: ['VSS_SNAPSHOT'],
      }),
    });
    expect(vmFromApi({ name: 'no id' })).toBeNull();
    expect(vmFromApi({ extId: 'e2' })).toMatchObject({
      name: '',
      powerState: 'UNDETERMINED',
      cdRoms: [],
      guestTools: null,
    });
  });

  it('reads guest tools with nulls as Prism Central sends them before an install', () => {
    expect(guestToolsFromApi({ availableVersion: null, isInstalled: false, capabilities: null })).toMatchObject({
      availableVersion: null,
      capabilities: [],
    });
    expect(guestToolsFromApi({ isReachable: 'yes' })).toBeNull();
  });

  it('reads a Task and clamps its progress', () => {
    expect(taskFromApi('t1', { status: 'RUNNING', progressPercentage: 140 })).toMatchObject({
      extId: 't1',
      status: 'RUNNING',
      progressPercentage: 100,
      errorMessages: [],
    });
    expect(taskFromApi('t1', { progressPercentage: 1 })).toBeNull();
  });

  it('builds list queries with OData literals', () => {
    expect(odataString("o'brien")).toBe("'o''brien'");
    expect(nameContainsFilter('db')).toBe("contains(name, 'db')");
    expect(listQuery(2, 100, "name eq 'a b'")).toBe(
      "/api/vmm/v4.0/ahv/config/vms?$page=2&$limit=100&$filter=name%20eq%20'a%20b'",
    );
    expect(listQuery(0, 50)).toBe('/api/vmm/v4.0/ahv/config/vms?$page=0&$limit=50');
  });

  it('builds the install body with a LATER schedule only when asked', () => {
    const later = installBody({
      capabilities: [],
      credential: { username: 'root', password: 'x' },
      reboot: { scheduleType: 'LATER', startTime: '2026-12-01T22:00:00Z' },
    });
    expect(later.rebootPreference).toMatchObject({
      scheduleType: 'LATER',
      schedule: { startTime: '2026-12-01T22:00:00Z' },
    });
    const skip = installBody({
      capabilities: [],
      credential: { username: 'root', password: 'x' },
      reboot: { scheduleType: 'SKIP', startTime: 'ignored' },
    });
    expect(skip.rebootPreference).not.toHaveProperty('schedule');
  });
});

describe('errors', () => {
  const ctx = { method: 'GET', path: '/api/vmm/v4.0/ahv/config/vms/x', vmExtId: 'x' };
  it.each([
    [401, 'PC_AUTH_FAILED', 'connect'],
    [403, 'PC_FORBIDDEN', 'connect'],
    [404, 'PC_VM_GONE', 'failed'],
    [412, 'PC_PRECONDITION_FAILED', 'failed'],
    [428, 'PC_PRECONDITION_REQUIRED', 'failed'],
    [500, 'PC_SERVER_ERROR', 'failed'],
    [503, 'PC_SERVER_ERROR', 'failed'],
    [400, 'PC_REQUEST_REFUSED', 'failed'],
  ])('HTTP %i → %s (%s)', (status, code, category) => {
    const error = httpError(status, undefined, ctx, t);
    expect(error.code).toBe(code);
    expect(error.category).toBe(category);
  });

  it('reads both documented error body forms and maps known texts to a remediation', () => {
    const list = {
      data: {
        error: [{ message: 'Guest Tools cannot be mounted as there not enough empty CD-ROM(s)', code: 'VMM-1' }],
      },
    };
    const schema = {
      data: {
        error: { message: 'Validation failed', validationErrorMessages: [{ message: 'capabilities[0] invalid' }] },
      },
    };
    expect(errorMessagesOfBody(list)).toHaveLength(1);
    expect(errorMessagesOfBody(schema).map((m) => m.message)).toEqual(['Validation failed', 'capabilities[0] invalid']);
    const error = httpError(409, list, ctx, t);
    expect(error.code).toBe('PC_NO_FREE_CDROM');
    expect(error.remediation).toContain('IDE');
    expect(knownFailure(['kNoFreeCdRomSlot'])?.code).toBe('PC_NO_FREE_CDROM');
    expect(knownFailure(['something else entirely'])).toBeUndefined();
  });

  it('retries only server errors and lost connections, with capped exponential backoff', () => {
    expect(isRetryable(httpError(502, undefined, ctx, t))).toBe(true);
    expect(isRetryable(httpError(401, undefined, ctx, t))).toBe(false);
    expect(isRetryable({ code: 'PC_CERT_CHANGED' })).toBe(false);
    const policy = { attempts: 5, baseDelayMs: 500, maxDelayMs: 3000 };
    expect([1, 2, 3, 4].map((a) => backoffDelay(a, policy))).toEqual([500, 1000, 2000, 3000]);
  });
});
