/**
 * The files of an Ansible export, from the hosts a fleet prepare pass
 * prepared: a YAML inventory (group ngt_prep_linux), a known_hosts file with
 * exactly the host keys that pass verified (ssh is pointed at it with
 * StrictHostKeyChecking=yes, never told to skip the check), the playbook and
 * its task file, and the patched installer_factory.py files keyed by the
 * original's sha256. Values read from the hosts are written `!unsafe`, so
 * Ansible never evaluates them as templates. Pure: data in, files out.
 */
import { createHash } from 'node:crypto';

import { Document, isScalar, visit } from 'yaml';

import type { Translate } from '../../engine/job';
import { knownHostsLine } from '../../linux/knownHosts';
import { shJoin, shQuote } from '../../linux/shellQuote';
import type { AnsibleFactory, AnsibleHost } from './ansibleHosts';
import { distinctFactories } from './ansibleHosts';
import {
  FACTORIES_FILE,
  FACTORY_FILES_DIR,
  INVENTORY_GROUP,
  PLAYBOOK_FILE,
  SERVICE_TASKS_FILE,
  ansiblePlaybook,
  serviceTasks,
} from './ansiblePlaybook';

export const INVENTORY_FILE = 'inventory.yml';
export const KNOWN_HOSTS_FILE = 'known_hosts';

export interface ExportFile {
  /** Relative to the export folder, `/`-separated. */
  path: string;
  content: string;
}

export interface AnsibleExportInput {
  hosts: AnsibleHost[];
  factories: AnsibleFactory[];
  t: Translate;
  tool: { name: string; version: string };
}

const UNSAFE = '__ngt_prep_unsafe__';
/** A value that came from a host or a person: written `!unsafe` (Ansible: "Unsafe or raw strings"). */
const unsafe = (value: string) => ({ [UNSAFE]: value });

function yamlText(data: unknown, header: string): string {
  const doc = new Document(data);
  visit(doc, {
    Map(_, node) {
      const only = node.items.length === 1 ? node.items[0] : undefined;
      if (only && isScalar(only.key) && only.key.value === UNSAFE && isScalar(only.value)) {
        const scalar = doc.createNode(String(only.value.value));
        scalar.tag = '!unsafe';
        return scalar;
      }
      return undefined;
    },
  });
  doc.commentBefore = header;
  return doc.toString({ lineWidth: 0 });
}

/** An environment variable's name as the inventory checked it; anything else would be template text. */
function envName(name: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new Error(`not an environment variable name: ${name}`);
  return name;
}

const KNOWN_HOSTS_OPTIONS = [`UserKnownHostsFile={{ playbook_dir }}/${KNOWN_HOSTS_FILE}`, 'StrictHostKeyChecking=yes'];

/**
 * ssh's extra arguments: exactly the keys the prepare pass verified, for the target and its bastion.
 * The bastion is reached with ProxyCommand rather than ProxyJump because ssh does not hand -o options
 * to the ssh it starts for a ProxyJump (only -l, -p and -F): the bastion's key would then be checked
 * against ~/.ssh/known_hosts, or not at all. The command is an argv quoted for the shell ssh runs it
 * with, and the whole option is one shell-style word for Ansible, which splits these arguments with
 * shlex (POSIX rules, the same quoting). ({{ playbook_dir }} is templated inside quotes: a folder
 * whose path holds a single quote is not supported, as before.)
 */
export function sshCommonArgs(jump?: { host: string; port: number; user: string; identityFile?: string }): string {
  const options = KNOWN_HOSTS_OPTIONS.flatMap((o) => ['-o', o]);
  const direct = `-o 'UserKnownHostsFile={{ playbook_dir }}/${KNOWN_HOSTS_FILE}' -o StrictHostKeyChecking=yes`;
  if (!jump) return direct;
  const proxy = shJoin([
    'ssh',
    ...options,
    '-o',
    'BatchMode=yes',
    ...(jump.identityFile ? ['-i', jump.identityFile] : []),
    '-p',
    String(jump.port),
    '-l',
    jump.user,
    '-W',
    '%h:%p',
    '--',
    jump.host,
  ]);
  return `${direct} -o ${shQuote(`ProxyCommand=${proxy}`)}`;
}

