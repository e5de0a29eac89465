/**
 * One host's connection settings as every format names them (the CSV
 * columns, the JSON properties; Ansible variables are mapped onto them),
 * checked and turned into an InventoryHost. Every problem is added to the
 * list; a host with problems is still returned so later checks (duplicates)
 * see it. Pure.
 */
import { isIP } from 'node:net';

import {
  HOST_AUTH,
  HOST_OS,
  type HostAuth,
  type HostOs,
  type InventoryHost,
  type InventoryOrigin,
  type ProblemList,
} from './inventoryModel';
import { parsePortText, unbracketHost } from '../../engine/network';

/** The column / property names, in the order the README documents them. */
export const HOST_FIELDS = [
  'name',
  'host',
  'port',
  'user',
  'auth',
  'key',
  'passphrase_env',
  'password_env',
  'sudo_password_env',
  'become',
  'become_user',
  'os',
  'group',
  'proxy_jump',
] as const;
export type HostFieldName = (typeof HOST_FIELDS)[number];

/** Names that would hold a secret in clear: refused everywhere, with the *_env field to use instead. */
export const CLEAR_SECRET_FIELDS: Record<string, string> = {
  password: 'password_env',
  sudo_password: 'sudo_password_env',
  become_password: 'sudo_password_env',
  passphrase: 'passphrase_env',
};

export type HostFieldValues = Partial<Record<Exclude<HostFieldName, 'group'>, string | number | boolean>> & {
  groups?: string[];
};

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const HOST_NAME = /^(?=.{1,253}$)[A-Za-z0-9_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_])?$/;
const USER_NAME = /^[A-Za-z0-9_][A-Za-z0-9_.@-]*\$?$/;

/** A host name or an IP address; IPv6 may come in brackets. Returns the bare form, or undefined. */
export function normaliseAddress(text: string): string | undefined {
  const bare = unbracketHost(text.trim());
  if (isIP(bare) !== 0) return bare;
  return HOST_NAME.test(bare) ? bare : undefined;
}

export function parsePort(value: string | number | boolean | undefined): number | undefined | 'bad' {
  if (value === undefined || value === '') return undefined;
  return parsePortText(String(value)) ?? 'bad';
}

/** Ansible's booleans (yes/no/true/false/1/0, any case). */
export function parseBoolean(value: string | number | boolean | undefined): boolean | undefined | 'bad' {
  if (value === undefined || value === '') return undefined;
  if (typeof value === 'boolean') return value;
  const text = String(value).trim().toLowerCase();
  if (['yes', 'true', 'on', '1', 'y'].includes(text)) return true;
  if (['no', 'false', 'off', '0', 'n'].includes(text)) return false;
  return 'bad';
}

type FieldValue = string | number | boolean | undefined;

function text(value: FieldValue): string | undefined {
  if (value === undefined) return undefined;
  const s = String(value).trim();
  return s === '' ? undefined : s;
}

export function buildHost(
  fields: HostFieldValues,
  origin: InventoryOrigin,
  problems: ProblemList,
  vars: Record<string, unknown> = {},
): InventoryHost {
  const name = text(fields.name) ?? text(fields.host) ?? '';
  const where = { line: origin.line, host: name || undefined };
  const rawAddress = text(fields.host) ?? name;
  const address = normaliseAddress(rawAddress);
  if (address === undefined) problems.add('badAddress', where, { value: rawAddress });

  const host: InventoryHost = { name, address: address ?? rawAddress, groups: fields.groups ?? [], vars, origin };

  const port = parsePort(fields.port);
  if (port === 'bad') problems.add('badPort', where, { value: String(fields.port) });
  else if (port !== undefined) host.port = port;

  const user = text(fields.user);
  if (user !== undefined) {
    if (USER_NAME.test(user)) host.user = user;
    else problems.add('badAddress', where, { value: user });
  }

  for (const [field, target] of [
    ['passphrase_env', 'passphraseEnv'],
    ['password_env', 'passwordEnv'],
    ['sudo_password_env', 'sudoPasswordEnv'],
  ] as const) {
    const env = text(fields[field]);
    if (env === undefined) continue;
    if (ENV_NAME.test(env)) host[target] = env;
    else problems.add('badEnvName', where, { field, value: env });
  }

  const key = text(fields.key);
  if (key !== undefined) host.keyPath = key;

  /** A field that names one of `allowed` (any case); anything else is the problem `code`, listing what is allowed. */
  const choice = <T extends string>(value: FieldValue, allowed: readonly T[], code: 'badAuth' | 'badOs') => {
    const chosen = text(value)?.toLowerCase();
    if (chosen === undefined || (allowed as readonly string[]).includes(chosen)) return chosen as T | undefined;
    problems.add(code, where, { value: chosen, allowed: allowed.join(', ') });
    return undefined;
  };

  const auth = choice<HostAuth>(fields.auth, HOST_AUTH, 'badAuth');
  if (auth !== undefined) host.auth = auth;
  if (host.auth === 'password' && !host.passwordEnv) problems.add('missingPasswordEnv', where, {});
  if (host.auth === 'key' && !host.keyPath) problems.add('missingKey', where, {});

  const become = parseBoolean(fields.become);
  if (become === 'bad') problems.add('badBoolean', where, { field: 'become', value: String(fields.become) });
  else if (become !== undefined) host.become = become;
  const becomeUser = text(fields.become_user);
  if (becomeUser !== undefined) host.becomeUser = becomeUser;

  const os = choice<HostOs>(fields.os, HOST_OS, 'badOs');
  if (os !== undefined) host.os = os;

  const jump = text(fields.proxy_jump);
  if (jump !== undefined) host.proxyJump = jump;
  return host;
}
