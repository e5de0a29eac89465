/** The board's push choice: what the fleet job is given, checked against the contract main validates with. */
import { describe, expect, it } from 'vitest';
import { jobStartSchema } from '../../../main/ipc/contract';
import {
  EMPTY_FLEET_PC_PUSH,
  fleetPcPushParams,
  validateFleetPcPush,
} from '../../../renderer/src/components/fleet/fleetPcPush';

const on = { ...EMPTY_FLEET_PC_PUSH, on: true };
const SOURCE = {
  kind: 'prismCentral',
  connect: { host: 'pc.example', username: 'admin', password: 'pc-secret' },
} as const;

describe('fleetPcPushParams', () => {
  it('is absent when the switch is off, whatever else was typed', () => {
    expect(fleetPcPushParams({ ...EMPTY_FLEET_PC_PUSH, guestUser: 'root', guestPassword: 'x' })).toBeUndefined();
    expect(validateFleetPcPush({ ...EMPTY_FLEET_PC_PUSH, guestUser: 'root' })).toEqual({});
  });

  it('on: the reboot choice, no guest credential unless both parts are given', () => {
    expect(fleetPcPushParams(on)).toEqual({ reboot: 'SKIP', waitReachableSec: 300 });
    expect(fleetPcPushParams({ ...on, rebootNow: true })).toEqual({ reboot: 'IMMEDIATE', waitReachableSec: 300 });
    expect(fleetPcPushParams({ ...on, guestUser: ' pushuser ', guestPassword: 'p w' })).toEqual({
      reboot: 'SKIP',
      waitReachableSec: 300,
      guestUser: 'pushuser',
      guestPassword: 'p w',
    });
  });

  it('the guest user and password go together: both or neither', () => {
    expect(validateFleetPcPush(on)).toEqual({});
    expect(validateFleetPcPush({ ...on, guestUser: 'pushuser' })).toEqual({
      guestPassword: 'fleetBoard.push.guestBoth',
    });
    expect(validateFleetPcPush({ ...on, guestUser: '  ', guestPassword: 'x' })).toEqual({
      guestUser: 'fleetBoard.push.guestBoth',
    });
    expect(validateFleetPcPush({ ...on, guestUser: 'u', guestPassword: 'x' })).toEqual({});
  });

  it('what it gives is a fleet job main accepts', () => {
    const pcPush = fleetPcPushParams({ ...on, rebootNow: true, guestUser: 'pushuser', guestPassword: 'x' });
    const parsed = jobStartSchema.safeParse({ kind: 'fleet', params: { source: SOURCE, pcPush } });
    expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
  });
});