const sha1 = (text: string) => createHash('sha1').update(Buffer.from(text, 'utf8')).digest('hex');

export function factoryFilePath(f: AnsibleFactory): string {
  return `${FACTORY_FILES_DIR}/${f.originalSha256}/${f.patchedSha256}.py`;
}

export function buildAnsibleExport(input: AnsibleExportInput): ExportFile[] {
  const { t, hosts } = input;
  const header = ` ${t('fleetAnsible.file.header', { tool: input.tool.name, version: input.tool.version })}`;
  const factories = distinctFactories(input.factories);

  const inventoryHosts: Record<string, unknown> = {};
  for (const h of hosts) {
    inventoryHosts[h.name] = {
      ansible_host: unsafe(h.address),
      ansible_port: h.port,
      ansible_user: unsafe(h.user),
      ...(h.keyPath ? { ansible_ssh_private_key_file: unsafe(h.keyPath) } : {}),
      ...(h.become ? { ansible_become: true, ansible_become_method: 'sudo' } : {}),
      ...(h.become && h.becomeUser ? { ansible_become_user: unsafe(h.becomeUser) } : {}),
      // The sudo password stays where the person keeps it: read from the environment when the play runs.
      ...(h.become && h.becomePasswordEnv
        ? { ansible_become_password: `{{ lookup('ansible.builtin.env', '${envName(h.becomePasswordEnv)}') }}` }
        : {}),
      ...(h.jump ? { ansible_ssh_common_args: sshCommonArgs(h.jump) } : {}),
      ansible_python_interpreter: unsafe(h.python),
      ngt_prep_iso_dir: unsafe(h.isoDir),
      ngt_prep_staging: unsafe(h.stagingDir),
      ngt_prep_python: unsafe(h.python),
      ngt_prep_distribution: unsafe(h.distribution),
      ngt_prep_install_argv: h.installArgv.map(unsafe),
    };
  }
  const inventory = {
    all: {
      children: {
        [INVENTORY_GROUP]: {
          vars: {
            // Exactly the keys the prepare pass verified; a changed or unknown key stops ssh.
            ansible_ssh_common_args: sshCommonArgs(),
          },
          hosts: inventoryHosts,
        },
      },
    },
  };

  const byOriginal: Record<string, Record<string, unknown>> = {};
  for (const f of factories) {
    const entry = f.patched
      ? {
          patched: true,
          file: factoryFilePath(f),
          sha256: f.patchedSha256,
          sha1: sha1(f.patched),
          condition: unsafe(f.condition ?? ''),
        }
      : { patched: false };
    (byOriginal[f.originalSha256] ??= {})[f.distribution] = entry;
  }

  const knownHosts = [
    ...hosts.map((h) => knownHostsLine(h.address, h.port, h.hostKey.type, h.hostKey.blob)),
    ...new Set(hosts.flatMap((h) => h.jump?.knownHostsLines ?? [])),
  ].join('\n');
  const files: ExportFile[] = [
    { path: INVENTORY_FILE, content: yamlText(inventory, header) },
    { path: KNOWN_HOSTS_FILE, content: hosts.length > 0 ? `${knownHosts}\n` : '' },
    { path: PLAYBOOK_FILE, content: yamlText(ansiblePlaybook(t), header) },
    { path: SERVICE_TASKS_FILE, content: yamlText(serviceTasks(t), header) },
    { path: FACTORIES_FILE, content: yamlText({ ngt_prep_factories: byOriginal }, header) },
  ];
  for (const f of factories) if (f.patched) files.push({ path: `files/${factoryFilePath(f)}`, content: f.patched });
  return files;
}
