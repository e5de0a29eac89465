/**
 * `ngt-prep fleet export-ansible` through the real CLI in-process against SSH
 * sandboxes (real OpenSSH in their own namespaces, the NGT ISO fixture
 * read-only), then the exported playbook run by the real `ansible-playbook`
 * (Debian's ansible-core) with the exported inventory and known_hosts: the
 * same end state as NGT Prep's own job (services running, the patched
 * installer_factory.py in the staging folder, the ISO unchanged); a host
 * whose ISO now carries another installer_factory.py is refused and left
 * untouched while the others install; a second run changes nothing.
 * Needs root and ansible-core; skipped loudly without them, failing in CI.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { appendFileSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';

import { runCli } from '../../../main/cli/runCli';
import { nodeEnvironment, nodePorts } from '../../../main/platform/nodePorts';
import { canRunSandbox, startSandbox, type Sandbox } from '../../sandbox';

const CI = process.env.CI === 'true';
const sandboxCheck = canRunSandbox();
const ansibleFound = spawnSync('ansible-playbook', ['--version'], { encoding: 'utf8' }).status === 0;
const can = !sandboxCheck.ok
  ? sandboxCheck
  : ansibleFound
    ? { ok: true }
    : { ok: false, reason: 'ansible-playbook missing (apt-get install -y ansible-core)' };
if (!can.ok && !CI) console.warn(`\n*** SKIPPING Ansible export sandbox tests: ${can.reason} ***\n`);

const work = mkdtempSync(join(tmpdir(), 'ngtp-ansible-it-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const FACTORY = 'installer/linux/src/installer_factory.py';
const STAGED = `/var/tmp/ngt-prep-ansible/${FACTORY}`;

async function cli(args: string[]) {
  const dataDir = join(work, 'data');
  let output = '';
  const io = {
    stdout: (s: string) => void (output += s),
    stderr: (s: string) => void (output += s),
    env: { LANG: 'en_US.UTF-8', NGT_PREP_DATA_DIR: dataDir },
    isTTY: false,
  };
  const ports = nodePorts({ environment: nodeEnvironment({ appDataDir: dataDir, homedir: work }) });
  const code = await runCli(args, io, ports);
  return { code, output };
}

interface Recap {
  ok: number;
  changed: number;
  unreachable: number;
  failed: number;
  ignored: number;
}

/** ansible-playbook as a person runs it; waits for the process to exit (no time limit). */
function ansiblePlaybook(dir: string): Promise<{ code: number; output: string; recap: Record<string, Recap> }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      'ansible-playbook',
      ['-i', join(dir, 'inventory.yml'), join(dir, 'ngt_prep_linux.yml'), '--forks', '20'],
      {
        cwd: work,
        env: {
          PATH: process.env.PATH ?? '/usr/bin:/bin',
          HOME: work,
          LANG: 'C.UTF-8',
          ANSIBLE_NOCOLOR: '1',
          ANSIBLE_RETRY_FILES_ENABLED: '0',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (output += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (output += c));
    child.on('error', reject);
    child.on('close', (code) => {
      const recap: Record<string, Recap> = {};
      const at = output.indexOf('PLAY RECAP');
      for (const m of output
        .slice(at)
        .matchAll(/^(\S+)\s+:\s+ok=(\d+)\s+changed=(\d+)\s+unreachable=(\d+)\s+failed=(\d+).*ignored=(\d+)/gm))
        recap[m[1]!] = {
          ok: Number(m[2]),
          changed: Number(m[3]),
          unreachable: Number(m[4]),
          failed: Number(m[5]),
          ignored: Number(m[6]),
        };
      resolve({ code: code ?? 1, output, recap });
    });
  });
}

describe('Ansible export sandbox prerequisites', () => {
  it('are present (required in CI)', () => {
    expect(CI && !can.ok ? `Ansible export sandbox tests cannot run: ${can.reason}` : null).toBeNull();
  });
});

