/**
 * Certificate facts NGT Prep shows and judges: the WinRM HTTPS listener's
 * certificate (seen by the probe, or listed by the Windows check) and the NGT
 * client certificate (`client-cert.pem`, valid 1000 days from ISO creation).
 *
 * Parsing uses node-forge. node-forge only reads RSA public keys, so a
 * certificate with another key type (ECDSA, which a CA may well issue for a
 * WinRM listener) is read with Node's own X509Certificate instead; both paths
 * give the same CertificateInfo.
 */
import { X509Certificate, createHash } from 'node:crypto';
import { isIP } from 'node:net';
import { domainToASCII } from 'node:url';
import forge from 'node-forge';
import { unbracketHost } from '../engine/network';

export const SERVER_AUTH_EKU = '1.3.6.1.5.5.7.3.1';
const ANY_EKU = '2.5.29.37.0';

export interface CertificateInfo {
  /** Distinguished name as "CN=host, O=Org" (attribute order as in the certificate). */
  subject: string;
  issuer: string;
  commonName?: string;
  notBefore: Date;
  notAfter: Date;
  /** Subject alternative names: DNS names and IP addresses, as text. */
  sans: string[];
  /** Issuer name equals subject name and the certificate's own key verifies its signature. */
  selfSigned: boolean;
  /** SHA-1 of the DER, upper-case hex without separators: what Windows calls the thumbprint. */
  sha1Thumbprint: string;
  /** SHA-256 of the DER, upper-case hex without separators. */
  sha256Fingerprint: string;
  keyBits?: number;
  /** 'RSA', 'EC', ... */
  keyType?: string;
  /** e.g. 'sha256WithRSAEncryption' (absent when the fallback parser cannot tell). */
  signatureAlgorithm?: string;
  /** The extended key usage allows Server Authentication (1.3.6.1.5.5.7.3.1, or anyExtendedKeyUsage). */
  serverAuthEku: boolean;
  /** Extended key usage OIDs; empty when the certificate has no EKU extension. */
  extendedKeyUsage: string[];
  /** Key usage names (digitalSignature, keyEncipherment, ...) when the extension is present. */
  keyUsage?: string[];
}

/** CertificateInfo with dates as ISO strings: safe in step data, events and JSON reports. */
export type CertificateFacts = Omit<CertificateInfo, 'notBefore' | 'notAfter'> & {
  notBefore: string;
  notAfter: string;
};

export function certificateFacts(info: CertificateInfo): CertificateFacts {
  return {
    ...info,
    notBefore: info.notBefore.toISOString(),
    notAfter: info.notAfter.toISOString(),
  };
}

/** Reads the first certificate of a PEM text; null when there is none or it cannot be read. */
export function inspectPemCertificate(pem: string): CertificateInfo | null {
  const match =
    /-----BEGIN (?:X509 |TRUSTED )?CERTIFICATE-----([\s\S]*?)-----END (?:X509 |TRUSTED )?CERTIFICATE-----/.exec(pem);
  if (!match) return null;
  const base64 = match[1].replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(base64)) return null;
  return inspectDerCertificate(Buffer.from(base64, 'base64'));
}

/** Reads a DER-encoded certificate; null when it cannot be read. */
export function inspectDerCertificate(der: Buffer): CertificateInfo | null {
  if (der.length === 0) return null;
  const digests = {
    sha1Thumbprint: createHash('sha1').update(der).digest('hex').toUpperCase(),
    sha256Fingerprint: createHash('sha256').update(der).digest('hex').toUpperCase(),
  };
  let cert: forge.pki.Certificate;
  try {
    const asn1 = forge.asn1.fromDer(forge.util.createBuffer(der.toString('binary')));
    cert = forge.pki.certificateFromAsn1(asn1);
  } catch {
    return inspectWithNodeCrypto(der, digests);
  }
  return inspectWithForge(cert, der, digests);
}

