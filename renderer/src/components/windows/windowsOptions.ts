/**
 * The WinRM HTTPS options form: its values as typed, its checks, and the
 * options object the contract expects. Pure. Addresses are judged by the same
 * rule main applies (main/windows/applyOptions.ts): an address, subnet, range or
 * one of Windows Firewall's keywords; anything else is refused here, with the
 * offending value named, before it reaches any script.
 */
import {
  isFirewallAddress,
  KEY_SIZES as KEY_SIZE_BITS,
  type KeySize,
  MAX_CERT_VALIDITY_DAYS,
  MAX_FIREWALL_ADDRESSES,
  normalizeThumbprint,
  windowsApplyOptionsSchema,
  type WindowsApplyOptionsInput,
} from '../../../../main/ipc/contract';

/** The key sizes as the picker shows them: the apply options' own list (main/windows/applyOptions.ts). */
export type KeySizeText = `${KeySize}`;
export const KEY_SIZES: readonly KeySizeText[] = KEY_SIZE_BITS.map((bits): KeySizeText => `${bits}`);

export interface WindowsOptionsValues {
  certThumbprint: string;
  keySize: KeySizeText;
  validityDays: string;
  firewallAddresses: string;
  basic: boolean;
  /** LocalAccountTokenFilterPolicy = 1: opt-in, for a local administrator other than the built-in one. */
  tokenFilter: boolean;
  goldenImage: boolean;
}

export type WindowsOptionsField = 'certThumbprint' | 'validityDays' | 'firewallAddresses';
export const WINDOWS_OPTIONS_FIELDS: readonly WindowsOptionsField[] = [
  'certThumbprint',
  'validityDays',
  'firewallAddresses',
];

/** Field → { key, params } of the message to show. */
export type WindowsOptionsErrors = Partial<
  Record<WindowsOptionsField, { key: string; params?: Record<string, unknown> }>
>;

export const DEFAULT_WINDOWS_OPTIONS: WindowsOptionsValues = {
  certThumbprint: '',
  keySize: '4096',
  validityDays: '1095',
  firewallAddresses: '',
  basic: true,
  tokenFilter: false,
  goldenImage: false,
};

const MAX_ADDRESS_LENGTH = 100;

/** "10.0.0.1, 10.0.0.2\n10.0.0.3" → three addresses; blanks dropped, duplicates kept once. */
export function splitAddresses(text: string): string[] {
  return [
    ...new Set(
      text
        .split(/[,\n\r]+/)
        .map((a) => a.trim())
        .filter(Boolean),
    ),
  ];
}

function parseDays(text: string): number | undefined {
  const trimmed = text.trim();
  if (!/^\d{1,5}$/.test(trimmed)) return undefined;
  const days = Number(trimmed);
  return days >= 1 && days <= MAX_CERT_VALIDITY_DAYS ? days : undefined;
}

export function validateWindowsOptions(values: WindowsOptionsValues): WindowsOptionsErrors {
  const errors: WindowsOptionsErrors = {};
  const thumbprint = normalizeThumbprint(values.certThumbprint);
  if (thumbprint && !windowsApplyOptionsSchema.shape.certThumbprint.safeParse(thumbprint).success) {
    errors.certThumbprint = { key: 'ui.windows.errors.thumbprintInvalid' };
  }
  if (parseDays(values.validityDays) === undefined)
    errors.validityDays = {
      key: 'ui.windows.errors.validityInvalid',
      params: { max: MAX_CERT_VALIDITY_DAYS },
    };
  const addresses = splitAddresses(values.firewallAddresses);
  const tooLong = addresses.find((a) => a.length > MAX_ADDRESS_LENGTH);
  if (tooLong)
    errors.firewallAddresses = {
      key: 'ui.windows.errors.addressTooLong',
      params: { address: `${tooLong.slice(0, 40)}…` },
    };
  else if (addresses.length > MAX_FIREWALL_ADDRESSES) {
    errors.firewallAddresses = {
      key: 'ui.windows.errors.tooManyAddresses',
      params: { count: addresses.length, max: MAX_FIREWALL_ADDRESSES },
    };
  } else {
    const bad = addresses.find((a) => !isFirewallAddress(a));
    if (bad) errors.firewallAddresses = { key: 'ui.windows.errors.addressInvalid', params: { address: bad } };
  }
  return errors;
}

/** The contract's options for valid values (call validateWindowsOptions first). */
export function windowsApplyOptions(values: WindowsOptionsValues): WindowsApplyOptionsInput {
  const thumbprint = normalizeThumbprint(values.certThumbprint);
  return {
    ...(thumbprint ? { certThumbprint: thumbprint } : {}),
    keySize: Number(values.keySize) as KeySize,
    certValidityDays: parseDays(values.validityDays) ?? 1095,
    firewallRemoteAddresses: splitAddresses(values.firewallAddresses),
    basic: values.basic,
    localAccountTokenFilterPolicy: values.tokenFilter,
  };
}
