/**
 * The edge between a command line (or an inventory host) and connectSsh:
 * reads ~/.ssh/config (or the file given), resolves the host through it,
 * and when bastions are needed returns a `connect` that passes through them,
 * each bastion's host key checked by the same known_hosts policy as the
 * target's (`--fingerprint` names the target's key only, as with OpenSSH).
 */
import * as nodeFs from 'node:fs/promises';

import type { EnvironmentPort } from '../../engine/ports';
import type { Translate } from '../../engine/job';
import { connectSsh, type SshAuth } from './connectSsh';
import { hostKeyVerifier, type KnownHostsFsPort } from './hostKeyPolicy';
import {
  SshConfigError,
  defaultSshConfigPath,
  readSshConfig,
  resolveSshTarget,
  sshConfigNgtError,
  type SshEndpoint,
} from './sshConfigResolve';

export interface SshViaConfigInput {
  alias: string;
  port?: number;
  user?: string;
  /** Replaces the file's ProxyJump ("none" removes it). */
  proxyJump?: string;
  /** Default ~/.ssh/config. */
  configPath?: string;
  /** false: no config file is read (OpenSSH's `-F none`); the explicit values alone. Default true. */
  useConfigFile?: boolean;
  hostKeyPolicy: { knownHostsPath: string; acceptNew?: boolean };
}

export interface SshViaConfigDeps {
  t: Translate;
  environment: Pick<EnvironmentPort, 'homedir' | 'env'>;
  readFile: (path: string) => Promise<Buffer>;
  knownHostsFs?: KnownHostsFsPort;
}

export interface SshViaConfig {
  host: string;
  port: number;
  user?: string;
  /** The file's first IdentityFile for the target, when it names one. */
  identityFile?: string;
  /** Bastions by address, in the order passed through (for logs and reports). */
  jumps: string[];
  /** The same bastions with the account and key file used on each (the Ansible export writes them); absent without one. */
  hops?: { host: string; port: number; user?: string; identityFile?: string }[];
  /** connectSsh through the bastions; absent when there is none. */
  connect?: typeof connectSsh;
}

export async function sshViaConfig(input: SshViaConfigInput, deps: SshViaConfigDeps): Promise<SshViaConfig> {
  const { t, environment } = deps;
  const path = input.configPath ?? defaultSshConfigPath(environment.homedir);
  const text =
    input.useConfigFile === false
      ? ''
      : await readSshConfig(path, async (p) => (await deps.readFile(p)).toString('utf8'));
  const localUser = environment.env.USER ?? environment.env.LOGNAME ?? environment.env.USERNAME ?? '';
  let resolved;
  try {
    resolved = resolveSshTarget(
      text,
      input.alias,
      { port: input.port, user: input.user, proxyJump: input.proxyJump },
      { homedir: environment.homedir, localUser },
    );
  } catch (error) {
    if (error instanceof SshConfigError) throw sshConfigNgtError(t, error, path);
    throw error;
  }
  const result: SshViaConfig = {
    host: resolved.host,
    port: resolved.port,
    user: resolved.user,
    identityFile: resolved.identityFiles[0],
    jumps: resolved.jumps.map((j) => `${j.host}:${j.port}`),
  };
  if (resolved.jumps.length === 0) return result;
  result.hops = resolved.jumps.map((j) => ({
    host: j.host,
    port: j.port,
    user: j.user,
    identityFile: j.identityFiles[0],
  }));

  const fs = deps.knownHostsFs ?? (nodeFs as unknown as KnownHostsFsPort);
  const hopAuth = (hop: SshEndpoint, targetAuth: SshAuth): SshAuth =>
    hop.identityFiles[0] ? { kind: 'key', privateKeyPath: hop.identityFiles[0] } : targetAuth;
  result.connect = (options, connectDeps) =>
    connectSsh(
      {
        ...options,
        jumps: resolved.jumps.map((hop) => ({
          host: hop.host,
          port: hop.port,
          username: hop.user ?? options.username,
          auth: hopAuth(hop, options.auth),
          verifyHostKey: hostKeyVerifier({
            host: hop.host,
            port: hop.port,
            knownHostsPath: input.hostKeyPolicy.knownHostsPath,
            fs,
            t,
            acceptNew: input.hostKeyPolicy.acceptNew,
            ask:
              connectDeps.askJumpHostKey &&
              ((key) => connectDeps.askJumpHostKey!({ host: hop.host, port: hop.port }, key)),
            log: connectDeps.log,
          }),
        })),
      },
      connectDeps,
    );
  return result;
}
