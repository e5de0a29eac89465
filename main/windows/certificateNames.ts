/**
 * How NGT Prep compares a certificate with this Windows host, written once for check, verify and
 * rollback (Get-NgtPrepExpectedNames and Test-NgtPrepCertificateNamesHost in NgtPrep.Common.ps1
 * are the scripts' side of the same rule):
 *   - the host's names are its FQDN and its short name, FQDN first (as WSManDsc does);
 *   - a certificate fits when its CN or one of its SAN DNS names is one of them
 *     (case-insensitive; a "*." name stands for the left-most label);
 *   - thumbprints are compared after normalizeThumbprint.
 * What a TLS client accepts for one host it dialled (RFC 6125, CN only without DNS SANs) is a
 * different question: certificates.ts `hostNameMatches`.
 */

/** The names a certificate carries, as Get-NgtPrepState.ps1 reports them. */
export interface NamedCertificate {
  /** Distinguished name such as "CN=web01, O=Example". */
  subject: string;
  /** SAN DNS names. */
  dnsNames: string[];
}

/**
 * A thumbprint as Windows' tools hold it: upper-case hex without what the certificate dialog
 * adds when one is copied (spaces, colons, dashes, an invisible U+200E/U+200F/U+FEFF). Any other
 * character is kept, so a validator can still refuse it.
 */
export function normalizeThumbprint(text: string): string {
  return text.replace(/[\s:\u200e\u200f\ufeff-]/g, '').toUpperCase();
}

/** Both thumbprints present and equal once normalised. */
export function sameThumbprint(a: string | null | undefined, b: string | null | undefined): boolean {
  return !!a && !!b && normalizeThumbprint(a) === normalizeThumbprint(b);
}

/** Both names present and equal, case-insensitive. */
export function sameHostName(a: string | null | undefined, b: string | null | undefined): boolean {
  return !!a && !!b && a.toLowerCase() === b.toLowerCase();
}

/** The host's names a certificate may carry: FQDN first, then the short name; lower case, no repeats. */
export function hostNamesOf(computer: { hostName?: string | null; fqdn?: string | null } | null | undefined): string[] {
  const names = [computer?.fqdn, computer?.hostName].filter((n): n is string => !!n);
  return [...new Set(names.map((n) => n.toLowerCase()))];
}

/** The CN of a subject such as "CN=web01, O=Example". */
export function commonNameOf(subject: string): string | null {
  const match = /(?:^|,)\s*CN=([^,]+)/i.exec(subject);
  return match ? match[1].trim() : null;
}

/** The CN, then the SAN DNS names, each once (case-insensitive). */
export function certificateNames(cert: NamedCertificate): string[] {
  const cn = commonNameOf(cert.subject);
  const seen = new Set<string>();
  return [...(cn ? [cn] : []), ...cert.dnsNames].filter((n) => {
    const key = n.toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function nameCovers(certName: string, name: string): boolean {
  if (sameHostName(certName, name)) return true;
  if (!certName.startsWith('*.')) return false;
  return sameHostName(certName.slice(2), name.split('.').slice(1).join('.'));
}

/** The first of `names` (in their order: FQDN first from hostNamesOf) the certificate carries. */
export function hostNameOnCertificate(cert: NamedCertificate, names: string[]): string | undefined {
  const carried = certificateNames(cert);
  return names.find((name) => carried.some((certName) => nameCovers(certName, name)));
}

/** True when the certificate carries one of `names` (CN or SAN, case-insensitive, "*." wildcard). */
export function certificateMatchesHost(cert: NamedCertificate, names: string[]): boolean {
  return hostNameOnCertificate(cert, names) !== undefined;
}
