/**
 * The Linux connection form's values, checks and the job request they make.
 * Pure: the page keeps the values, this file decides what they mean. Formats
 * come from the IPC contract's schema, so the wizard and main agree; main
 * validates again.
 */
import {
  parsePortText,
  SSH_PORT,
  linuxInstallParamsSchema,
  type JobStartRequest,
  type RecentHost,
} from '../../../../main/ipc/contract';

export type LinuxAuthKind = 'password' | 'key' | 'agent';

export interface LinuxFormValues {
  host: string;
  port: string;
  username: string;
  authKind: LinuxAuthKind;
  password: string;
  privateKeyPath: string;
  passphrase: string;
  sudoPassword: string;
  /** Root's password for `su -` (no sudo for this user); never together with sudoPassword. */
  suPassword: string;
  distro: string;
  force: boolean;
}

export type LinuxFormField = 'host' | 'port' | 'username' | 'password' | 'privateKeyPath' | 'suPassword' | 'distro';

/** Field → message key (ui.linux.errors.*). */
export type LinuxFormErrors = Partial<Record<LinuxFormField, string>>;

/** The order fields appear in, so the first error can take the focus. */
export const LINUX_FORM_FIELDS: readonly LinuxFormField[] = [
  'host',
  'port',
  'username',
  'password',
  'privateKeyPath',
  'suPassword',
  'distro',
];

export const EMPTY_LINUX_FORM: LinuxFormValues = {
  host: '',
  port: String(SSH_PORT),
  username: 'root',
  authKind: 'password',
  password: '',
  privateKeyPath: '',
  passphrase: '',
  sudoPassword: '',
  suPassword: '',
  distro: '',
  force: false,
};

/** 'check' runs the read-only prepare phase; 'install' runs everything. */
/** 'remove-check' / 'remove': the way back (Remove NGT), dry run first. */
export type LinuxRunMode = 'check' | 'install' | 'remove-check' | 'remove';

const shape = linuxInstallParamsSchema.shape;

export function validateLinuxForm(values: LinuxFormValues): LinuxFormErrors {
  const errors: LinuxFormErrors = {};
  const host = values.host.trim();
  if (!host) errors.host = 'ui.linux.errors.hostRequired';
  else if (!shape.host.safeParse(host).success) errors.host = 'ui.linux.errors.hostInvalid';
  if (!values.port.trim()) errors.port = 'ui.linux.errors.portRequired';
  else if (parsePortText(values.port) === undefined) errors.port = 'ui.linux.errors.portInvalid';
  const username = values.username.trim();
  if (!username) errors.username = 'ui.linux.errors.usernameRequired';
  else if (!shape.username.safeParse(username).success) errors.username = 'ui.linux.errors.usernameInvalid';
  if (values.authKind === 'password' && !values.password) errors.password = 'ui.linux.errors.passwordRequired';
  if (values.authKind === 'key' && !values.privateKeyPath.trim())
    errors.privateKeyPath = 'ui.linux.errors.privateKeyPathRequired';
  if (values.suPassword && values.sudoPassword) errors.suPassword = 'ui.linux.errors.sudoOrSu';
  if (values.distro.trim().length > 100) errors.distro = 'ui.linux.errors.distroInvalid';
  return errors;
}

/** The job request for valid values (call validateLinuxForm first). */
export function linuxInstallRequest(values: LinuxFormValues, mode: LinuxRunMode): JobStartRequest {
  const auth =
    values.authKind === 'password'
      ? { kind: 'password' as const, password: values.password }
      : values.authKind === 'key'
        ? {
            kind: 'key' as const,
            privateKeyPath: values.privateKeyPath.trim(),
            ...(values.passphrase ? { passphrase: values.passphrase } : {}),
          }
        : { kind: 'agent' as const };
  const distro = values.distro.trim();
  const removal = mode === 'remove' || mode === 'remove-check';
  return {
    kind: removal ? 'linux-remove' : 'linux-install',
    params: {
      host: values.host.trim(),
      port: parsePortText(values.port) ?? SSH_PORT,
      username: values.username.trim(),
      auth,
      ...(values.sudoPassword ? { sudoPassword: values.sudoPassword } : {}),
      ...(values.suPassword ? { suPassword: values.suPassword } : {}),
      ...(distro ? { distro } : {}),
      phase: mode === 'check' ? 'prepare' : 'all',
      dryRun: mode === 'check' || mode === 'remove-check',
      force: values.force,
    },
  };
}

/** A recent host fills the connection fields; secrets are never stored, so they are cleared. */
export function fillFromRecent(values: LinuxFormValues, recent: RecentHost): LinuxFormValues {
  return {
    ...values,
    host: recent.host,
    port: String(recent.port),
    username: recent.username,
    authKind: recent.authKind,
    password: '',
    passphrase: '',
    sudoPassword: '',
    suPassword: '',
    privateKeyPath: recent.privateKeyPath ?? '',
  };
}
