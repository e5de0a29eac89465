/**
 * What is wrong or notable about the certificate a WinRM listener presents,
 * as the probe's TLS layer reports it. Pure: the clock and the translator come
 * in as parameters.
 */
import type { Translate } from '../../engine/job';
import type { CertificateInfo } from '../certificates';

const MIN_RSA_BITS = 2048;

export interface CertificateFinding {
  code: string;
  status: 'warn' | 'fail';
  message: string;
}

/** The catalogue key (probe.cert.<key>.message / .remediation) of each finding code. */
const FINDING_KEYS: Record<string, string> = {
  PROBE_CERT_EXPIRED: 'expired',
  PROBE_CERT_NOT_YET_VALID: 'notYetValid',
  PROBE_THUMBPRINT_MISMATCH: 'thumbprintMismatch',
  PROBE_CERT_NAME_MISMATCH: 'nameMismatch',
  PROBE_CERT_NO_SERVER_AUTH: 'noServerAuth',
  PROBE_CERT_WEAK_KEY: 'weakKey',
  PROBE_CERT_SELF_SIGNED: 'selfSigned',
};

/** What to do about a finding, translated. */
export function findingRemediation(t: Translate, finding: CertificateFinding): string {
  return t(`probe.cert.${FINDING_KEYS[finding.code]}.remediation`);
}

/**
 * What is wrong or notable about the listener's certificate, most important
 * first: fails (expired, not yet valid, not the expected certificate) before
 * warnings (name, EKU, key size, self-signed).
 */
export function certificateFindings(
  t: Translate,
  info: CertificateInfo,
  context: { now: Date; host: string; matchesHost: boolean; expected?: string },
): CertificateFinding[] {
  const out: CertificateFinding[] = [];
  const add = (code: string, status: 'warn' | 'fail', params: Record<string, unknown>) =>
    out.push({
      code,
      status,
      message: t(`probe.cert.${FINDING_KEYS[code]}.message`, params),
    });
  const notAfter = info.notAfter.toISOString();
  const notBefore = info.notBefore.toISOString();
  if (context.now.getTime() > info.notAfter.getTime()) add('PROBE_CERT_EXPIRED', 'fail', { notAfter });
  if (context.now.getTime() < info.notBefore.getTime()) add('PROBE_CERT_NOT_YET_VALID', 'fail', { notBefore });
  if (context.expected && context.expected !== info.sha1Thumbprint) {
    add('PROBE_THUMBPRINT_MISMATCH', 'fail', {
      actual: info.sha1Thumbprint,
      expected: context.expected,
    });
  }
  if (!context.matchesHost) {
    const names = [...new Set([...(info.commonName ? [info.commonName] : []), ...info.sans])];
    add('PROBE_CERT_NAME_MISMATCH', 'warn', {
      host: context.host,
      names: names.join(', ') || t('probe.common.none'),
    });
  }
  // No EKU extension at all means "any purpose"; an EKU list without Server Authentication does not.
  if (!info.serverAuthEku && info.extendedKeyUsage.length > 0) {
    add('PROBE_CERT_NO_SERVER_AUTH', 'warn', {
      ekus: info.extendedKeyUsage.join(', '),
    });
  }
  if (info.keyType === 'RSA' && info.keyBits !== undefined && info.keyBits < MIN_RSA_BITS) {
    add('PROBE_CERT_WEAK_KEY', 'warn', { bits: info.keyBits });
  }
  if (info.selfSigned) add('PROBE_CERT_SELF_SIGNED', 'warn', {});
  return out;
}
