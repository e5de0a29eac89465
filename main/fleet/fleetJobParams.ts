/**
 * What the wizard's fleet board asks of main: the inventory as text (read
 * from a file the person picked, or pasted), a --limit pattern, forks, the
 * fleet-wide login defaults under the inventory's own values, and one
 * password per distinct user that needs one — or, instead of the text, a
 * Prism Central source (its VMs become the hosts). Owned here, beside the job that
 * runs it (./fleetJob.ts); main/ipc/contract.ts composes it. Pure: the
 * renderer bundles this file.
 */
import { z } from 'zod';

import { hostField, portField, secretField } from '../engine/inputFields';
import { PRISM_CENTRAL_PORT } from '../engine/network';
import { INVENTORY_FORMATS, type InventoryResult } from './inventory/inventoryModel';
import { PC_POWER_STATES } from './inventory/pcPowerStates';

/** The most hosts at once the board offers (the CLI's --forks bound). */
export const MAX_FLEET_FORKS = 500;
/** An inventory the board reads in one piece (a 5000-host CSV is well under this). */
export const MAX_INVENTORY_CHARS = 2_000_000;

const userName = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9._][A-Za-z0-9._-]*\$?$/, 'not a valid user name');

export const fleetInventoryInputSchema = z.object({
  text: z.string().max(MAX_INVENTORY_CHARS),
  /** Absent: the pasted list when `file` is absent, else from the file's name and content. */
  format: z.enum(INVENTORY_FORMATS).optional(),
  /** The picked file's name (problems name it); absent for a pasted list. */
  file: z.string().min(1).max(255).optional(),
});
export type FleetInventoryInput = z.infer<typeof fleetInventoryInputSchema>;

/** Fleet-wide defaults; a host's own inventory values win (as `fleet install --user/--key/--agent`). */
export const fleetLoginDefaultsSchema = z.object({
  user: userName.optional(),
  keyPath: z.string().min(1).max(4096).optional(),
  agent: z.boolean().optional(),
  /** `[user@]bastion[:port]`, comma-separated hops (`fleet install --proxy-jump`); over ~/.ssh/config's ProxyJump. */
  proxyJump: z.string().min(1).max(1000).optional(),
  /** false: ~/.ssh/config is not read (as `ssh -F none`); absent or true: it is, as by `fleet install`. */
  useSshConfig: z.boolean().optional(),
});

export const fleetCheckSchema = z.object({
  inventory: fleetInventoryInputSchema,
  limit: z.string().max(1000).optional(),
  defaults: fleetLoginDefaultsSchema.default({}),
});
export type FleetCheckRequest = z.input<typeof fleetCheckSchema>;

/**
 * The board's hosts from Prism Central instead of an inventory text (the CLI's
 * `--pc HOST --pc-user … --pc-filter … --pc-cluster … --pc-power-state …`). The
 * password is held in main for the job and registered as its secret; nothing
 * sends it back.
 */
export const fleetPrismCentralSourceSchema = z
  .object({
    kind: z.literal('prismCentral'),
    connect: z
      .object({
        host: hostField,
        port: portField.default(PRISM_CENTRAL_PORT),
        username: z.string().trim().min(1).max(255),
        password: secretField.min(1),
      })
      .strict(),
    filter: z
      .object({
        /** VMs whose name contains this text (Prism Central's OData `contains(name, …)`). */
        nameContains: z.string().trim().max(200).optional(),
        /** Only the VMs of this cluster (its extId). */
        clusterExtId: z.guid('not a cluster extId (a UUID)').optional(),
        /** Default ON: a VM that is off has no address to prepare. */
        powerState: z.enum(PC_POWER_STATES).default('ON'),
      })
      .strict()
      .default({ powerState: 'ON' }),
  })
  .strict();
export type FleetPrismCentralSource = z.output<typeof fleetPrismCentralSourceSchema>;

/** The board's check of a Prism Central source: a job (the certificate may need a question), not fleet:check. */
export const fleetPcHostsParamsSchema = fleetCheckSchema
  .omit({ inventory: true })
  .extend({ source: fleetPrismCentralSourceSchema })
  .strict();
