/**
 * The Ansible export generator: from prepare outcomes (the real patcher's
 * output for the fixture ISO's installer_factory.py) to the files written —
 * the play's structure (builtin modules only, argv commands, the refusal
 * before any change, install only when needed), the patched files keyed by
 * the original's sha256, known_hosts from the verified keys, and host values
 * written `!unsafe`. The playbook itself runs under real ansible-playbook in
 * test/integration/fleet/ansibleExportSandbox.test.ts.
 */
import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';

import type { Report, ReportStep } from '../../../main/engine/types';
import { buildAnsibleExport, type ExportFile } from '../../../main/fleet/ansible/ansibleExport';
import { ansibleHostOf, type AnsibleHostInput } from '../../../main/fleet/ansible/ansibleHosts';
import type { HostJobOutcome } from '../../../main/fleet/fleetTypes';
import { createTranslator } from '../../../main/i18n/catalogue';
import { planInstallerFactoryPatch } from '../../../main/linux/installerFactoryPatch';
import { knownHostsLine } from '../../../main/linux/knownHosts';

const FIXTURE = join(__dirname, '../../fixtures/ngt-iso/styles/newer/installer/linux/src/installer_factory.py');
const original = readFileSync(FIXTURE, 'utf8');
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const t = createTranslator('en');
const tool = { name: 'ngt-prep', version: 'test' };
const STAGING = '/var/tmp/ngt-prep-20261201120000';

function patchedFor(name: string): string {
  const plan = planInstallerFactoryPatch(original, name);
  if (plan.kind !== 'patched') throw new Error(`fixture not patched for ${name}: ${plan.kind}`);
  return plan.patched;
}

function step(id: string, data: Record<string, unknown>): ReportStep {
  return { id, phase: 'prepare', title: id, status: 'ok', summary: id, durationMs: 0, data };
}

function outcome(distribution: string, over: { iso?: Record<string, unknown>; plan?: Record<string, unknown> } = {}) {
  const report: Report = {
    schema: 'ngt-prep/report@1',
    tool,
    job: { id: 'j', kind: 'linux-install', target: 'x', lang: 'en' },
    startedAt: '2026-01-01T00:00:00.000Z',
    finishedAt: '2026-01-01T00:00:01.000Z',
    result: 'ok',
    steps: [
      step('iso', { isoDir: '/run/media/root/NUTANIX_TOOLS', mountedByUs: false, ...over.iso }),
      step('plan', {
        stagingPath: STAGING,
        stagingBase: '/var/tmp',
        isoDir: '/run/media/root/NUTANIX_TOOLS',
        python: '/usr/bin/python3',
        distribution,
        installCommand: ['sh', `${STAGING}/installer/linux/install_ngt.sh`, '--operation=install'],
        ...over.plan,
      }),
    ],
  };
  const out: HostJobOutcome = {
    report,
    factorySha256: sha256(original),
    factorySource: original,
    patchedFactory: patchedFor(distribution),
    hostKey: { type: 'ssh-ed25519', blob: ed25519Blob() },
  };
  return out;
}

function ed25519Blob(): Buffer {
  const type = Buffer.from('ssh-ed25519');
  const key = randomBytes(32);
  const len = (n: number) => Buffer.from([0, 0, 0, n]);
  return Buffer.concat([len(type.length), type, len(key.length), key]);
}

function input(name: string, out: HostJobOutcome | undefined, over: Partial<AnsibleHostInput> = {}): AnsibleHostInput {
  return {
    name,
    readiness: 'will-patch',
    outcome: out,
    connection: { host: `10.200.0.${name.length}`, port: 22, username: 'root', keyPath: '/k/id', jumps: 0 },
    ...over,
  };
}

const unsafeTag = { tag: '!unsafe', resolve: (s: string) => `UNSAFE:${s}` };
const yamlOf = (files: ExportFile[], path: string) =>
  parseYaml(files.find((f) => f.path === path)!.content, { customTags: [unsafeTag] }) as unknown;

type Task = Record<string, unknown> & { name: string; when?: string };

