/**
 * The Prism Central page's two forms — the connection (address, port, user,
 * password) and the push (guest account, reboot, how long to wait for the
 * link) — their checks and the job requests they make. Pure; the formats come
 * from the IPC contract's schemas, and main validates again.
 */
import {
  MAX_WAIT_REACHABLE_SECONDS,
  parsePortText,
  pcVmsParamsSchema,
  PRISM_CENTRAL_PORT,
  type JobStartRequest,
} from '../../../../main/ipc/contract';

export interface PcConnectValues {
  host: string;
  port: string;
  username: string;
  password: string;
}

export type PcConnectField = keyof PcConnectValues;
export const PC_CONNECT_FIELDS: readonly PcConnectField[] = ['host', 'port', 'username', 'password'];

export const EMPTY_PC_CONNECT: PcConnectValues = {
  host: '',
  port: String(PRISM_CENTRAL_PORT),
  username: 'admin',
  password: '',
};

export function validatePcConnect(values: PcConnectValues): Partial<Record<PcConnectField, string>> {
  const errors: Partial<Record<PcConnectField, string>> = {};
  const host = values.host.trim();
  if (!host) errors.host = 'clusterPage.errors.hostRequired';
  else if (!pcVmsParamsSchema.shape.host.safeParse(host).success) errors.host = 'clusterPage.errors.hostInvalid';
  if (parsePortText(values.port) === undefined) errors.port = 'clusterPage.errors.portInvalid';
  if (!values.username.trim()) errors.username = 'clusterPage.errors.userRequired';
  if (!values.password) errors.password = 'clusterPage.errors.passwordRequired';
  return errors;
}

function prismCentral(values: PcConnectValues) {
  return {
    host: values.host.trim(),
    port: parsePortText(values.port) ?? PRISM_CENTRAL_PORT,
    username: values.username.trim(),
    password: values.password,
  };
}

export function pcVmsRequest(values: PcConnectValues): JobStartRequest {
  return { kind: 'pc-vms', params: prismCentral(values) };
}

export interface PcPushValues {
  guestUser: string;
  guestPassword: string;
  rebootNow: boolean;
  waitSeconds: string;
}

export type PcPushField = 'guestUser' | 'guestPassword' | 'waitSeconds';
export const PC_PUSH_FIELDS: readonly PcPushField[] = ['guestUser', 'guestPassword', 'waitSeconds'];

export const EMPTY_PC_PUSH: PcPushValues = { guestUser: '', guestPassword: '', rebootNow: false, waitSeconds: '300' };

/** Whole seconds from 0 to the contract's maximum, or undefined. */
export function parseWaitSeconds(text: string): number | undefined {
  const trimmed = text.trim();
  if (!/^\d{1,5}$/.test(trimmed)) return undefined;
  const seconds = Number(trimmed);
  return seconds <= MAX_WAIT_REACHABLE_SECONDS ? seconds : undefined;
}

export function validatePcPush(values: PcPushValues): Partial<Record<PcPushField, string>> {
  const errors: Partial<Record<PcPushField, string>> = {};
  if (!values.guestUser.trim()) errors.guestUser = 'clusterPage.errors.guestUserRequired';
  if (!values.guestPassword) errors.guestPassword = 'clusterPage.errors.guestPasswordRequired';
  if (parseWaitSeconds(values.waitSeconds) === undefined) errors.waitSeconds = 'clusterPage.errors.waitInvalid';
  return errors;
}

/** The push of the chosen VMs (by extId), with the Prism Central account the list was made with. */
export function pcPushRequest(connect: PcConnectValues, push: PcPushValues, vmExtIds: string[]): JobStartRequest {
  return {
    kind: 'pc-push',
    params: {
      ...prismCentral(connect),
      vms: vmExtIds,
      guest: { username: push.guestUser.trim(), password: push.guestPassword },
      reboot: push.rebootNow ? 'IMMEDIATE' : 'SKIP',
      waitReachableSeconds: parseWaitSeconds(push.waitSeconds) ?? 300,
    },
  };
}
