/**
 * The fleet board's Prism Central source as the person fills it: the Prism
 * Central page's connection (address, port, user, password: pcForms.ts) and
 * the VMs to take (name contains, cluster extId, power state); its checks,
 * the job that finds and checks the hosts (`fleet-pc-hosts`), and the source
 * the fleet job is given. Pure; main validates again.
 */
import {
  fleetPrismCentralSourceSchema,
  parsePortText,
  PRISM_CENTRAL_PORT,
  type FleetCheckResult,
  type PcPowerSelection,
} from '../../../../main/ipc/contract';
import type { StepView } from '../../state/jobState';
import { EMPTY_PC_CONNECT, PC_CONNECT_FIELDS, validatePcConnect, type PcConnectValues } from '../cluster/pcForms';

export interface FleetPcValues extends PcConnectValues {
  nameContains: string;
  clusterExtId: string;
  powerState: PcPowerSelection;
}

export type FleetPcField = keyof PcConnectValues | 'clusterExtId';
export const FLEET_PC_FIELDS: readonly FleetPcField[] = [...PC_CONNECT_FIELDS, 'clusterExtId'];

export const EMPTY_FLEET_PC: FleetPcValues = {
  ...EMPTY_PC_CONNECT,
  nameContains: '',
  clusterExtId: '',
  powerState: 'ON',
};

const clusterRule = fleetPrismCentralSourceSchema.shape.filter.unwrap().shape.clusterExtId.unwrap();

export function validateFleetPc(values: FleetPcValues): Partial<Record<FleetPcField, string>> {
  const errors: Partial<Record<FleetPcField, string>> = validatePcConnect(values);
  const cluster = values.clusterExtId.trim();
  if (cluster && !clusterRule.safeParse(cluster).success) errors.clusterExtId = 'fleetBoard.pc.clusterInvalid';
  return errors;
}

/** The source as the fleet job and the check job take it (the password only travels here, to main). */
export function fleetPcSource(values: FleetPcValues) {
  return {
    kind: 'prismCentral' as const,
    connect: {
      host: values.host.trim(),
      port: parsePortText(values.port) ?? PRISM_CENTRAL_PORT,
      username: values.username.trim(),
      password: values.password,
    },
    filter: {
      nameContains: values.nameContains.trim() || undefined,
      clusterExtId: values.clusterExtId.trim() || undefined,
      powerState: values.powerState,
    },
  };
}

/** The `fleet-pc-hosts` step that hands back the hosts found, checked as an inventory. */
export const PC_HOSTS_STEP_ID = 'pc-hosts';

/** The check the Prism Central source's job handed back, once it has. */
export function readPcCheck(steps: StepView[]): FleetCheckResult | null {
  const data = steps.find((s) => s.id === PC_HOSTS_STEP_ID)?.outcome?.data;
  const check = data?.check as FleetCheckResult | undefined;
  return check && Array.isArray(check.hosts) ? check : null;
}
