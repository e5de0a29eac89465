/** NGT's client certificate: 1000 days from ISO creation; the link to the cluster stops when it expires. */
import type { CheckContext, FindingInput } from './findings';
import { ngtFinding, type NgtFacts } from './ngtFinding';
import { DAY_MS, NGT_CLIENT_CERT_LIFE_DAYS, NGT_CLIENT_CERT_WARN_DAYS, daysUntil } from './thresholds';

const RENEW = 'NGT_CLIENT_CERT_RENEW.remediation';

export function ngtClientCertificateFindings({ k, options }: CheckContext, ngt: NgtFacts): FindingInput[] {
  const { now } = options;
  const path = { path: ngt.clientCertPath };
  if (!ngt.clientCertPem) return [ngtFinding(k, 'NGT_CLIENT_CERT_MISSING', 'warn', path, { remediation: RENEW })];
  const expiry = options.certificateExpiry(ngt.clientCertPem);
  if (!expiry) return [ngtFinding(k, 'NGT_CLIENT_CERT_UNREADABLE', 'warn', path, { remediation: RENEW })];
  const lifeMs = NGT_CLIENT_CERT_LIFE_DAYS * DAY_MS;
  const days = daysUntil(expiry.notAfter, now);
  const issued = new Date(expiry.notAfter.getTime() - lifeMs);
  const usedPercent = Math.min(100, Math.max(0, Math.round(((now.getTime() - issued.getTime()) / lifeMs) * 100)));
  const params = {
    days,
    daysAgo: -days,
    notAfter: expiry.notAfter.toISOString().slice(0, 10),
    issued: issued.toISOString().slice(0, 10),
    usedPercent,
    life: NGT_CLIENT_CERT_LIFE_DAYS,
  };
  const extras = {
    detail: k('NGT_CLIENT_CERT.detail', params),
    data: { notAfter: expiry.notAfter.toISOString(), daysLeft: days },
  };
  if (expiry.notAfter.getTime() <= now.getTime()) {
    return [ngtFinding(k, 'NGT_CLIENT_CERT_EXPIRED', 'fail', params, { ...extras, remediation: RENEW })];
  }
  if (days < NGT_CLIENT_CERT_WARN_DAYS) {
    return [ngtFinding(k, 'NGT_CLIENT_CERT_EXPIRING', 'warn', params, { ...extras, remediation: RENEW })];
  }
  return [ngtFinding(k, 'NGT_CLIENT_CERT_OK', 'ok', params, extras)];
}