export type FleetPcHostsParams = z.output<typeof fleetPcHostsParamsSchema>;

/**
 * NGT pushed through Prism Central to the hosts the installer names (fleet install --pc-push):
 * the reboot, the wait for Communication Link Active, and the push credential of hosts without
 * a login password of their own (held in main, never sent back).
 */
export const fleetPcPushSchema = z
  .object({
    reboot: z.enum(['SKIP', 'IMMEDIATE']).default('SKIP'),
    waitReachableSec: z.number().int().min(0).max(3600).default(300),
    guestUser: z.string().min(1).max(256).optional(),
    guestPassword: secretField.min(1).optional(),
  })
  .refine((p) => (p.guestUser === undefined) === (p.guestPassword === undefined), {
    message: 'guestUser and guestPassword go together',
    path: ['guestPassword'],
  });

export const fleetJobParamsSchema = fleetCheckSchema.extend({
  /** The inventory text; unused (and may be left out) when `source` names Prism Central. */
  inventory: fleetInventoryInputSchema.default({ text: '' }),
  /** Where the hosts come from when not from the inventory text. */
  source: fleetPrismCentralSourceSchema.optional(),
  forks: z.number().int().min(1).max(MAX_FLEET_FORKS).default(10),
  hostTimeoutSec: z.number().int().min(1).max(86_400).optional(),
  /** prepare: read-only, the readiness table and the plan; all: then approve, install, verify. */
  phase: z.enum(['prepare', 'all']).default('all'),
  /** Run the hosts without problems of their own and leave the others out. */
  skipBadHosts: z.boolean().default(false),
  /** One per distinct user the check said needs a password. Held in main, never sent back. */
  passwords: z
    .array(z.object({ user: userName, password: secretField.min(1) }))
    .max(200)
    .default([]),
  /**
   * Sudo passwords, one per distinct non-root user the check listed (`sudoPasswordsFor`), as
   * `--sudo-password-env` gives one: a user left out has sudo without a password, or the
   * login password. Held in main, never sent back.
   */
  sudoPasswords: z
    .array(z.object({ user: userName, password: secretField.min(1) }))
    .max(200)
    .default([]),
  /** Push through Prism Central after the prepare (a fleet taken from Prism Central). */
  pcPush: fleetPcPushSchema.optional(),
});
export type FleetJobParams = z.output<typeof fleetJobParamsSchema>;

/** Runs again, in the same fleet and with its credentials, only the hosts whose last result was failed. */
export const fleetRetryParamsSchema = z.object({ retryOf: z.string().min(1).max(100) });

/** One inventory problem as the board lists it: where, which host, what is wrong, what to do. */
export interface FleetCheckProblem {
  where: string;
  host?: string;
  message: string;
  remediation: string;
}

/** What the board shows of an inventory before anything runs. Never holds a secret. */
export interface FleetCheckResult {
  /** The board's own inventories are text; a Prism Central source (the CLI's --pc) is named as such. */
  format: InventoryResult['format'];
  hosts: {
    name: string;
    address: string;
    port?: number;
    user?: string;
    os: 'linux' | 'windows';
    groups: string[];
    /** A host from Prism Central: its VM (each host's verify asks Prism Central for its link). */
    vmExtId?: string;
  }[];
  problems: FleetCheckProblem[];
  /** Problems of the file itself (not of one host): skipping bad hosts cannot help. */
  fileProblems: boolean;
  /** The users a password is asked for once each, with their hosts. */
  passwordsFor: { user: string; hosts: string[] }[];
  /**
   * The non-root users whose hosts name no sudo_password_env, with their hosts: a sudo
   * password may be given once each (optional: sudo may ask none, or take the login password).
   */
  sudoPasswordsFor: { user: string; hosts: string[] }[];
  /** The hosts cannot be given logins (no user, no key): code, message and what to do. */
  loginError?: { code: string; message: string; remediation?: string };
}
