/**
 * The board's "Push NGT through Prism Central" choice as the person fills it
 * (a fleet taken from Prism Central only): on or off, the reboot, and an
 * optional fleet-wide guest credential for the hosts that log in by key (both
 * or neither). Its check, and the `pcPush` the fleet job is given
 * (fleetPcPushSchema; main validates again and holds the password). Pure.
 */
import type { JobStartRequest } from '../../../../main/ipc/contract';
import type { FormErrors } from '../useForm';

type PcPushRequest = Extract<JobStartRequest, { kind: 'fleet' }>['params']['pcPush'];

export interface FleetPcPushValues {
  on: boolean;
  rebootNow: boolean;
  guestUser: string;
  guestPassword: string;
}

export type FleetPcPushField = 'guestUser' | 'guestPassword';
export const FLEET_PC_PUSH_FIELDS: readonly FleetPcPushField[] = ['guestUser', 'guestPassword'];

export const EMPTY_FLEET_PC_PUSH: FleetPcPushValues = { on: false, rebootNow: false, guestUser: '', guestPassword: '' };

/** Off: nothing to check. On: the guest user and password go together (both or neither). */
export function validateFleetPcPush(values: FleetPcPushValues): FormErrors<FleetPcPushField> {
  if (!values.on) return {};
  const user = values.guestUser.trim();
  if (user && !values.guestPassword) return { guestPassword: 'fleetBoard.push.guestBoth' };
  if (!user && values.guestPassword) return { guestUser: 'fleetBoard.push.guestBoth' };
  return {};
}

/** The job's `pcPush`, or undefined when the switch is off (the SSH way for every host). */
export function fleetPcPushParams(values: FleetPcPushValues): PcPushRequest {
  if (!values.on) return undefined;
  const guestUser = values.guestUser.trim();
  return {
    reboot: values.rebootNow ? 'IMMEDIATE' : 'SKIP',
    waitReachableSec: 300,
    ...(guestUser && values.guestPassword ? { guestUser, guestPassword: values.guestPassword } : {}),
  };
}
