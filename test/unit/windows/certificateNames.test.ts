import { describe, expect, it } from 'vitest';

import {
  certificateMatchesHost,
  hostNameOnCertificate,
  hostNamesOf,
  normalizeThumbprint,
  sameThumbprint,
} from '../../../main/windows/certificateNames';

describe('normalizeThumbprint', () => {
  it("strips what Windows' certificate dialog adds when a thumbprint is copied", () => {
    expect(normalizeThumbprint('\u200ea9 09 50 2d:d8-2a\ufeff')).toBe('A909502DD82A');
  });
  it('keeps other characters so a validator can refuse them', () => {
    expect(normalizeThumbprint('zz 12')).toBe('ZZ12');
  });
  it('compares thumbprints once normalised, never two absent ones', () => {
    expect(sameThumbprint('ab:cd', 'ABCD')).toBe(true);
    expect(sameThumbprint('ABCD', 'ABCE')).toBe(false);
    expect(sameThumbprint(null, null)).toBe(false);
    expect(sameThumbprint('', '')).toBe(false);
  });
});

describe('the host name rule (short name and FQDN, FQDN first)', () => {
  const names = hostNamesOf({ hostName: 'WEB01', fqdn: 'web01.corp.example' });
  it('lists the FQDN before the short name, lower case, once', () => {
    expect(names).toEqual(['web01.corp.example', 'web01']);
    expect(hostNamesOf({ hostName: 'web01', fqdn: 'WEB01' })).toEqual(['web01']);
    expect(hostNamesOf(null)).toEqual([]);
  });
  it('picks the FQDN when the certificate carries both', () => {
    const cert = { subject: 'CN=web01', dnsNames: ['web01', 'web01.corp.example'] };
    expect(hostNameOnCertificate(cert, names)).toBe('web01.corp.example');
  });
  it('accepts a CA certificate that names only the FQDN, and a wildcard for it', () => {
    expect(hostNameOnCertificate({ subject: 'CN=web01.corp.example, O=Corp', dnsNames: [] }, names)).toBe(
      'web01.corp.example',
    );
    expect(hostNameOnCertificate({ subject: 'CN=portal', dnsNames: ['*.corp.example'] }, names)).toBe(
      'web01.corp.example',
    );
  });
  it('refuses a certificate for another host', () => {
    expect(certificateMatchesHost({ subject: 'CN=web02', dnsNames: ['web02.corp.example'] }, names)).toBe(false);
  });
});
