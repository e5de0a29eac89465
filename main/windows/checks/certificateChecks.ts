/**
 * The certificate behind the HTTPS listener (or, without one, the candidates apply would reuse):
 * what stops WinRM from using it, how close it is to expiry, how weak its key or signature is.
 */
import { certificateMatchesHost, certificateNames } from '../certificateNames';
import { SERVER_AUTH_EKU } from '../certificates';
import { NGT_PREP_CERTIFICATE_FRIENDLY_NAME, parseScriptDate, type CertificateInfo } from '../scriptOutputs';
import type { CheckContext, FindingInput } from './findings';
import { MIN_CERT_KEY_BITS, WINRM_CERT_WARN_DAYS, daysUntil } from './thresholds';

export type CertificateProblem =
  'expired' | 'not-yet-valid' | 'no-private-key' | 'private-key-unreadable' | 'no-server-auth-eku' | 'name-mismatch';

const PROBLEM_CODE: Record<CertificateProblem, string> = {
  expired: 'CERT_EXPIRED',
  'not-yet-valid': 'CERT_NOT_YET_VALID',
  'no-private-key': 'CERT_NO_PRIVATE_KEY',
  'private-key-unreadable': 'CERT_PRIVATE_KEY_UNREADABLE',
  'no-server-auth-eku': 'CERT_NO_SERVER_AUTH_EKU',
  'name-mismatch': 'LISTENER_HOSTNAME_MISMATCH',
};

/** What stops WinRM from using this certificate for `names`, first problem first; [] when none. */
export function certificateProblems(cert: CertificateInfo, names: string[], now: Date): CertificateProblem[] {
  const problems: CertificateProblem[] = [];
  const notAfter = parseScriptDate(cert.notAfter);
  const notBefore = parseScriptDate(cert.notBefore);
  if (notAfter && notAfter.getTime() <= now.getTime()) problems.push('expired');
  if (notBefore && notBefore.getTime() > now.getTime()) problems.push('not-yet-valid');
  if (cert.privateKeyStatus === 'missing') problems.push('no-private-key');
  if (cert.privateKeyStatus === 'unreadable') problems.push('private-key-unreadable');
  if (cert.hasEkuExtension && !cert.ekus.includes(SERVER_AUTH_EKU)) problems.push('no-server-auth-eku');
  if (names.length > 0 && !certificateMatchesHost(cert, names)) problems.push('name-mismatch');
  return problems;
}

export function certificateFindings(ctx: CheckContext): FindingInput[] {
  const { state, k, names, listener, listenerCert, options } = ctx;
  if (listener && listener.certificateThumbprint) {
    if (listenerCert) return boundCertificateFindings(ctx, listenerCert);
    if (!state.certificates) return [];
    return [
      {
        group: 'certificate',
        code: 'CERT_NOT_FOUND',
        status: 'fail',
        fixableByApply: true,
        summary: k('CERT_NOT_FOUND.summary', { thumbprint: listener.certificateThumbprint }),
        remediation: k('CERT_NOT_FOUND.remediation'),
      },
    ];
  }
  if (!state.certificates) return [];
  const usable = state.certificates.filter((c) => certificateProblems(c, names, options.now).length === 0);
  const stale = state.certificates.filter(
    (c) =>
      c.friendlyName === NGT_PREP_CERTIFICATE_FRIENDLY_NAME && certificateProblems(c, names, options.now).length > 0,
  );
  return [
    {
      group: 'certificate',
      code: 'CERT_NONE_BOUND',
      status: 'ok',
      summary:
        usable.length > 0
          ? k('CERT_NONE_BOUND.summaryCandidate', { thumbprint: usable[0].thumbprint })
          : k('CERT_NONE_BOUND.summary'),
      detail:
        stale.length > 0
          ? k('CERT_NONE_BOUND.detailStale', { thumbprints: stale.map((c) => c.thumbprint).join(', ') })
          : undefined,
      data: { candidates: usable.map((c) => c.thumbprint) },
    },
  ];
}

/** The listener's own certificate. Its name is judged by the listener rule, not here. */
function boundCertificateFindings({ k, names, options }: CheckContext, cert: CertificateInfo): FindingInput[] {
  const { now } = options;
  const out: FindingInput[] = [];
  const notAfter = parseScriptDate(cert.notAfter);
  const detail = k('CERT.detail', {
    subject: cert.subject,
    names: cert.dnsNames.join(', '),
    issuer: cert.issuer,
    notAfter: cert.notAfter,
    thumbprint: cert.thumbprint,
    keySize: cert.keySize ?? '?',
    signature: cert.signatureAlgorithm ?? '?',
  });
  const problems = certificateProblems(cert, [], now);
  if (cert.privateKeyStatus === 'access-denied') {
    // Not a fault of the certificate: this check could not open the key (not elevated).
    out.push({
      group: 'certificate',
      code: 'CERT_PRIVATE_KEY_ACCESS_DENIED',
      status: 'warn',
      summary: k('CERT_PRIVATE_KEY_ACCESS_DENIED.summary', { thumbprint: cert.thumbprint }),
      detail,
      remediation: k('CERT_PRIVATE_KEY_ACCESS_DENIED.remediation'),
    });
  }
  for (const problem of problems) {
    const code = PROBLEM_CODE[problem];
    out.push({
      group: 'certificate',
      code,
      status: 'fail',
      fixableByApply: true,
      summary: k(`${code}.summary`, { notAfter: cert.notAfter, thumbprint: cert.thumbprint }),
      detail,
      remediation: k(`${code}.remediation`),
      data: { thumbprint: cert.thumbprint },
    });
  }
  const days = notAfter ? daysUntil(notAfter, now) : null;
  if (problems.length === 0 && days !== null && days < WINRM_CERT_WARN_DAYS) {
    out.push({
      group: 'certificate',
      code: 'CERT_EXPIRING',
      status: 'warn',
      summary: k('CERT_EXPIRING.summary', { days }),
      detail,
      remediation: k('CERT_EXPIRING.remediation'),
    });
  }
  if (cert.keySize && cert.keySize < MIN_CERT_KEY_BITS) {
    out.push({
      group: 'certificate',
      code: 'CERT_WEAK_KEY',
      status: 'warn',
      summary: k('CERT_WEAK_KEY.summary', { keySize: cert.keySize }),
      remediation: k('CERT_WEAK_KEY.remediation'),
    });
  }
  if (cert.signatureAlgorithm && /sha1|md5/i.test(cert.signatureAlgorithm)) {
    out.push({
      group: 'certificate',
      code: 'CERT_WEAK_SIGNATURE',
      status: 'warn',
      summary: k('CERT_WEAK_SIGNATURE.summary', { algorithm: cert.signatureAlgorithm }),
      remediation: k('CERT_WEAK_KEY.remediation'),
    });
  }
  if (problems.length === 0) {
    out.push({
      group: 'certificate',
      code: 'CERT_OK',
      status: 'ok',
      summary: k(cert.selfSigned ? 'CERT_OK.summarySelfSigned' : 'CERT_OK.summary', {
        days: days ?? '?',
        names: certificateNames(cert).join(', '),
      }),
      detail,
      data: { thumbprint: cert.thumbprint, matchesHost: certificateMatchesHost(cert, names) },
    });
  }
  return out;
}