function inspectWithForge(
  cert: forge.pki.Certificate,
  der: Buffer,
  digests: Pick<CertificateInfo, 'sha1Thumbprint' | 'sha256Fingerprint'>,
): CertificateInfo {
  const sans: string[] = [];
  const altNames = cert.getExtension('subjectAltName') as
    { altNames?: { type: number; value?: string; ip?: string }[] } | undefined;
  for (const alt of altNames?.altNames ?? []) {
    if (alt.type === 2 && alt.value) sans.push(alt.value);
    else if (alt.type === 7 && alt.ip) sans.push(alt.ip);
  }

  const extendedKeyUsage: string[] = [];
  const eku = cert.getExtension('extKeyUsage') as Record<string, unknown> | undefined;
  if (eku) {
    for (const [key, value] of Object.entries(eku)) {
      if (value !== true || key === 'critical') continue;
      const oid = key.includes('.') ? key : forge.pki.oids[key];
      if (oid) extendedKeyUsage.push(oid);
    }
  }

  let keyUsage: string[] | undefined;
  const ku = cert.getExtension('keyUsage') as Record<string, unknown> | undefined;
  if (ku) {
    const names = [
      'digitalSignature',
      'nonRepudiation',
      'keyEncipherment',
      'dataEncipherment',
      'keyAgreement',
      'keyCertSign',
      'cRLSign',
      'encipherOnly',
      'decipherOnly',
    ];
    keyUsage = names.filter((n) => ku[n] === true);
  }

  const publicKey = cert.publicKey as forge.pki.rsa.PublicKey;
  const subject = formatForgeName(cert.subject.attributes);
  const issuer = formatForgeName(cert.issuer.attributes);
  const cn = cert.subject.getField('CN') as { value?: unknown } | null;

  return {
    subject,
    issuer,
    commonName: typeof cn?.value === 'string' ? cn.value : undefined,
    notBefore: cert.validity.notBefore,
    notAfter: cert.validity.notAfter,
    sans,
    selfSigned: forgeSelfSigned(cert, der),
    ...digests,
    keyBits: publicKey?.n ? publicKey.n.bitLength() : undefined,
    keyType: 'RSA',
    signatureAlgorithm: forge.pki.oids[cert.siginfo.algorithmOid] ?? cert.siginfo.algorithmOid,
    serverAuthEku: extendedKeyUsage.includes(SERVER_AUTH_EKU) || extendedKeyUsage.includes(ANY_EKU),
    extendedKeyUsage,
    keyUsage,
  };
}

function formatForgeName(attributes: forge.pki.CertificateField[]): string {
  return attributes
    .map((a) => `${a.shortName ?? a.name ?? a.type}=${Array.isArray(a.value) ? a.value.join('+') : String(a.value)}`)
    .join(', ');
}

function forgeSelfSigned(cert: forge.pki.Certificate, der: Buffer): boolean {
  let sameName: boolean;
  try {
    sameName = cert.isIssuer(cert);
  } catch {
    return false;
  }
  return sameName && signedByOwnKey(der);
}

/**
 * Whether the certificate's own public key verifies its signature. Node's
 * verifier is used for this one check: node-forge throws alike for a wrong key
 * and for an algorithm it does not know (RSASSA-PSS), which would blur the two.
 */
function signedByOwnKey(der: Buffer): boolean {
  try {
    const x509 = new X509Certificate(der);
    return x509.verify(x509.publicKey);
  } catch {
    return false;
  }
}

const CURVE_BITS: Record<string, number> = {
  prime256v1: 256,
  'P-256': 256,
  secp384r1: 384,
  'P-384': 384,
  secp521r1: 521,
  'P-521': 521,
};

function inspectWithNodeCrypto(
  der: Buffer,
  digests: Pick<CertificateInfo, 'sha1Thumbprint' | 'sha256Fingerprint'>,
): CertificateInfo | null {
  let x509: X509Certificate;
  try {
    x509 = new X509Certificate(der);
  } catch {
    return null;
  }
  const sans: string[] = [];
  for (const part of splitSubjectAltName(x509.subjectAltName ?? '')) {
    const m = /^(DNS|IP Address):(.*)$/.exec(part);
    if (m) sans.push(m[2]);
  }
  const extendedKeyUsage = [...(x509.keyUsage ?? [])];
  const cnMatch = /(?:^|\n)CN=([^\n]*)/.exec(x509.subject);
  let keyBits: number | undefined;
  let keyType: string | undefined;
  try {
    const key = x509.publicKey;
    keyType = key.asymmetricKeyType?.toUpperCase();
    const details = key.asymmetricKeyDetails;
    keyBits = details?.modulusLength ?? (details?.namedCurve ? CURVE_BITS[details.namedCurve] : undefined);
  } catch {
    // key type unknown to this Node: leave it out
  }
  let selfSigned: boolean;
  try {
    selfSigned = x509.checkIssued(x509) && signedByOwnKey(der);
  } catch {
    selfSigned = false;
  }
  return {
    subject: x509.subject.split('\n').join(', '),
    issuer: x509.issuer.split('\n').join(', '),
    commonName: cnMatch?.[1],
    notBefore: new Date(x509.validFrom),
    notAfter: new Date(x509.validTo),
    sans,
    selfSigned,
    ...digests,
    keyBits,
    keyType,
    serverAuthEku: extendedKeyUsage.includes(SERVER_AUTH_EKU) || extendedKeyUsage.includes(ANY_EKU),
    extendedKeyUsage,
  };
}

