/**
 * What the WinRM probe is given, as every face validates it (the wizard's form,
 * the browser host, Electron, `ngt-prep probe winrm`). Owned here, composed by
 * main/ipc/contract.ts. Pure: the renderer bundles this file.
 */
import { z } from 'zod';
import { hostField as host, portField as port, secretField as secret } from '../../engine/inputFields';
import { WINRM_HTTPS_PORT } from '../../engine/network';

/** The account Prism Central will sign in with, for a Basic step (asked, never stored). */
export const basicAccountFields = {
  user: z.string().min(1).max(256).optional(),
  password: secret.optional(),
};

export const probeParamsSchema = z.object({
  host,
  port: port.default(WINRM_HTTPS_PORT),
  ...basicAccountFields,
  /** Bound on each connection step and each WS-Management request, in milliseconds (the CLI's --timeout). */
  timeoutMs: z.number().positive().max(600_000).optional(),
  /** The certificate the listener must present: its thumbprint, normalised to 40 upper-case hex digits. */
  expectedThumbprint: z
    .string()
    .regex(/^[0-9A-F]{40}$/, 'thumbprint must be 40 hexadecimal digits')
    .optional(),
});
export type ProbeParamsInput = z.input<typeof probeParamsSchema>;

/** windows verify: optionally the account for the proof's Basic step; both or neither. */
export const windowsVerifyParamsSchema = z
  .object(basicAccountFields)
  .refine((v) => (v.user === undefined) === (v.password === undefined), 'user and password go together')
  .default({});
