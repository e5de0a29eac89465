/**
 * What the Ansible export needs from one host's prepare pass: where the ISO
 * is, which Python and entry point the installer takes, the staging folder,
 * the verified host key, and the installer_factory.py the patcher read (by
 * sha256) with what it made of it. A host the pass could not prepare, or one
 * the playbook could not reach the same way, is left out with a reason code.
 * Pure: the fleet run's outcome and the host's connection settings in.
 */
import type { Report } from '../../engine/types';
import { redHatCondition } from '../../linux/installerFactory/factoryReaders';
import type { HostJobOutcome, Readiness } from '../fleetTypes';
import { sha256Hex } from '../../linux/installerFactory/factoryDigest';

/** The one folder the playbook stages into, under the base NGT Prep's own job would use. */
export const ANSIBLE_STAGING_NAME = 'ngt-prep-ansible';

export interface AnsibleHost {
  name: string;
  address: string;
  port: number;
  user: string;
  /** ansible_ssh_private_key_file, for key logins. */
  keyPath?: string;
  /** Become through sudo: the login is not root, or the inventory says ansible_become. */
  become: boolean;
  /** The inventory's ansible_become_user (root when absent). */
  becomeUser?: string;
  /** The environment variable holding the sudo password (its name, never its value). */
  becomePasswordEnv?: string;
  /** The bastion the prepare pass went through (ProxyJump), with its host key lines as known_hosts holds them. */
  jump?: AnsibleJump;
  python: string;
  isoDir: string;
  stagingDir: string;
  /** What installer_factory.py computes on this host (`linux_distribution()[0].lower()`). */
  distribution: string;
  /** The installer's argv in the playbook's staging folder (install_ngt.sh or install_ngt.py). */
  installArgv: string[];
  factorySha256: string;
  hostKey: { type: string; blob: Buffer };
}

export interface AnsibleJump {
  host: string;
  port: number;
  user: string;
  /** known_hosts lines for the bastion, from the file that verified it during the prepare pass. */
  knownHostsLines: string[];
  /** The key file for the bastion (its own IdentityFile, else the target's), as the prepare pass used. */
  identityFile?: string;
}

/** One distinct original installer_factory.py and, for one distribution, what NGT Prep's patcher made of it. */
export interface AnsibleFactory {
  originalSha256: string;
  distribution: string;
  /** Absent: the original already takes this distribution, no patch. */
  patched?: string;
  patchedSha256?: string;
  /** The patched Red Hat branch's condition, evaluated on the host before the installer runs. */
  condition?: string;
}

export type AnsibleHostChoice =
  { ok: true; host: AnsibleHost; factory: AnsibleFactory } | { ok: false; name: string; code: AnsibleSkipCode };

export type AnsibleSkipCode =
  | 'ANSIBLE_HOST_NOT_PREPARED'
  | 'ANSIBLE_HOST_VIA_BASTION'
  | 'ANSIBLE_HOST_ISO_MOUNTED_BY_PREPARE'
  | 'ANSIBLE_HOST_NO_PLAN';

export interface AnsibleHostInput {
  name: string;
  readiness?: Readiness;
  outcome?: HostJobOutcome;
  connection: {
    host: string;
    port: number;
    username: string;
    keyPath?: string;
    jumps: number;
    /** The one bastion, when `jumps` is 1 and its key is on record. */
    jump?: AnsibleJump;
  };
  /** ansible_become / ansible_become_user and the sudo password's variable, as the inventory gave them. */
  become?: { become?: boolean; user?: string; passwordEnv?: string };
}

/**
 * A bastion the export can name: its key on record, and a host and user made of characters that
 * neither Ansible's templating (`{{`) nor ssh's ProxyCommand tokens (`%`) would read as their own.
 */
function usableJump(jump: AnsibleJump | undefined): boolean {
  return (
    jump !== undefined &&
    jump.knownHostsLines.length > 0 &&
    /^[A-Za-z0-9.:-]+$/.test(jump.host) &&
    /^[A-Za-z0-9._-]+$/.test(jump.user) &&
    (jump.identityFile === undefined || /^[A-Za-z0-9._/~-]+$/.test(jump.identityFile))
  );
}

function stepData(report: Report, id: string): Record<string, unknown> {
  return (report.steps.find((s) => s.id === id)?.data ?? {}) as Record<string, unknown>;
}

const text = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

export function ansibleHostOf(input: AnsibleHostInput): AnsibleHostChoice {
  const { name, outcome, connection } = input;
  const skip = (code: AnsibleSkipCode): AnsibleHostChoice => ({ ok: false, name, code });
  const ready = ['will-patch', 'will-install', 'already-done'];
  if (!outcome || !input.readiness || !ready.includes(input.readiness)) return skip('ANSIBLE_HOST_NOT_PREPARED');
  // One bastion whose key the prepare pass verified goes into the export; a chain of them, or one not on record, does not.
  if (connection.jumps > 1 || (connection.jumps === 1 && !usableJump(connection.jump)))
    return skip('ANSIBLE_HOST_VIA_BASTION');
  if (stepData(outcome.report, 'iso').mountedByUs === true) return skip('ANSIBLE_HOST_ISO_MOUNTED_BY_PREPARE');
  const plan = stepData(outcome.report, 'plan');
  const stagingPath = text(plan.stagingPath);
  const stagingBase = text(plan.stagingBase);
  const isoDir = text(plan.isoDir);
  const python = text(plan.python);
  const distribution = text(plan.distribution);
  const argv = Array.isArray(plan.installCommand) ? plan.installCommand.filter((a) => typeof a === 'string') : [];
  const source = outcome.factorySource;
  if (!stagingPath || !stagingBase || !isoDir || !python || !distribution || argv.length === 0)
    return skip('ANSIBLE_HOST_NO_PLAN');
  if (source === undefined || !outcome.hostKey) return skip('ANSIBLE_HOST_NO_PLAN');
  const stagingDir = `${stagingBase}/${ANSIBLE_STAGING_NAME}`;
  const inStaging = (a: string) =>
    a === stagingPath ? stagingDir : a.startsWith(`${stagingPath}/`) ? stagingDir + a.slice(stagingPath.length) : a;
  const originalSha256 = outcome.factorySha256 ?? sha256Hex(source);
  const patched = outcome.patchedFactory;
  const host: AnsibleHost = {
    name,
    address: connection.host,
    port: connection.port,
    user: connection.username,
    keyPath: connection.keyPath,
    become: connection.username !== 'root' || input.become?.become === true,
    ...(input.become?.user ? { becomeUser: input.become.user } : {}),
    ...(input.become?.passwordEnv ? { becomePasswordEnv: input.become.passwordEnv } : {}),
    ...(connection.jumps === 1 && connection.jump ? { jump: connection.jump } : {}),
    python,
    isoDir,
    stagingDir,
    distribution,
    installArgv: argv.map(inStaging),
    factorySha256: originalSha256,
    hostKey: outcome.hostKey,
  };
  const factory: AnsibleFactory = { originalSha256, distribution };
  if (patched !== undefined) {
    factory.patched = patched;
    factory.patchedSha256 = sha256Hex(patched);
    factory.condition = redHatCondition(patched) ?? undefined;
  }
  return { ok: true, host, factory };
}

/** One entry per distinct (original, distribution): hosts cloned from one template share it. */
export function distinctFactories(factories: AnsibleFactory[]): AnsibleFactory[] {
  const seen = new Map<string, AnsibleFactory>();
  for (const f of factories) {
    const key = `${f.originalSha256}\u0000${f.distribution}`;
    if (!seen.has(key)) seen.set(key, f);
  }
  return [...seen.values()];
}