/** Node prints "DNS:a, IP Address:1.2.3.4"; values with commas are quoted. */
function splitSubjectAltName(text: string): string[] {
  const out: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"') quoted = !quoted;
    else if (ch === ',' && !quoted && text[i + 1] === ' ') {
      out.push(current);
      current = '';
      i++;
    } else current += ch;
  }
  if (current) out.push(current);
  return out;
}

/** Canonical text of an IP address (IPv6 fully expanded, lower-case), or null when it is not one. */
export function canonicalIp(text: string): string | null {
  const value = unbracketHost(text.trim());
  const kind = isIP(value);
  if (kind === 4)
    return value
      .split('.')
      .map((n) => String(Number(n)))
      .join('.');
  if (kind !== 6) return null;
  let address = value.toLowerCase().replace(/%.*$/, '');
  // A dotted IPv4 tail (::ffff:1.2.3.4) becomes two hex groups.
  const tail = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(address);
  if (tail) {
    const [a, b, c, d] = tail.slice(1).map(Number);
    address = address.slice(0, tail.index) + `${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, rest] = address.includes('::') ? address.split('::') : [address, undefined];
  const headGroups = head ? head.split(':') : [];
  const restGroups = rest === undefined ? [] : rest ? rest.split(':') : [];
  const missing = 8 - headGroups.length - restGroups.length;
  const groups = [...headGroups, ...Array<string>(rest === undefined ? 0 : missing).fill('0'), ...restGroups];
  return groups.map((g) => g.padStart(4, '0')).join(':');
}

function normalizeDnsName(name: string): string {
  const trimmed = name.trim().replace(/\.$/, '').toLowerCase();
  if (/^\p{ASCII}*$/u.test(trimmed)) return trimmed;
  return domainToASCII(trimmed) || trimmed;
}

function dnsNameMatches(pattern: string, host: string): boolean {
  const p = normalizeDnsName(pattern);
  if (!p) return false;
  if (!p.startsWith('*.')) return p === host;
  // A wildcard stands for exactly one whole left-most label, and needs at
  // least two labels after it (no "*.com").
  const suffix = p.slice(2);
  if (suffix.includes('*') || suffix.split('.').length < 2) return false;
  const dot = host.indexOf('.');
  if (dot <= 0) return false;
  return host.slice(dot + 1) === suffix;
}

/**
 * Whether the certificate names this host, the way TLS clients check it
 * (RFC 6125): an IP address must be an IP SAN; a DNS name must match a DNS SAN,
 * and the CN is consulted only when the certificate has no DNS SAN at all.
 * Case-insensitive, trailing dot ignored, international names compared in
 * their ASCII (punycode) form.
 */
export function hostNameMatches(cert: Pick<CertificateInfo, 'sans' | 'commonName'>, host: string): boolean {
  const ip = canonicalIp(host);
  if (ip) {
    return cert.sans.some((san) => canonicalIp(san) === ip);
  }
  const name = normalizeDnsName(host);
  if (!name) return false;
  const dnsSans = cert.sans.filter((san) => canonicalIp(san) === null);
  if (dnsSans.length > 0) return dnsSans.some((san) => dnsNameMatches(san, name));
  return (
    cert.commonName !== undefined && canonicalIp(cert.commonName) === null && dnsNameMatches(cert.commonName, name)
  );
}

export interface ClientCertificateLifeOptions {
  /** The life NGT gives its client certificate (days from ISO creation). */
  lifeDays: number;
  /** Warn when fewer days than this are left. */
  warnDays: number;
}

export interface ClientCertificateLife {
  /** Whole days until notAfter (negative once expired). */
  daysLeft: number;
  status: 'ok' | 'warn' | 'fail';
  /** The certificate's own life, notAfter - notBefore, in whole days. */
  actualLifeDays: number;
  /** The actual life differs from the expected NGT life by more than a day (not an NGT-issued certificate?). */
  unusualLife: boolean;
}

const DAY_MS = 86_400_000;

/** Judges the NGT client certificate's remaining life: fail when expired, warn under warnDays. */
export function clientCertificateLife(
  cert: Pick<CertificateInfo, 'notBefore' | 'notAfter'>,
  now: Date,
  options: ClientCertificateLifeOptions = { lifeDays: 1000, warnDays: 90 },
): ClientCertificateLife {
  const msLeft = cert.notAfter.getTime() - now.getTime();
  const daysLeft = Math.floor(msLeft / DAY_MS);
  const status = msLeft <= 0 ? 'fail' : daysLeft < options.warnDays ? 'warn' : 'ok';
  const actualLifeDays = Math.round((cert.notAfter.getTime() - cert.notBefore.getTime()) / DAY_MS);
  return {
    daysLeft,
    status,
    actualLifeDays,
    unusualLife: Math.abs(actualLifeDays - options.lifeDays) > 1,
  };
}
