/**
 * Resolves a host through the user's ~/.ssh/config the way OpenSSH does
 * (ssh_config(5)): `Host` patterns with `*`, `?` and `!negation`, the first
 * value obtained for each keyword wins (IdentityFile accumulates), values
 * given explicitly (inventory, command line) beat the file. HostName may
 * use %h; IdentityFile expands ~ and the tokens %h %r %p %u %d %n %%.
 * ProxyJump hops are resolved through the same file, and their own
 * ProxyJump comes first, as OpenSSH chains them. The file is parsed with
 * the `ssh-config` package; `Match exec` is never run. `Include` is not
 * followed (reported in `ignored`). Pure.
 */
import { join } from 'node:path';

import SSHConfig from 'ssh-config';

import { NgtError } from '../../engine/errors';
import type { Translate } from '../../engine/job';
import { parsePortText, SSH_PORT, unbracketHost } from '../../engine/network';

/** Chains longer than this are taken as a loop in the configuration. */
export const MAX_JUMP_HOPS = 8;

export interface SshEndpoint {
  /** The name asked for (an inventory address, a --host, a ProxyJump entry). */
  alias: string;
  /** What to connect to (HostName, else the alias). */
  host: string;
  port: number;
  /** Absent: neither the caller nor the file names a user. */
  user?: string;
  /** IdentityFile entries, expanded, in order. */
  identityFiles: string[];
}

export interface ResolvedSshTarget extends SshEndpoint {
  /** Bastions in the order they are passed through: the first is connected to directly. */
  jumps: SshEndpoint[];
  /** Keywords of the file that apply but that NGT Prep does not follow (Include, ProxyCommand, …). */
  ignored: string[];
}

export interface SshConfigContext {
  homedir: string;
  /** The local user name (%u). */
  localUser: string;
}

export interface ExplicitSshSettings {
  port?: number;
  user?: string;
  identityFile?: string;
  /** Replaces the file's ProxyJump; "none" removes it. */
  proxyJump?: string;
}

export class SshConfigError extends Error {
  constructor(
    readonly reason: 'badProxyJump' | 'jumpLoop' | 'badPort' | 'badToken',
    readonly value: string,
  ) {
    super(`${reason}: ${value}`);
    this.name = 'SshConfigError';
  }
}

const NOT_FOLLOWED = ['include', 'proxycommand', 'localcommand', 'match'];

/** `[user@]host[:port]` or `ssh://[user@]host[:port]`; IPv6 in brackets. */
export function parseJumpHop(text: string): { user?: string; host: string; port?: number } {
  const m = /^(?:ssh:\/\/)?(?:([^@\s/]+)@)?(\[[0-9a-fA-F:.]+\]|[^:@\s/[\]]+)(?::(\d{1,5}))?\/?$/.exec(text.trim());
  if (!m) throw new SshConfigError('badProxyJump', text);
  const port = m[3] === undefined ? undefined : Number(m[3]);
  if (port !== undefined && (port < 1 || port > 65535)) throw new SshConfigError('badProxyJump', text);
  return { user: m[1], host: unbracketHost(m[2]), port };
}

export function parseProxyJump(value: string | undefined): { user?: string; host: string; port?: number }[] {
  if (value === undefined || value.trim() === '' || value.trim().toLowerCase() === 'none') return [];
  return value.split(',').map(parseJumpHop);
}

function expandTokens(text: string, tokens: Record<string, string>): string {
  return text.replace(/%(.)/g, (whole, letter: string) => {
    if (letter === '%') return '%';
    const value = tokens[letter];
    if (value === undefined) throw new SshConfigError('badToken', text);
    return value;
  });
}

function expandTilde(path: string, homedir: string): string {
  if (path === '~') return homedir;
  return path.startsWith('~/') ? join(homedir, path.slice(2)) : path;
}

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function parsePortValue(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const port = parsePortText(value);
  if (port === undefined) throw new SshConfigError('badPort', value);
  return port;
}

export interface ParsedSshConfig {
  compute(alias: string): Record<string, string | string[]>;
}

