/**
 * What a Linux NGT installation is asked to do: the target, how to log in,
 * which phases to run. Owned here, beside the job that runs it
 * (./linuxInstallJob.ts); main/ipc/contract.ts composes it into the job-start
 * request, and the CLI and the wizard's form parse into it. Pure: the
 * renderer bundles this file.
 */
import { z } from 'zod';
import { hostField, portField, secretField } from '../engine/inputFields';
import { PRISM_CENTRAL_PORT } from '../engine/network';

/**
 * A Prism Central the verify phase asks for the VM's guest tools `isReachable`
 * (the cluster's Communication Link Active). The password is held in memory
 * for the job only, removed from every log and report like the others.
 */
export const linuxPrismCentralSchema = z.object({
  host: hostField,
  port: portField.default(PRISM_CENTRAL_PORT),
  username: z.string().min(1).max(256),
  password: secretField.min(1),
  /** Trust a certificate seen for the first time (the person chose to). */
  acceptNewCertificate: z.boolean().default(false),
  /** SHA256:… the certificate must have. */
  fingerprint: z.string().max(100).optional(),
  /** How long to wait for isReachable, in seconds. */
  waitSeconds: z.number().int().min(0).max(3600).default(120),
  /** The VM's extId when known (a fleet taken from Prism Central): no search by address. */
  vmExtId: z.string().min(1).max(200).optional(),
});

export const linuxAuthSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('password'), password: secretField.min(1) }),
  z.object({
    kind: z.literal('key'),
    privateKeyPath: z.string().min(1).max(4096),
    passphrase: secretField.optional(),
  }),
  z.object({ kind: z.literal('agent') }),
]);

export const linuxInstallParamsSchema = z.object({
  host: hostField,
  port: portField.default(22),
  username: z
    .string()
    .min(1)
    .max(64)
    .regex(/^[A-Za-z0-9._][A-Za-z0-9._-]*\$?$/, 'not a valid user name'),
  auth: linuxAuthSchema,
  sudoPassword: secretField.optional(),
  /** Root's password for `su -`, on a VM without sudo for this user (asked for; never with sudoPassword). */
  suPassword: secretField.optional(),
  distro: z.string().min(1).max(100).optional(),
  isoDir: z.string().min(1).max(4096).optional(),
  phase: z.enum(['prepare', 'install', 'verify', 'all']).default('all'),
  dryRun: z.boolean().default(false),
  force: z.boolean().default(false),
  prismCentral: linuxPrismCentralSchema.optional(),
});
export type LinuxInstallParams = z.infer<typeof linuxInstallParamsSchema>;