function exportOf(names: [string, string][]) {
  const chosen = names.map(([name, distribution]) => ansibleHostOf(input(name, outcome(distribution))));
  const ok = chosen.flatMap((c) => (c.ok ? [c] : []));
  const files = buildAnsibleExport({ hosts: ok.map((c) => c.host), factories: ok.map((c) => c.factory), t, tool });
  const play = (yamlOf(files, 'ngt_prep_linux.yml') as { tasks: Task[]; hosts: string; vars_files: string[] }[])[0]!;
  return { chosen, ok, files, play };
}

const moduleOf = (task: Task) => Object.keys(task).find((k) => k.includes('.'))!;
const WRITES = new Set(['ansible.builtin.file', 'ansible.builtin.copy', 'ansible.builtin.command']);

describe('ansibleHostOf', () => {
  it('takes the prepare pass plan into the playbook staging folder', () => {
    const c = ansibleHostOf(input('rocky1', outcome('rocky linux')));
    expect(c.ok).toBe(true);
    if (!c.ok) return;
    expect(c.host.stagingDir).toBe('/var/tmp/ngt-prep-ansible');
    expect(c.host.installArgv).toEqual([
      'sh',
      '/var/tmp/ngt-prep-ansible/installer/linux/install_ngt.sh',
      '--operation=install',
    ]);
    expect(c.factory.originalSha256).toBe(sha256(original));
    expect(c.factory.patchedSha256).toBe(sha256(patchedFor('rocky linux')));
    expect(c.factory.condition).toContain('"rocky linux" in distribution');
  });

  it('follows the noexec fallback (/root) and install_ngt.py with its interpreter', () => {
    const c = ansibleHostOf(
      input(
        'el7',
        outcome('rocky linux', {
          plan: {
            stagingPath: '/root/ngt-prep-20261201120000',
            stagingBase: '/root',
            python: '/usr/bin/python2',
            installCommand: ['/usr/bin/python2', '/root/ngt-prep-20261201120000/installer/linux/install_ngt.py'],
          },
        }),
      ),
    );
    expect(c.ok && c.host.installArgv).toEqual([
      '/usr/bin/python2',
      '/root/ngt-prep-ansible/installer/linux/install_ngt.py',
    ]);
  });

  it('leaves out, with a code, the hosts the playbook could not treat the same way', () => {
    const codes = [
      ansibleHostOf(input('a', outcome('rocky linux'), { readiness: 'cannot' })),
      ansibleHostOf(input('b', undefined)),
      ansibleHostOf(
        input('c', outcome('rocky linux'), { connection: { host: 'h', port: 22, username: 'root', jumps: 1 } }),
      ),
      ansibleHostOf(input('d', outcome('rocky linux', { iso: { mountedByUs: true } }))),
      ansibleHostOf(input('e', outcome('rocky linux', { plan: { installCommand: [] } }))),
    ].map((c) => (c.ok ? 'exported' : c.code));
    expect(codes).toEqual([
      'ANSIBLE_HOST_NOT_PREPARED',
      'ANSIBLE_HOST_NOT_PREPARED',
      'ANSIBLE_HOST_VIA_BASTION',
      'ANSIBLE_HOST_ISO_MOUNTED_BY_PREPARE',
      'ANSIBLE_HOST_NO_PLAN',
    ]);
  });
});

