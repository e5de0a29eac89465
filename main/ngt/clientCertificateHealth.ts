/**
 * How long an NGT client certificate (`client-cert.pem` beside
 * ngt_config.json, DOMAIN.md "NGT files inside a guest") has left: the cluster
 * identifies the guest by it, it is valid 1000 days from ISO creation, and
 * when it expires the link to the cluster stops (older AOS gives no alert).
 * Warn under 90 days, fail once expired. Parsed with node:crypto's
 * X509Certificate, never by hand. Pure (the clock comes in).
 */
import { X509Certificate } from 'node:crypto';

export const CLIENT_CERT_FILE = 'client-cert.pem';
export const CLIENT_CERT_WARN_DAYS = 90;
const DAY_MS = 86_400_000;

export type ClientCertificateState = 'ok' | 'expiring' | 'expired' | 'unreadable';

export interface ClientCertificateHealth {
  state: ClientCertificateState;
  /** Where the guest keeps it. */
  path: string;
  /** ISO 8601; absent when unreadable. */
  notAfter?: string;
  /** Whole days until notAfter (negative once expired). */
  daysLeft?: number;
  subject?: string;
}

/** The certificate's path beside an installed ngt_config.json. */
export function clientCertificatePath(configPath: string): string {
  return configPath.replace(/[^/]*$/, CLIENT_CERT_FILE);
}

export function clientCertificateHealth(pem: string, path: string, now: Date): ClientCertificateHealth {
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(pem);
  } catch {
    return { state: 'unreadable', path };
  }
  const notAfter = new Date(cert.validTo);
  if (Number.isNaN(notAfter.getTime())) return { state: 'unreadable', path };
  const msLeft = notAfter.getTime() - now.getTime();
  const daysLeft = Math.floor(msLeft / DAY_MS);
  const state: ClientCertificateState =
    msLeft <= 0 ? 'expired' : msLeft < CLIENT_CERT_WARN_DAYS * DAY_MS ? 'expiring' : 'ok';
  return { state, path, notAfter: notAfter.toISOString(), daysLeft, subject: cert.subject.replace(/\n/g, ', ') };
}
