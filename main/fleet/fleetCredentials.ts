/**
 * Connection settings per host: the inventory's own values, over the fleet
 * defaults of the command line, over ~/.ssh/config (resolved by the caller).
 * Secrets come from the environment variables the inventory or the flags
 * name, or from one prompt per distinct user; they stay in this process's
 * memory. A host that cannot be given a credential is a usage error naming the
 * host and the field, never the variable's value.
 */
import * as path from 'node:path';

import { NgtError } from '../engine/errors';
import type { Translate } from '../engine/job';
import type { LinuxInstallParams } from '../linux/installParams';
import type { InventoryHost } from './inventory/inventoryModel';

export interface FleetCredentialDefaults {
  user?: string;
  keyPath?: string;
  passphraseEnv?: string;
  passwordEnv?: string;
  sudoPasswordEnv?: string;
  agent?: boolean;
}

export interface CredentialDeps {
  t: Translate;
  env: NodeJS.ProcessEnv;
  /** Asks for a password without echo; absent without a terminal. `user` is whose (the wizard's fields are per user). */
  promptSecret?: (question: string, user: string) => Promise<string>;
}

export interface ResolvedVia {
  host: string;
  port: number;
  user?: string;
  identityFile?: string;
}

function usage(code: string, message: string, remediation?: string): NgtError {
  return new NgtError(code, message, { category: 'usage', remediation });
}

/** Builds the job parameters for every host; prompts at most once per distinct user. */
export async function fleetHostParams(
  hosts: { host: InventoryHost; via: ResolvedVia }[],
  defaults: FleetCredentialDefaults,
  deps: CredentialDeps,
  extra: { isoDir?: string; force?: boolean } = {},
): Promise<Map<string, Omit<LinuxInstallParams, 'phase' | 'dryRun'>>> {
  const { t } = deps;
  const asked = new Map<string, string>();
  const fromEnv = (host: string, field: string, variable: string): string => {
    const value = deps.env[variable];
    if (value === undefined || value === '')
      throw usage(
        'USAGE_SECRET_ENV_EMPTY',
        t('fleet.cli.secretEnvEmpty', { host, field }),
        t('fleet.cli.secretEnvRemediation', { field }),
      );
    return value;
  };
  const out = new Map<string, Omit<LinuxInstallParams, 'phase' | 'dryRun'>>();
  for (const { host, via } of hosts) {
    const username = host.user ?? defaults.user ?? via.user;
    if (!username) throw usage('USAGE_MISSING_USER', t('fleet.cli.noUser', { host: host.name }));
    const kind =
      host.auth ??
      (host.keyPath ? 'key' : host.passwordEnv ? 'password' : undefined) ??
      (defaults.passwordEnv ? 'password' : defaults.keyPath ? 'key' : defaults.agent ? 'agent' : undefined) ??
      (via.identityFile ? 'key' : undefined);
    let auth: LinuxInstallParams['auth'];
    if (kind === 'agent') auth = { kind: 'agent' };
    else if (kind === 'key') {
      const keyPath = host.keyPath ?? defaults.keyPath ?? via.identityFile;
      if (!keyPath) throw usage('USAGE_NO_AUTH', t('fleet.cli.noKey', { host: host.name }));
      const passphraseVar = host.passphraseEnv ?? defaults.passphraseEnv;
      auth = {
        kind: 'key',
        privateKeyPath: path.resolve(keyPath),
        passphrase: passphraseVar
          ? fromEnv(host.name, host.passphraseEnv ? 'passphrase_env' : '--passphrase-env', passphraseVar)
          : undefined,
      };
    } else {
      const variable = host.passwordEnv ?? defaults.passwordEnv;
      let password: string;
      if (variable) password = fromEnv(host.name, host.passwordEnv ? 'password_env' : '--password-env', variable);
      else if (asked.has(username)) password = asked.get(username)!;
      else if (deps.promptSecret) {
        password = await deps.promptSecret(t('fleet.cli.askPassword', { user: username }), username);
        asked.set(username, password);
      } else throw usage('USAGE_NO_AUTH', t('fleet.cli.needAuth', { host: host.name }));
      auth = { kind: 'password', password };
    }
    const sudoVar = host.sudoPasswordEnv ?? defaults.sudoPasswordEnv;
    out.set(host.name, {
      host: via.host,
      port: via.port,
      username,
      auth,
      sudoPassword: sudoVar
        ? fromEnv(host.name, host.sudoPasswordEnv ? 'sudo_password_env' : '--sudo-password-env', sudoVar)
        : undefined,
      isoDir: extra.isoDir,
      force: extra.force === true,
    });
  }
  return out;
}
