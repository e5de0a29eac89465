/**
 * The SSH connection options every SSH command takes (`linux install`, `linux
 * remove`, `cvm …`): the host through ~/.ssh/config, the host-key policy
 * (known_hosts, --accept-new, --fingerprint) and one way to log in. Checked
 * before anything connects; each problem is a usage error (exit 2).
 */
import * as path from 'node:path';
import type { SshAuth } from '../linux/ssh/connectSsh';
import { defaultKnownHostsPath } from '../linux/ssh/hostKeyPolicy';
import { sshViaConfig, type SshViaConfig } from '../linux/ssh/sshViaConfig';
import { USER_PASSWORD_OPTIONS, parsePort, secretFromEnv, usageError, type OptionValues } from './argumentParsers';
import type { CliContext } from './cliTypes';
import { checkKnownHostsFile, checkPrivateKeyFile } from './localFileChecks';

/** How to log in and trust the host key, without naming the host: `fleet` takes the hosts from its inventory. */
export const SSH_ACCOUNT_OPTIONS = {
  ...USER_PASSWORD_OPTIONS,
  key: { type: 'string' },
  'passphrase-env': { type: 'string' },
  agent: { type: 'boolean' },
  'known-hosts': { type: 'string' },
  'proxy-jump': { type: 'string' },
  'ssh-config': { type: 'string' },
  'accept-new': { type: 'boolean' },
} as const;

export const SSH_LOGIN_OPTIONS = {
  host: { type: 'string' },
  port: { type: 'string' },
  ...SSH_ACCOUNT_OPTIONS,
  fingerprint: { type: 'string' },
} as const;

export type SshLoginValues = OptionValues<typeof SSH_LOGIN_OPTIONS>;

export interface SshLogin {
  host: string;
  port: number;
  user: string;
  auth: SshAuth;
  hostKeyPolicy: { knownHostsPath: string; acceptNew: boolean; fingerprint?: string };
  /** connectSsh through the ProxyJump bastions, when there are any. */
  connect: SshViaConfig['connect'];
}

/** `SHA256:` followed by unpadded or padded base64 of 32 bytes, as ssh-keygen -l prints it. */
export const SSH_FINGERPRINT = /^SHA256:[A-Za-z0-9+/]{43}=?$/i;

/**
 * Resolves and checks the options. `defaultUser` is taken when neither --user nor
 * ~/.ssh/config names one (the CVM's `nutanix`); without it --user is required.
 */
export async function sshLoginFromValues(
  values: SshLoginValues,
  context: CliContext,
  usageKey: string,
  defaultUser?: string,
): Promise<SshLogin> {
  const { t } = context;
  const usage = t(usageKey);
  if (!values.host) throw usageError('USAGE_MISSING_HOST', t('cli.errors.missingOption', { option: '--host' }), usage);
  const knownHostsPath = values['known-hosts']
    ? path.resolve(values['known-hosts'])
    : defaultKnownHostsPath(context.ports.environment.homedir);
  // ~/.ssh/config (HostName, User, Port, ProxyJump) as OpenSSH reads it; the flags given beat it.
  const via = await sshViaConfig(
    {
      alias: values.host,
      port: values.port === undefined ? undefined : parsePort(values.port, t),
      user: values.user,
      proxyJump: values['proxy-jump'],
      configPath: values['ssh-config'] ? path.resolve(values['ssh-config']) : undefined,
      hostKeyPolicy: { knownHostsPath, acceptNew: values['accept-new'] === true },
    },
    { t, environment: context.ports.environment, readFile: (file) => context.ports.fs.readFile(file) },
  );
  const user = values.user ?? via.user ?? defaultUser;
  if (!user) throw usageError('USAGE_MISSING_USER', t('cli.errors.missingOption', { option: '--user' }), usage);
  if (values['accept-new'] && values.fingerprint !== undefined) {
    throw usageError('USAGE_HOST_KEY_FLAGS', t('linuxJob.cli.install.hostKeyFlags'));
  }
  if (values.fingerprint !== undefined && !SSH_FINGERPRINT.test(values.fingerprint.trim())) {
    throw usageError('USAGE_BAD_FINGERPRINT', t('linuxJob.cli.install.badFingerprint', { value: values.fingerprint }));
  }
  const authFlags = [values['password-env'] !== undefined, values.key !== undefined, values.agent === true].filter(
    Boolean,
  ).length;
  if (authFlags > 1) throw usageError('USAGE_AUTH_FLAGS', t('linuxJob.cli.install.oneAuth'), usage);
  if (values['passphrase-env'] !== undefined && values.key === undefined) {
    throw usageError('USAGE_AUTH_FLAGS', t('linuxJob.cli.install.passphraseWithoutKey'));
  }

  let auth: SshAuth;
  if (values['password-env'] !== undefined) {
    auth = { kind: 'password', password: secretFromEnv('--password-env', values['password-env'], context) };
  } else if (values.key !== undefined) {
    const passphrase =
      values['passphrase-env'] !== undefined
        ? secretFromEnv('--passphrase-env', values['passphrase-env'], context)
        : undefined;
    auth = { kind: 'key', privateKeyPath: path.resolve(values.key), passphrase };
    await checkPrivateKeyFile(auth.privateKeyPath, passphrase, context);
  } else if (values.agent) {
    auth = { kind: 'agent' };
  } else if (via.identityFile) {
    auth = { kind: 'key', privateKeyPath: via.identityFile };
  } else if (context.io.promptSecret) {
    const password = await context.io.promptSecret(t('linuxJob.cli.install.askPassword', { user, host: via.host }));
    auth = { kind: 'password', password };
  } else {
    throw usageError('USAGE_NO_AUTH', t('linuxJob.cli.install.needAuth'), usage);
  }
  await checkKnownHostsFile(knownHostsPath, context);
  return {
    host: via.host,
    port: via.port,
    user,
    auth,
    hostKeyPolicy: {
      knownHostsPath,
      acceptNew: values['accept-new'] === true,
      fingerprint: values.fingerprint?.trim(),
    },
    connect: via.connect,
  };
}