describe.skipIf(!can.ok)('fleet export-ansible, run by ansible-playbook', () => {
  const vms: Record<'rocky' | 'alma' | 'other' | 'admin' | 'nocluster', Sandbox> = {} as never;
  const out = join(work, 'export');
  const key = join(work, 'id_ed25519');
  let isoBefore: Record<string, string> = {};
  let exportOutput = '';

  beforeAll(async () => {
    expect(spawnSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', key]).status).toBe(0);
    const publicKey = readFileSync(`${key}.pub`, 'utf8').trim();
    const [rocky, alma, other, admin, nocluster] = await Promise.all([
      startSandbox({ distro: 'rocky', withCluster: true, authorizedKeys: [publicKey] }),
      startSandbox({ distro: 'alma', withCluster: true, authorizedKeys: [publicKey] }),
      startSandbox({ distro: 'rocky', withCluster: true, authorizedKeys: [publicKey] }),
      // A login that is not root: the playbook becomes root through sudo.
      startSandbox({
        distro: 'rocky',
        withCluster: true,
        authorizedKeys: [publicKey],
        users: [{ name: 'admin', password: `pw-${process.pid}`, sudo: 'nopasswd' }],
      }),
      // Nothing answers on the cluster's port: advisory, as in NGT Prep's own job.
      startSandbox({ distro: 'rocky', authorizedKeys: [publicKey] }),
    ]);
    Object.assign(vms, { rocky, alma, other, admin, nocluster });
    const inventory = join(work, 'fleet.ini');
    const lines = [
      '[el]',
      ...Object.entries(vms).map(
        ([n, v]) => `${n}1 ansible_host=${v.host}${n === 'admin' ? ' ansible_user=admin' : ''}`,
      ),
      '',
    ];
    writeFileSync(inventory, lines.join('\n'));
    const run = await cli([
      'fleet',
      'export-ansible',
      '--inventory',
      inventory,
      '--out',
      out,
      '--user',
      'root',
      '--key',
      key,
      '--known-hosts',
      join(work, 'known_hosts'),
      '--accept-new',
    ]);
    exportOutput = run.output;
    expect(run.code, run.output).toBe(0);
    // After the export, "other" gets another ISO: its installer_factory.py is not the one prepared.
    appendFileSync(join(other!.isoDir!, FACTORY), '\n# another release\n');
    isoBefore = Object.fromEntries(
      await Promise.all(Object.entries(vms).map(async ([n, v]) => [n, await v.isoChecksum()] as const)),
    );
  }, 240_000);
  afterAll(async () => {
    await Promise.all(Object.values(vms).map((v) => v?.stop()));
  });

  it('writes an inventory with verified host keys, the playbook and the patched files keyed by sha256', () => {
    expect(exportOutput).toContain('5 hosts, 0 left out');
    expect(exportOutput).toContain('admin1 becomes root through sudo');
    const inventory = parseYaml(readFileSync(join(out, 'inventory.yml'), 'utf8'), {
      customTags: [{ tag: '!unsafe', resolve: (s: string) => s }],
    }) as {
      all: {
        children: { ngt_prep_linux: { vars: Record<string, string>; hosts: Record<string, Record<string, unknown>> } };
      };
    };
    const group = inventory.all.children.ngt_prep_linux;
    expect(Object.keys(group.hosts)).toEqual(['rocky1', 'alma1', 'other1', 'admin1', 'nocluster1']);
    expect(group.hosts.admin1).toMatchObject({ ansible_user: 'admin', ansible_become: true });
    expect(group.hosts.rocky1).not.toHaveProperty('ansible_become');
    expect(group.vars.ansible_ssh_common_args).toContain('StrictHostKeyChecking=yes');
    expect(group.vars.ansible_ssh_common_args).toContain('UserKnownHostsFile={{ playbook_dir }}/known_hosts');
    expect(group.hosts.rocky1!.ansible_host).toBe(vms.rocky.host);
    expect(group.hosts.rocky1!.ansible_ssh_private_key_file).toBe(key);
    const knownHosts = readFileSync(join(out, 'known_hosts'), 'utf8');
    expect(knownHosts.trim().split('\n').sort()).toEqual(
      Object.values(vms)
        .map((v) => v.knownHostsLine())
        .sort(),
    );
    // Rocky and Alma share one original; each distribution has its own patched file under it.
    const originals = readdirSync(join(out, 'files', 'installer_factory'));
    expect(originals).toHaveLength(1);
    const original = readFileSync(join(vms.rocky.isoDir!, FACTORY));
    const sha = createHash('sha256').update(original).digest('hex');
    expect(originals).toEqual([sha]);
    expect(readdirSync(join(out, 'files', 'installer_factory', sha))).toHaveLength(2);
  });

  it('installs where the original is known, refuses the other untouched, and a second run changes nothing', async () => {
    const first = await ansiblePlaybook(out);
    expect(first.code, first.output).toBe(2); // ansible-playbook: 2 = one or more hosts failed
    expect(Object.keys(first.recap).sort(), first.output).toEqual([
      'admin1',
      'alma1',
      'nocluster1',
      'other1',
      'rocky1',
    ]);
    for (const name of ['rocky1', 'alma1', 'admin1', 'nocluster1']) {
      expect(first.recap[name]!.failed, first.output).toBe(0);
      expect(first.recap[name]!.changed, first.output).toBeGreaterThan(0);
    }
    expect(first.recap.other1).toMatchObject({ failed: 1, changed: 0, unreachable: 0 });
    // The unreachable cluster is reported and ignored (ngt_prep_require_cluster=true makes it fail).
    expect(first.recap.nocluster1).toMatchObject({ failed: 0, ignored: 1 });
    for (const name of ['rocky1', 'alma1', 'admin1']) expect(first.recap[name]!.ignored, first.output).toBe(0);
    expect(first.output).toContain(
      `NGT_ANSIBLE_CLUSTER_UNREACHABLE nocluster1: the cluster ${vms.nocluster.clusterIp}:2074`,
    );
    expect(first.output).toMatch(
      /NGT_ANSIBLE_FACTORY_UNKNOWN other1: installer_factory\.py in \S+ has sha256 [0-9a-f]{64}/,
    );

    for (const [name, v] of [
      ['rocky', vms.rocky],
      ['alma', vms.alma],
      ['admin', vms.admin],
    ] as const) {
      // The services run (the fixture without systemd: live processes behind the pid files).
      const alive = await v.exec([
        '/bin/sh',
        '-c',
        'for s in ngt_guest_agent ngt_self_service_restore; do kill -0 "$(cat /run/$s.pid)" && echo "$s up"; done',
      ]);
      expect(alive.stdout, name).toBe('ngt_guest_agent up\nngt_self_service_restore up\n');
      // The patched factory is in staging, beside the original; the ISO is unchanged.
      const staged = await v.exec(['cat', STAGED]);
      expect(staged.stdout).toContain(
        name === 'alma' ? '"almalinux" in distribution' : '"rocky linux" in distribution',
      );
      const orig = await v.exec(['cat', `${STAGED}.orig`]);
      expect(orig.stdout).toBe(readFileSync(join(v.isoDir!, FACTORY), 'utf8'));
      expect(await v.isoChecksum()).toBe(isoBefore[name]);
      const config = await v.exec(['cat', '/usr/local/nutanix/ngt/config/ngt_config.json']);
      expect(JSON.parse(config.stdout).ngt_uuid).toBe(v.ngtUuid);
      expect((await v.clusterConnections()).some((c) => c.data.startsWith(`NGT-HELLO ${v.ngtUuid}`))).toBe(true);
    }
    // admin1 logged in as admin, never as root (the install ran through sudo).
    const adminLog = await vms.admin.sshdLog();
    expect(adminLog).toMatch(/Accepted publickey for admin /);
    expect(adminLog).not.toMatch(/Accepted publickey for root /);
    // The refused host: nothing staged, nothing installed, its ISO as it was.
    const untouched = await vms.other.exec([
      '/bin/sh',
      '-c',
      'ls -d /var/tmp/ngt-prep-ansible /usr/local/nutanix 2>&1; true',
    ]);
    expect(untouched.stdout).not.toMatch(/^\/(var|usr)/m);
    expect(await vms.other.isoChecksum()).toBe(isoBefore.other);

    const second = await ansiblePlaybook(out);
    expect(second.code, second.output).toBe(2);
    for (const name of ['rocky1', 'alma1', 'other1', 'admin1', 'nocluster1'])
      expect(second.recap[name]!.changed, second.output).toBe(0);
    expect(second.recap.rocky1!.failed).toBe(0);
    expect(second.recap.alma1!.failed).toBe(0);
    expect(second.recap.admin1!.failed).toBe(0);
    expect(second.recap.nocluster1).toMatchObject({ failed: 0, ignored: 1 });
    expect(second.recap.other1!.failed).toBe(1);
    expect(second.output).not.toContain('TASK [Run the NGT installer from the staging folder]\nchanged');
  }, 600_000);
});
