import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  SERVER_AUTH_EKU,
  canonicalIp,
  certificateFacts,
  clientCertificateLife,
  hostNameMatches,
  inspectDerCertificate,
  inspectPemCertificate,
  type CertificateInfo,
} from '../../../main/windows/certificates';
import { makeCaAndLeaf, makeSelfSigned } from '../../fixtures/probe/makeCertificates';

const DAY = 86_400_000;
const CLIENT_AUTH_EKU = '1.3.6.1.5.5.7.3.2';

const haveOpenssl = spawnSync('openssl', ['version']).status === 0;
if (!haveOpenssl) {
  if (process.env.CI === 'true') throw new Error('openssl is required in CI (apt-get install -y openssl)');
  console.warn('SKIPPED: openssl not found; the thumbprint cross-checks and the ECDSA certificate test need it.');
}

function withTempDir<T>(work: (dir: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'ngt-cert-'));
  try {
    return work(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** `openssl x509 -fingerprint -<digest>` of a PEM, as OpenSSL prints it ("AB:CD:…"). */
function opensslFingerprint(pem: string, digest: 'sha1' | 'sha256'): string {
  return withTempDir((dir) => {
    const file = join(dir, 'c.pem');
    writeFileSync(file, pem);
    const out = spawnSync('openssl', ['x509', '-noout', '-fingerprint', `-${digest}`, '-in', file], {
      encoding: 'utf8',
    });
    const m = /Fingerprint=([0-9A-F:]+)/i.exec(out.stdout);
    if (!m) throw new Error(`unexpected openssl output: ${out.stdout} ${out.stderr}`);
    return m[1];
  });
}

const notBefore = new Date('2025-01-10T08:00:00Z');
const notAfter = new Date('2028-01-10T08:00:00Z');
const selfSigned = makeSelfSigned({
  cn: 'win01.corp.example',
  sans: ['win01', 'win01.corp.example', '10.0.0.5', 'fe80::1'],
  notBefore,
  notAfter,
  subject: { O: 'Example Corp', OU: 'IT' },
});

describe('inspectPemCertificate', () => {
  it('reads every field of a self-signed WinRM certificate', () => {
    const info = inspectPemCertificate(selfSigned.certPem)!;
    expect(info).not.toBeNull();
    expect(info.subject).toBe('O=Example Corp, OU=IT, CN=win01.corp.example');
    expect(info.issuer).toBe(info.subject);
    expect(info.commonName).toBe('win01.corp.example');
    expect(info.notBefore.toISOString()).toBe(notBefore.toISOString());
    expect(info.notAfter.toISOString()).toBe(notAfter.toISOString());
    expect(info.sans).toEqual(['win01', 'win01.corp.example', '10.0.0.5', 'fe80::1']);
    expect(info.selfSigned).toBe(true);
    expect(info.sha1Thumbprint).toMatch(/^[0-9A-F]{40}$/);
    expect(info.sha256Fingerprint).toMatch(/^[0-9A-F]{64}$/);
    expect(info.keyBits).toBe(2048);
    expect(info.keyType).toBe('RSA');
    expect(info.signatureAlgorithm).toBe('sha256WithRSAEncryption');
    expect(info.serverAuthEku).toBe(true);
    expect(info.extendedKeyUsage).toEqual([SERVER_AUTH_EKU]);
    expect(info.keyUsage).toEqual(['digitalSignature', 'keyEncipherment']);
  });

  it('tells a CA-issued certificate from a self-signed one', () => {
    const { ca, leaf } = makeCaAndLeaf({
      cn: 'win02.corp.example',
      sans: ['win02.corp.example'],
    });
    const leafInfo = inspectPemCertificate(leaf.certPem)!;
    expect(leafInfo.selfSigned).toBe(false);
    expect(leafInfo.issuer).toBe('CN=NGT Prep Test CA');
    const caInfo = inspectPemCertificate(ca.certPem)!;
    expect(caInfo.selfSigned).toBe(true);
    expect(caInfo.extendedKeyUsage).toEqual([]);
    expect(caInfo.serverAuthEku).toBe(false);
    expect(caInfo.keyUsage).toEqual(['keyCertSign', 'cRLSign']);
  });

  it('a certificate whose subject equals its issuer but signed by another key is not self-signed', () => {
    // Same names as the CA, but signed by the CA's key while carrying the leaf's key.
    const { leaf } = makeCaAndLeaf({ cn: 'NGT Prep Test CA' });
    expect(inspectPemCertificate(leaf.certPem)!.selfSigned).toBe(false);
  });

  it('reports a client-only certificate as lacking Server Authentication', () => {
    const pair = makeSelfSigned({ cn: 'client.example', serverAuth: false });
    const info = inspectPemCertificate(pair.certPem)!;
    expect(info.serverAuthEku).toBe(false);
    expect(info.extendedKeyUsage).toEqual([CLIENT_AUTH_EKU]);
    expect(info.sans).toEqual([]);
  });

  it('reads the same facts from DER and from PEM with surrounding text', () => {
    const der = Buffer.from(selfSigned.certPem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, ''), 'base64');
    const fromDer = inspectDerCertificate(der)!;
    const fromPem = inspectPemCertificate(`Bag Attributes\n  friendlyName: winrm\n${selfSigned.certPem}\ntrailing`)!;
    expect(certificateFacts(fromDer)).toEqual(certificateFacts(fromPem));
  });

  it('returns null for things that are not certificates', () => {
    expect(inspectPemCertificate('')).toBeNull();
    expect(inspectPemCertificate(selfSigned.keyPem)).toBeNull();
    expect(
      inspectPemCertificate('-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydA==\n-----END CERTIFICATE-----'),
    ).toBeNull();
    expect(inspectPemCertificate('-----BEGIN CERTIFICATE-----\n!!!\n-----END CERTIFICATE-----')).toBeNull();
    expect(inspectDerCertificate(Buffer.alloc(0))).toBeNull();
    expect(inspectDerCertificate(Buffer.from('30030201ff', 'hex'))).toBeNull();
  });

  it('certificateFacts turns the dates into ISO strings and keeps the rest', () => {
    const info = inspectPemCertificate(selfSigned.certPem)!;
    const facts = certificateFacts(info);
    expect(facts.notBefore).toBe('2025-01-10T08:00:00.000Z');
    expect(facts.notAfter).toBe('2028-01-10T08:00:00.000Z');
    expect(facts.sha1Thumbprint).toBe(info.sha1Thumbprint);
    expect(JSON.parse(JSON.stringify(facts))).toEqual(facts);
  });
});

describe.skipIf(!haveOpenssl)('thumbprints agree with openssl', () => {
  it('SHA-1 thumbprint is what `openssl x509 -fingerprint -sha1` prints, without colons', () => {
    for (const pem of [selfSigned.certPem, makeCaAndLeaf({ cn: 'win03.corp.example' }).leaf.certPem]) {
      const info = inspectPemCertificate(pem)!;
      const openssl = opensslFingerprint(pem, 'sha1');
      expect(openssl).toMatch(/^([0-9A-F]{2}:){19}[0-9A-F]{2}$/);
      expect(info.sha1Thumbprint).toBe(openssl.replace(/:/g, ''));
    }
  });

  it('SHA-256 fingerprint is what `openssl x509 -fingerprint -sha256` prints, without colons', () => {
    const info = inspectPemCertificate(selfSigned.certPem)!;
    expect(info.sha256Fingerprint).toBe(opensslFingerprint(selfSigned.certPem, 'sha256').replace(/:/g, ''));
  });

  it('reads an ECDSA certificate (which node-forge cannot) with the same shape', () => {
    withTempDir((dir) => {
      const key = join(dir, 'k.pem');
      const cert = join(dir, 'c.pem');
      const made = spawnSync(
        'openssl',
        [
          'req',
          '-x509',
          '-newkey',
          'ec',
          '-pkeyopt',
          'ec_paramgen_curve:prime256v1',
          '-nodes',
          '-keyout',
          key,
          '-out',
          cert,
          '-days',
          '30',
          '-subj',
          '/O=Example/CN=ec.corp.example',
          '-addext',
          'subjectAltName=DNS:ec.corp.example,DNS:ec,IP:10.0.0.7',
          '-addext',
          'extendedKeyUsage=serverAuth,clientAuth',
        ],
        { encoding: 'utf8' },
      );
      expect(made.status, made.stderr).toBe(0);
      const pem = readFileSync(cert, 'utf8');
      const info = inspectPemCertificate(pem)!;
      expect(info).not.toBeNull();
      expect(info.subject).toBe('O=Example, CN=ec.corp.example');
      expect(info.commonName).toBe('ec.corp.example');
      expect(info.sans).toEqual(['ec.corp.example', 'ec', '10.0.0.7']);
      expect(info.keyType).toBe('EC');
      expect(info.keyBits).toBe(256);
      expect(info.selfSigned).toBe(true);
      expect(info.serverAuthEku).toBe(true);
      expect(info.extendedKeyUsage).toEqual([SERVER_AUTH_EKU, CLIENT_AUTH_EKU]);
      expect(info.sha1Thumbprint).toBe(opensslFingerprint(pem, 'sha1').replace(/:/g, ''));
      expect(info.notAfter.getTime() - info.notBefore.getTime()).toBe(30 * DAY);
      expect(hostNameMatches(info, 'EC.corp.example')).toBe(true);
      expect(hostNameMatches(info, '10.0.0.7')).toBe(true);
    });
  });
});

describe('hostNameMatches', () => {
  const cert = (sans: string[], commonName?: string) => ({ sans, commonName });
  const cases: [string, { sans: string[]; commonName?: string }, string, boolean][] = [
    ['exact DNS SAN', cert(['win01.corp.example']), 'win01.corp.example', true],
    ['case-insensitive', cert(['WIN01.Corp.Example']), 'win01.CORP.example', true],
    ['trailing dot on the host', cert(['win01.corp.example']), 'win01.corp.example.', true],
    ['short name SAN', cert(['win01', 'win01.corp.example']), 'WIN01', true],
    ['other name', cert(['win02.corp.example']), 'win01.corp.example', false],
    ['wildcard covers one label', cert(['*.corp.example']), 'win01.corp.example', true],
    ['wildcard is case-insensitive', cert(['*.CORP.example']), 'Win01.corp.EXAMPLE', true],
    ['wildcard does not cover the apex', cert(['*.corp.example']), 'corp.example', false],
    ['wildcard does not cover two labels', cert(['*.corp.example']), 'a.win01.corp.example', false],
    ['wildcard on a public suffix is refused', cert(['*.example']), 'corp.example', false],
    ['partial-label wildcard is refused', cert(['win*.corp.example']), 'win01.corp.example', false],
    ['wildcard not in the left-most label', cert(['win01.*.example']), 'win01.corp.example', false],
    ['CN used when there is no DNS SAN', cert([], 'win01.corp.example'), 'win01.corp.example', true],
    ['CN wildcard when there is no SAN', cert([], '*.corp.example'), 'win01.corp.example', true],
    [
      'CN ignored once a DNS SAN exists',
      cert(['other.corp.example'], 'win01.corp.example'),
      'win01.corp.example',
      false,
    ],
    ['CN used when only IP SANs exist', cert(['10.0.0.5'], 'win01.corp.example'), 'win01.corp.example', true],
    ['IP SAN', cert(['win01', '10.0.0.5']), '10.0.0.5', true],
    ['other IP', cert(['10.0.0.5']), '10.0.0.6', false],
    ['an IP in the CN does not count', cert([], '10.0.0.5'), '10.0.0.5', false],
    ['an IP host never matches a wildcard', cert(['*.0.0.5']), '10.0.0.5', false],
    ['IPv6 SAN, compressed vs expanded', cert(['fe80::1']), 'fe80:0:0:0:0:0:0:1', true],
    ['IPv6 host in brackets', cert(['2001:db8::10']), '[2001:DB8::10]', true],
    ['IPv6 mismatch', cert(['2001:db8::10']), '2001:db8::11', false],
    ['international name in punycode', cert(['xn--bcher-kva.example']), 'bücher.example', true],
    ['empty host', cert(['win01']), '', false],
    ['no names at all', cert([]), 'win01', false],
  ];
  it.each(cases)('%s', (_, c, host, expected) => {
    expect(hostNameMatches(c, host)).toBe(expected);
  });

  it('works on an inspected certificate', () => {
    const info = inspectPemCertificate(selfSigned.certPem)!;
    expect(hostNameMatches(info, 'win01')).toBe(true);
    expect(hostNameMatches(info, '10.0.0.5')).toBe(true);
    expect(hostNameMatches(info, 'fe80:0::1')).toBe(true);
    expect(hostNameMatches(info, 'win01.other.example')).toBe(false);
  });
});

describe('canonicalIp', () => {
  it.each([
    ['10.0.0.5', '10.0.0.5'],
    ['::1', '0000:0000:0000:0000:0000:0000:0000:0001'],
    ['FE80::A:1', 'fe80:0000:0000:0000:0000:0000:000a:0001'],
    ['::ffff:10.0.0.5', '0000:0000:0000:0000:0000:ffff:0a00:0005'],
    ['[2001:db8::]', '2001:0db8:0000:0000:0000:0000:0000:0000'],
    ['1:2:3:4:5:6:7:8', '0001:0002:0003:0004:0005:0006:0007:0008'],
    ['win01', null],
    ['10.0.0', null],
  ])('%s → %s', (input, expected) => {
    expect(canonicalIp(input)).toBe(expected);
  });
});

describe('clientCertificateLife (NGT client certificate, 1000 days)', () => {
  const issued = new Date('2024-03-01T00:00:00Z');
  const ngtCert: Pick<CertificateInfo, 'notBefore' | 'notAfter'> = {
    notBefore: issued,
    notAfter: new Date(issued.getTime() + 1000 * DAY),
  };
  const at = (daysBeforeExpiry: number) => new Date(ngtCert.notAfter.getTime() - daysBeforeExpiry * DAY);

  it('ok long before expiry', () => {
    expect(clientCertificateLife(ngtCert, new Date(issued.getTime() + 10 * DAY))).toEqual({
      daysLeft: 990,
      status: 'ok',
      actualLifeDays: 1000,
      unusualLife: false,
    });
  });

  it('ok with exactly 90 days left, warn from 89', () => {
    expect(clientCertificateLife(ngtCert, at(90))).toMatchObject({
      daysLeft: 90,
      status: 'ok',
    });
    expect(clientCertificateLife(ngtCert, at(89))).toMatchObject({
      daysLeft: 89,
      status: 'warn',
    });
    expect(clientCertificateLife(ngtCert, at(89.5))).toMatchObject({
      daysLeft: 89,
      status: 'warn',
    });
  });

  it('warn with 30 days left and with hours left', () => {
    expect(clientCertificateLife(ngtCert, at(30))).toMatchObject({
      daysLeft: 30,
      status: 'warn',
    });
    expect(clientCertificateLife(ngtCert, at(0.25))).toMatchObject({
      daysLeft: 0,
      status: 'warn',
    });
  });

  it('fail at the moment of expiry and after', () => {
    expect(clientCertificateLife(ngtCert, at(0))).toMatchObject({
      daysLeft: 0,
      status: 'fail',
    });
    expect(clientCertificateLife(ngtCert, at(-1))).toMatchObject({
      daysLeft: -1,
      status: 'fail',
    });
    expect(clientCertificateLife(ngtCert, at(-400))).toMatchObject({
      daysLeft: -400,
      status: 'fail',
    });
  });

  it('honours other thresholds and flags a life that is not NGT’s', () => {
    const yearCert = {
      notBefore: issued,
      notAfter: new Date(issued.getTime() + 365 * DAY),
    };
    expect(
      clientCertificateLife(yearCert, issued, {
        lifeDays: 1000,
        warnDays: 400,
      }),
    ).toEqual({
      daysLeft: 365,
      status: 'warn',
      actualLifeDays: 365,
      unusualLife: true,
    });
    expect(clientCertificateLife(yearCert, issued, { lifeDays: 365, warnDays: 30 })).toMatchObject({
      status: 'ok',
      unusualLife: false,
    });
  });

  it('judges a real PEM made with a 1000-day life', () => {
    const now = new Date();
    const pair = makeSelfSigned({
      cn: 'ngt-client',
      notBefore: new Date(now.getTime() - 970 * DAY),
      notAfter: new Date(now.getTime() + 30 * DAY),
      serverAuth: false,
    });
    const info = inspectPemCertificate(pair.certPem)!;
    const life = clientCertificateLife(info, now);
    expect(life.status).toBe('warn');
    expect([29, 30]).toContain(life.daysLeft);
    expect(life.actualLifeDays).toBe(1000);
  });
});