/** How Ansible's ssh connection splits ansible_ssh_common_args: Python's shlex (POSIX), here the real one. */
function shlexSplit(text: string): string[] {
  const r = spawnSync('python3', ['-c', 'import json,shlex,sys; print(json.dumps(shlex.split(sys.stdin.read())))'], {
    input: text,
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout) as string[];
}

describe('bastions and become in the export', () => {
  const bastionLine = knownHostsLine('10.200.9.2', 2222, 'ssh-ed25519', ed25519Blob());
  const jump = { host: '10.200.9.2', port: 2222, user: 'jump-user', knownHostsLines: [bastionLine] };

  it('one bastion with its key on record: a ProxyCommand that checks it against the export known_hosts, one word for shlex', () => {
    const c = ansibleHostOf(
      input('via', outcome('rocky linux'), {
        connection: { host: '10.200.9.130', port: 22, username: 'root', jumps: 1, jump },
      }),
    );
    if (!c.ok) throw new Error(c.code);
    const files = buildAnsibleExport({ hosts: [c.host], factories: [c.factory], t, tool });
    const inv = yamlOf(files, 'inventory.yml') as {
      all: { children: { ngt_prep_linux: { hosts: Record<string, Record<string, string>> } } };
    };
    const args = inv.all.children.ngt_prep_linux.hosts.via!.ansible_ssh_common_args!;
    const words = shlexSplit(args.replace(/\{\{ playbook_dir \}\}/g, '/tmp/export dir'));
    expect(words.slice(0, 4)).toEqual([
      '-o',
      'UserKnownHostsFile=/tmp/export dir/known_hosts',
      '-o',
      'StrictHostKeyChecking=yes',
    ]);
    expect(words[4]).toBe('-o');
    expect(words[5]!.startsWith('ProxyCommand=')).toBe(true);
    // ssh runs the ProxyCommand with the shell: split again, the bastion is checked by the same file, strictly.
    expect(shlexSplit(words[5]!.slice('ProxyCommand='.length))).toEqual([
      'ssh',
      '-o',
      'UserKnownHostsFile=/tmp/export dir/known_hosts',
      '-o',
      'StrictHostKeyChecking=yes',
      '-o',
      'BatchMode=yes',
      '-p',
      '2222',
      '-l',
      'jump-user',
      '-W',
      '%h:%p',
      '--',
      '10.200.9.2',
    ]);
    expect(files.find((f) => f.path === 'known_hosts')!.content.split('\n')).toContain(bastionLine);
  });

  it('a bastion that is not on record, a chain of two, or names Ansible or ssh would read as their own: left out', () => {
    const codes = [
      { ...jump, knownHostsLines: [] },
      { ...jump, user: '{{ lookup("pipe", "id") }}' },
      { ...jump, host: 'bastion%h' },
    ].map((j) => {
      const c = ansibleHostOf(
        input('x', outcome('rocky linux'), {
          connection: { host: 'h', port: 22, username: 'root', jumps: 1, jump: j },
        }),
      );
      return c.ok ? 'exported' : c.code;
    });
    const chain = ansibleHostOf(
      input('y', outcome('rocky linux'), { connection: { host: 'h', port: 22, username: 'root', jumps: 2, jump } }),
    );
    expect([...codes, chain.ok ? 'exported' : chain.code]).toEqual(Array(4).fill('ANSIBLE_HOST_VIA_BASTION'));
  });

  it('ansible_become and ansible_become_user are carried; the sudo password is an environment lookup, never a value', () => {
    const c = ansibleHostOf(
      input('b', outcome('rocky linux'), {
        connection: { host: 'h', port: 22, username: 'ops', jumps: 0 },
        become: { become: true, user: 'root', passwordEnv: 'NGT_SUDO_PW' },
      }),
    );
    const root = ansibleHostOf(input('r', outcome('rocky linux'), { become: { become: true, user: 'svc' } }));
    if (!c.ok || !root.ok) throw new Error('not exported');
    const files = buildAnsibleExport({ hosts: [c.host, root.host], factories: [c.factory], t, tool });
    const inv = yamlOf(files, 'inventory.yml') as {
      all: { children: { ngt_prep_linux: { hosts: Record<string, Record<string, unknown>> } } };
    };
    const hosts = inv.all.children.ngt_prep_linux.hosts;
    expect(hosts.b).toMatchObject({
      ansible_become: true,
      ansible_become_method: 'sudo',
      ansible_become_user: 'UNSAFE:root',
      ansible_become_password: "{{ lookup('ansible.builtin.env', 'NGT_SUDO_PW') }}",
    });
    // root logging in with ansible_become: true still becomes the user the inventory names.
    expect(hosts.r).toMatchObject({ ansible_become: true, ansible_become_user: 'UNSAFE:svc' });
    expect(hosts.r!.ansible_become_password).toBeUndefined();
  });
});

describe('buildAnsibleExport', () => {
  it('uses builtin modules only, commands as argv, and refuses an unknown original before any change', () => {
    const { play } = exportOf([['rocky1', 'rocky linux']]);
    expect(play.hosts).toBe('ngt_prep_linux');
    expect(play.vars_files).toEqual(['vars/ngt_prep_factories.yml']);
    for (const task of play.tasks) {
      expect(moduleOf(task), task.name).toMatch(/^ansible\.builtin\./);
      expect(Object.keys(task)).not.toContain('ansible.builtin.shell');
      expect(Object.keys(task)).not.toContain('ansible.builtin.raw');
      if (moduleOf(task) === 'ansible.builtin.command') {
        const args = task['ansible.builtin.command'] as { argv: unknown };
        expect(Array.isArray(args.argv) || args.argv === '{{ ngt_prep_install_argv }}', task.name).toBe(true);
      }
    }
    const refusal = play.tasks.findIndex((x) => x.name === t('fleetAnsible.task.refuseUnknown'));
    expect(refusal).toBeGreaterThan(0);
    const task = play.tasks[refusal]!;
    expect(moduleOf(task)).toBe('ansible.builtin.fail');
    expect(task.when).toContain('ngt_prep_iso_factory.stat.checksum in ngt_prep_factories');
    expect((task['ansible.builtin.fail'] as { msg: string }).msg).toMatch(
      /^NGT_ANSIBLE_FACTORY_UNKNOWN \{\{ inventory_hostname \}\}: .*\{\{ ngt_prep_iso_factory\.stat\.checksum \}\}.*Nothing was changed/,
    );
    // The checksum comes from the ISO itself, sha256.
    expect(play.tasks[0]!['ansible.builtin.stat']).toMatchObject({
      path: '{{ ngt_prep_iso_dir }}/installer/linux/src/installer_factory.py',
      checksum_algorithm: 'sha256',
    });
    const firstWrite = play.tasks.findIndex((x) => WRITES.has(moduleOf(x)) && x.changed_when !== false);
    expect(firstWrite).toBeGreaterThan(refusal);
    // Every change waits for the install decision; nothing targets the ISO.
    for (const x of play.tasks.filter((y) => WRITES.has(moduleOf(y)) && y.changed_when !== false)) {
      expect(x.when, x.name).toMatch(/^ngt_prep_install_needed/);
      const args = x[moduleOf(x)] as { dest?: string; path?: string };
      expect(String(args.dest ?? args.path ?? '')).not.toContain('ngt_prep_iso_dir');
    }
    const install = play.tasks.find((x) => x.name === t('fleetAnsible.task.install'))!;
    expect(install.failed_when).toContain('is already installed');
    const decide = play.tasks.find((x) => x.name === t('fleetAnsible.task.decide'))!;
    expect(JSON.stringify(decide)).toContain('is version(');
    expect(play.tasks.map(moduleOf)).toEqual(
      expect.arrayContaining(['ansible.builtin.wait_for', 'ansible.builtin.service_facts']),
    );
  });

  it('carries one patched file per original and distribution, keyed by the original sha256', () => {
    const { files } = exportOf([
      ['rocky1', 'rocky linux'],
      ['rocky2', 'rocky linux'],
      ['alma1', 'almalinux'],
    ]);
    const orig = sha256(original);
    const factoryFiles = files.filter((f) => f.path.startsWith('files/'));
    expect(factoryFiles.map((f) => f.path).sort()).toEqual(
      [
        `files/installer_factory/${orig}/${sha256(patchedFor('rocky linux'))}.py`,
        `files/installer_factory/${orig}/${sha256(patchedFor('almalinux'))}.py`,
      ].sort(),
    );
    for (const f of factoryFiles) expect(sha256(f.content)).toBe(f.path.split('/').pop()!.replace('.py', ''));
    const vars = yamlOf(files, 'vars/ngt_prep_factories.yml') as {
      ngt_prep_factories: Record<
        string,
        Record<string, { patched: boolean; file: string; sha256: string; sha1: string; condition: string }>
      >;
    };
    expect(Object.keys(vars.ngt_prep_factories)).toEqual([orig]);
    const rocky = vars.ngt_prep_factories[orig]!['rocky linux']!;
    expect(rocky).toMatchObject({ patched: true, sha256: sha256(patchedFor('rocky linux')) });
    expect(`files/${rocky.file}`).toBe(factoryFiles.find((f) => f.content === patchedFor('rocky linux'))!.path);
    expect(rocky.sha1).toBe(createHash('sha1').update(patchedFor('rocky linux')).digest('hex'));
    expect(rocky.condition).toMatch(/^UNSAFE:\(.*"rocky linux" in distribution/);
  });

  it('an original that needs no patch is known without a file', () => {
    const out = outcome('rocky linux');
    delete out.patchedFactory;
    const c = ansibleHostOf(input('centos1', out));
    if (!c.ok) throw new Error(c.code);
    const files = buildAnsibleExport({ hosts: [c.host], factories: [c.factory], t, tool });
    expect(files.filter((f) => f.path.startsWith('files/'))).toEqual([]);
    const vars = yamlOf(files, 'vars/ngt_prep_factories.yml') as { ngt_prep_factories: Record<string, unknown> };
    expect(vars.ngt_prep_factories).toEqual({ [sha256(original)]: { 'rocky linux': { patched: false } } });
  });

  it('points ssh at a known_hosts of the verified keys, strictly, and writes host values !unsafe', () => {
    const { ok, files } = exportOf([['rocky1', 'rocky linux']]);
    const host = ok[0]!.host;
    const known = files.find((f) => f.path === 'known_hosts')!.content;
    expect(known).toBe(`${knownHostsLine(host.address, 22, 'ssh-ed25519', host.hostKey.blob)}\n`);
    const inv = files.find((f) => f.path === 'inventory.yml')!.content;
    expect(inv).not.toMatch(/StrictHostKeyChecking=(no|accept-new)|host_key_checking/);
    const parsed = yamlOf(files, 'inventory.yml') as {
      all: {
        children: { ngt_prep_linux: { vars: Record<string, string>; hosts: Record<string, Record<string, unknown>> } };
      };
    };
    const group = parsed.all.children.ngt_prep_linux;
    expect(group.vars.ansible_ssh_common_args).toBe(
      "-o 'UserKnownHostsFile={{ playbook_dir }}/known_hosts' -o StrictHostKeyChecking=yes",
    );
    expect(group.hosts.rocky1).toMatchObject({
      ansible_host: `UNSAFE:${host.address}`,
      ansible_port: 22,
      ansible_ssh_private_key_file: 'UNSAFE:/k/id',
      ngt_prep_distribution: 'UNSAFE:rocky linux',
      ngt_prep_install_argv: host.installArgv.map((a) => `UNSAFE:${a}`),
    });
    expect(group.hosts.rocky1).not.toHaveProperty('ansible_become');
  });

  it('a value from a host that looks like a template stays text, and a sudo login becomes root', () => {
    const out = outcome('rocky linux', { plan: { isoDir: "/mnt/{{ lookup('pipe', 'id') }}" } });
    const c = ansibleHostOf(input('odd', out, { connection: { host: 'h', port: 2222, username: 'admin', jumps: 0 } }));
    if (!c.ok) throw new Error(c.code);
    const files = buildAnsibleExport({ hosts: [c.host], factories: [c.factory], t, tool });
    const inv = files.find((f) => f.path === 'inventory.yml')!.content;
    const parsed = yamlOf(files, 'inventory.yml') as {
      all: { children: { ngt_prep_linux: { hosts: Record<string, Record<string, unknown>> } } };
    };
    expect(parsed.all.children.ngt_prep_linux.hosts.odd!.ngt_prep_iso_dir).toBe(
      "UNSAFE:/mnt/{{ lookup('pipe', 'id') }}",
    );
    expect(inv).toMatch(/ansible_become: true/);
    expect(files.find((f) => f.path === 'known_hosts')!.content).toMatch(/^\[h\]:2222 ssh-ed25519 /);
  });

  it('speaks the translator language in the play', () => {
    const fr = createTranslator('fr');
    const c = ansibleHostOf(input('rocky1', outcome('rocky linux')));
    if (!c.ok) throw new Error(c.code);
    const files = buildAnsibleExport({ hosts: [c.host], factories: [c.factory], t: fr, tool });
    const play = (yamlOf(files, 'ngt_prep_linux.yml') as { name: string }[])[0]!;
    expect(play.name).toBe(fr('fleetAnsible.task.play'));
    expect(play.name).not.toBe(t('fleetAnsible.task.play'));
  });
});
