/**
 * Deciding whether to trust Prism Central's TLS certificate, the way SSH
 * decides about host keys: a certificate that chains to a trusted CA and
 * matches the name is accepted; otherwise only a pinned one, one the person
 * names by fingerprint, or a new one the person explicitly accepts. Pure.
 */
import { createHash } from 'node:crypto';

/** What the person is shown about the certificate Prism Central presented. */
export interface PresentedCertificate {
  /** `SHA256:` and the unpadded base64 of the SHA-256 of the DER certificate (OpenSSH's style). */
  fingerprint: string;
  subject: string;
  issuer: string;
  validFrom: string;
  validTo: string;
  subjectAltNames: string[];
  /** The chain verifies against the trusted CAs and the name matches. */
  chainTrusted: boolean;
  /** Why not, as TLS said it (e.g. DEPTH_ZERO_SELF_SIGNED_CERT), when chainTrusted is false. */
  chainError?: string;
}

export type TrustDecision =
  | { trusted: true; via: 'ca' | 'pinned' | 'fingerprint' | 'accepted-new' }
  | { trusted: false; reason: 'unknown' | 'changed' | 'fingerprint-mismatch'; pinnedFingerprint?: string };

export function fingerprintOfDer(der: Buffer): string {
  return 'SHA256:' + createHash('sha256').update(der).digest('base64').replace(/=+$/, '');
}

/**
 * Reads a fingerprint as people paste it: `SHA256:<base64>` or 64 hex digits,
 * with or without colons (what Node, OpenSSL and browsers print). Null when it is neither.
 */
export function normaliseFingerprint(text: string): string | null {
  const trimmed = text.trim();
  const b64 = /^SHA256:([A-Za-z0-9+/]{43})=?$/i.exec(trimmed);
  if (b64 && /^sha256:/i.test(trimmed)) return 'SHA256:' + b64[1];
  const hex = trimmed.replace(/^SHA256:/i, '').replace(/:/g, '');
  if (/^[0-9a-fA-F]{64}$/.test(hex)) return 'SHA256:' + Buffer.from(hex, 'hex').toString('base64').replace(/=+$/, '');
  return null;
}

export interface TrustInputs {
  presented: PresentedCertificate;
  /** The fingerprint pinned for this host and port in the trust file, if any. */
  pinnedFingerprint?: string;
  /** `--pc-fingerprint`: when given, it alone decides. */
  expectedFingerprint?: string;
  /** `--accept-new-certificate` or the wizard's explicit choice: trust a certificate seen for the first time. */
  acceptNew: boolean;
}

export function decideTrust(input: TrustInputs): TrustDecision {
  const { presented, pinnedFingerprint, expectedFingerprint, acceptNew } = input;
  if (expectedFingerprint !== undefined) {
    return presented.fingerprint === expectedFingerprint
      ? { trusted: true, via: 'fingerprint' }
      : { trusted: false, reason: 'fingerprint-mismatch', pinnedFingerprint: expectedFingerprint };
  }
  // A certificate a trusted CA vouches for, for this very name, needs no pin (and
  // replaces a self-signed one that was pinned before: that is the upgrade people make).
  if (presented.chainTrusted) return { trusted: true, via: 'ca' };
  if (pinnedFingerprint !== undefined) {
    return presented.fingerprint === pinnedFingerprint
      ? { trusted: true, via: 'pinned' }
      : { trusted: false, reason: 'changed', pinnedFingerprint };
  }
  // A changed certificate is never accepted by --accept-new-certificate: only a first sighting.
  return acceptNew ? { trusted: true, via: 'accepted-new' } : { trusted: false, reason: 'unknown' };
}

/** What every later connection must present, once trust is decided. */
export type ConnectionPin = { kind: 'ca' } | { kind: 'fingerprint'; fingerprint: string };

export function connectionPin(
  decision: TrustDecision & { trusted: true },
  presented: PresentedCertificate,
): ConnectionPin {
  return decision.via === 'ca' ? { kind: 'ca' } : { kind: 'fingerprint', fingerprint: presented.fingerprint };
}
