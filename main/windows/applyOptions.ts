/**
 * What a user may ask of Set-NgtPrepWinRm.ps1 (apply): the options, their limits and their
 * defaults. The wizard (through main/ipc/contract.ts), the CLI and the export read them here;
 * this file holds user input only, so the renderer does not bundle the scripts' output schemas
 * (scriptOutputs.ts). Pure: no Node imports.
 */
import { z } from 'zod';
import { normalizeThumbprint } from './certificateNames';
import { isFirewallAddress, MAX_FIREWALL_ADDRESSES } from './firewallAddress';

/** The longest validity the apply script accepts for a new self-signed certificate (Set-NgtPrepWinRm.ps1). */
export const MAX_CERT_VALIDITY_DAYS = 7300;

export const KEY_SIZES = [2048, 3072, 4096] as const;
export type KeySize = (typeof KEY_SIZES)[number];

export const applyOptionsSchema = z.object({
  /** Reuse this certificate (for example CA-issued) instead of creating a self-signed one. */
  certThumbprint: z
    .string()
    // Only what the certificate dialog copies besides the digits; 'not-hex!!' is not quietly reduced to 'E'.
    .regex(/^[\s0-9A-Fa-f:\u200e\u200f\ufeff-]*$/, { message: 'A thumbprint is 40 hexadecimal digits.' })
    .transform(normalizeThumbprint)
    .refine((v) => v.length === 40, { message: 'A thumbprint is 40 hexadecimal digits.' })
    .optional(),
  keySize: z
    .union([z.literal(2048), z.literal(3072), z.literal(4096)], {
      error: `Allowed key sizes: ${KEY_SIZES.join(', ')}.`,
    })
    .default(4096),
  certValidityDays: z.number().int().min(1).max(MAX_CERT_VALIDITY_DAYS).default(1095),
  /** Limit 5986 to these remote addresses (Prism Central, CVMs). Empty: any address. */
  firewallRemoteAddresses: z
    .array(
      z
        .string()
        .trim()
        .refine(isFirewallAddress, {
          error: (issue) => `"${String(issue.input)}" is not an address, subnet, range or firewall keyword.`,
        }),
    )
    .max(MAX_FIREWALL_ADDRESSES, { message: `At most ${MAX_FIREWALL_ADDRESSES} addresses in one rule.` })
    .default([]),
  /** Turn Basic authentication on (Prism Central uses it). */
  basic: z.boolean().default(true),
  /** Name for the certificate and listener; default: this computer's host name. */
  hostName: z
    .string()
    .trim()
    .min(1)
    .max(253)
    .regex(/^[\p{L}\p{N}](?:[\p{L}\p{N}-]*[\p{L}\p{N}])?(?:\.[\p{L}\p{N}](?:[\p{L}\p{N}-]*[\p{L}\p{N}])?)*$/u, {
      message: 'A host name is letters, digits and hyphens, in dot-separated labels.',
    })
    .optional(),
  /**
   * Set LocalAccountTokenFilterPolicy=1 (UAC remote restrictions off), needed only when Prism
   * Central signs in with a local administrator other than the built-in one. Opt-in.
   */
  localAccountTokenFilterPolicy: z.boolean().default(false),
});
export type ApplyOptionsInput = z.input<typeof applyOptionsSchema>;
export type ApplyOptions = z.output<typeof applyOptionsSchema>;

export const DEFAULT_APPLY_OPTIONS: ApplyOptions = {
  keySize: 4096,
  certValidityDays: 1095,
  firewallRemoteAddresses: [],
  basic: true,
  localAccountTokenFilterPolicy: false,
};