export function parseSshConfig(text: string): ParsedSshConfig {
  const config = SSHConfig.parse(text);
  return { compute: (alias) => config.compute(alias, { ignoreCase: true, matchExec: false }) };
}

function resolveEndpoint(
  config: ParsedSshConfig,
  alias: string,
  explicit: ExplicitSshSettings,
  context: SshConfigContext,
  ignored: Set<string>,
): { endpoint: SshEndpoint; proxyJump?: string } {
  const values = config.compute(alias);
  for (const key of Object.keys(values)) if (NOT_FOLLOWED.includes(key)) ignored.add(key);
  const base = { h: alias, n: alias, u: context.localUser, d: context.homedir };
  const host = expandTokens(first(values.hostname) ?? alias, base);
  const port = explicit.port ?? parsePortValue(first(values.port)) ?? SSH_PORT;
  const user = explicit.user ?? first(values.user);
  const tokens = { ...base, h: host, p: String(port), r: user ?? context.localUser };
  const configured = values.identityfile === undefined ? [] : ([] as string[]).concat(values.identityfile);
  const identityFiles = [...(explicit.identityFile ? [explicit.identityFile] : []), ...configured]
    .filter((f) => f.toLowerCase() !== 'none')
    .map((f) => expandTilde(expandTokens(f, tokens), context.homedir));
  const endpoint: SshEndpoint = { alias, host, port, identityFiles };
  if (user !== undefined) endpoint.user = user;
  return { endpoint, proxyJump: explicit.proxyJump ?? first(values.proxyjump) };
}

/**
 * The target and the bastions to pass through. Throws SshConfigError for a
 * ProxyJump that cannot be read or that loops.
 */
export function resolveSshTarget(
  configText: string | ParsedSshConfig,
  alias: string,
  explicit: ExplicitSshSettings,
  context: SshConfigContext,
): ResolvedSshTarget {
  const config = typeof configText === 'string' ? parseSshConfig(configText) : configText;
  const ignored = new Set<string>();

  const jumpsFor = (proxyJump: string | undefined, trail: string[]): SshEndpoint[] => {
    const hops: SshEndpoint[] = [];
    for (const hop of parseProxyJump(proxyJump)) {
      if (trail.includes(hop.host) || trail.length > MAX_JUMP_HOPS)
        throw new SshConfigError('jumpLoop', [...trail, hop.host].join(' → '));
      // A hop's own user and port beat the file; its own ProxyJump comes before it.
      const resolved = resolveEndpoint(config, hop.host, { user: hop.user, port: hop.port }, context, ignored);
      hops.push(...jumpsFor(resolved.proxyJump, [...trail, hop.host]), resolved.endpoint);
    }
    return hops;
  };

  const target = resolveEndpoint(config, alias, explicit, context, ignored);
  const jumps = jumpsFor(target.proxyJump, [alias]);
  if (jumps.length > MAX_JUMP_HOPS) throw new SshConfigError('jumpLoop', jumps.map((j) => j.alias).join(' → '));
  return { ...target.endpoint, jumps, ignored: [...ignored].sort() };
}

/** ~/.ssh/config (OpenSSH for Windows keeps it under %USERPROFILE% too). */
export function defaultSshConfigPath(homedir: string): string {
  return join(homedir, '.ssh', 'config');
}

/** The file's text, or '' when it does not exist. */
export async function readSshConfig(
  path: string,
  readFile: (path: string, encoding: 'utf8') => Promise<string>,
): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as { code?: string }).code === 'ENOENT') return '';
    throw error;
  }
}

/** USAGE_SSH_CONFIG (exit 2): what in ~/.ssh/config (or the ProxyJump given) is wrong, and what to do. */
export function sshConfigNgtError(t: Translate, error: SshConfigError, path: string): NgtError {
  const params = { value: error.value, path };
  return new NgtError('USAGE_SSH_CONFIG', t(`sshConfig.errors.${error.reason}.message`, params), {
    category: 'usage',
    remediation: t(`sshConfig.errors.${error.reason}.remediation`, params),
  });
}
