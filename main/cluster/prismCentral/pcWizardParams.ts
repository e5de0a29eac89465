/**
 * What the wizard sends main for its Prism Central jobs (`pc-vms`, `pc-push`),
 * and the VM rows the list job hands back as data. The passwords travel in
 * these parameters only: main keeps them in memory for the job and registers
 * them as secrets. Pure: the renderer bundles this file through the contract.
 */
import { z } from 'zod';
import { hostField, portField, secretField } from '../../engine/inputFields';
import { PRISM_CENTRAL_PORT } from '../../engine/network';
import type { GuestOsKind } from './guestOsKind';
import type { PcVm } from './vmList';
import type { VmReadiness } from './vmReadiness';

const account = {
  username: z.string().trim().min(1).max(255),
  password: secretField.min(1),
};

const prismCentral = { host: hostField, port: portField.default(PRISM_CENTRAL_PORT), ...account };

export const pcVmsParamsSchema = z
  .object({
    ...prismCentral,
    /** "name contains", sent to Prism Central as an OData $filter. */
    filter: z.string().trim().max(200).optional(),
  })
  .strict();

/** The longest wait for "Communication Link Active" the wizard offers. */
export const MAX_WAIT_REACHABLE_SECONDS = 3600;

export const pcPushParamsSchema = z
  .object({
    ...prismCentral,
    /** The chosen VMs' extIds, as the list gave them. */
    vms: z.array(z.string().trim().min(1).max(200)).min(1).max(100),
    guest: z.object(account).strict(),
    reboot: z.enum(['SKIP', 'IMMEDIATE']).default('SKIP'),
    waitReachableSeconds: z.number().int().min(0).max(MAX_WAIT_REACHABLE_SECONDS).default(300),
  })
  .strict();

export type PcVmsParams = z.output<typeof pcVmsParamsSchema>;
export type PcPushWizardParams = z.output<typeof pcPushParamsSchema>;

/** One VM as the list job's `list-vms` step hands it to the wizard (outcome data `vms`). */
export interface PcVmRow extends PcVm {
  readiness: VmReadiness;
  os: GuestOsKind;
}
