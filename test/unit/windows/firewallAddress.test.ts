/** The remote-address rule shared by the wizard and the CLI, per New-NetFirewallRule -RemoteAddress (Microsoft NetSecurity reference). */
import { describe, expect, it } from 'vitest';
import { isFirewallAddress, MAX_FIREWALL_ADDRESSES } from '../../../main/windows/firewallAddress';
import { applyOptionsSchema } from '../../../main/windows/applyOptions';

describe('isFirewallAddress', () => {
  it.each([
    '10.0.0.1',
    '10.0.0.0/24',
    '0.0.0.0/0',
    '192.168.1.0/255.255.255.0',
    '10.1.1.1-10.1.1.9',
    'fe80::1',
    'fe80::/64',
    '::1',
    '::ffff:10.0.0.1',
    '2001:db8::1-2001:db8::ff',
    'LocalSubnet',
    'any',
  ])('accepts %s', (value) => expect(isFirewallAddress(value)).toBe(true));

  it.each([
    '',
    ',',
    '10.0.0.0/33',
    '10.0.0.300',
    '10.0.0',
    '10.0.0.0/255.0.255.0',
    'fe80::/129',
    '1:2:3:4:5:6:7:8:9',
    '1::2::3',
    '10.0.0.9-10.0.0.1',
    '10.0.0.1-fe80::1',
    '10.0.0.1/24/8',
    '1.2.3.4-5.6.7.8-9.9.9.9',
    'example.com',
  ])('refuses %j', (value) => expect(isFirewallAddress(value)).toBe(false));

  it('caps the list in the schema the wizard and the CLI share', () => {
    const many = Array.from({ length: MAX_FIREWALL_ADDRESSES + 1 }, (_, i) => `10.0.${i >> 8}.${i & 255}`);
    expect(applyOptionsSchema.safeParse({ firewallRemoteAddresses: many }).success).toBe(false);
    expect(applyOptionsSchema.safeParse({ firewallRemoteAddresses: many.slice(1) }).success).toBe(true);
  });
});
