/**
 * The Ansible export's connection settings for a host behind a bastion, used
 * by real Ansible (`ansible`, Debian's ansible-core) and real OpenSSH against
 * a target that only the bastion can reach (test/sandbox/bastion.ts): the
 * exported inventory and known_hosts get there through the bastion, checking
 * both keys strictly, and a bastion key that is not the one on record stops
 * the connection. The target is a plain sshd without an NGT ISO, so the
 * playbook itself runs in ansibleExportSandbox.test.ts; here Ansible's `raw`
 * module proves the path. Needs root and ansible-core; skipped loudly without
 * them, failing in CI.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { buildAnsibleExport } from '../../../main/fleet/ansible/ansibleExport';
import type { AnsibleHost } from '../../../main/fleet/ansible/ansibleHosts';
import { canRunSandbox } from '../../sandbox';
import { startBastionTopology, type BastionTopology } from '../../sandbox/bastion';
import { createTranslator } from '../../../main/i18n/catalogue';

const CI = process.env.CI === 'true';
const can = canRunSandbox();
const hasAnsible = spawnSync('ansible', ['--version']).status === 0;
const reason = !can.ok ? can.reason : !hasAnsible ? 'ansible missing (apt-get install -y ansible-core)' : undefined;
if (reason && !CI) console.warn(`\n*** SKIPPING Ansible bastion tests: ${reason} ***\n`);

const work = mkdtempSync(join(tmpdir(), 'ngtp-ansible-bastion-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function ansibleRaw(dir: string, command: string): Promise<{ code: number; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('ansible', ['-i', join(dir, 'inventory.yml'), 'ngt_prep_linux', '-m', 'raw', '-a', command], {
      cwd: dir,
      // Ansible's own defaults (host key checking on); nothing from this machine's ~/.ssh. A home per
      // export: Ansible keeps ssh master connections under ~/.ansible/cp, which would skip the bastion.
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: dir, LANG: 'C.UTF-8', ANSIBLE_NOCOLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (output += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (output += c));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? 1, output }));
  });
}

describe('Ansible bastion prerequisites', () => {
  it('are present (required in CI)', () => {
    expect(CI && reason ? `Ansible bastion tests cannot run: ${reason}` : null).toBeNull();
  });
});

describe.skipIf(reason !== undefined)('exported inventory behind a bastion, used by real Ansible', () => {
  let topology: BastionTopology;
  const key = join(work, 'id_ed25519');
  beforeAll(async () => {
    expect(spawnSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', key]).status).toBe(0);
    topology = await startBastionTopology({ authorizedKeys: [readFileSync(`${key}.pub`, 'utf8').trim()] });
  }, 240_000);
  afterAll(async () => {
    await topology?.stop();
  });

  function exportTo(dir: string, bastionKnownHostsLine: string): void {
    const { bastion, target } = topology;
    const host: AnsibleHost = {
      name: 'inner1',
      address: target.host,
      port: target.port,
      user: 'root',
      keyPath: key,
      become: false,
      python: '/usr/bin/python3',
      isoDir: '/run/media/root/NUTANIX_TOOLS',
      stagingDir: '/var/tmp/ngt-prep-ansible',
      distribution: 'rocky linux',
      installArgv: ['true'],
      factorySha256: '0'.repeat(64),
      hostKey: { type: target.hostKeyType, blob: Buffer.from(target.hostKeyBase64, 'base64') },
      jump: {
        host: bastion.host,
        port: bastion.port,
        user: 'root',
        identityFile: key,
        knownHostsLines: [bastionKnownHostsLine],
      },
    };
    const files = buildAnsibleExport({
      hosts: [host],
      factories: [],
      t: createTranslator('en'),
      tool: { name: 'ngt-prep', version: 'test' },
    });
    mkdirSync(dir, { recursive: true });
    for (const f of files.filter((x) => x.path === 'inventory.yml' || x.path === 'known_hosts'))
      writeFileSync(join(dir, f.path), f.content);
  }

  it('reaches the inner target through the bastion, both keys checked from the export known_hosts', async () => {
    const dir = join(work, 'ok');
    exportTo(dir, topology.bastion.knownHostsLine());
    const r = await ansibleRaw(dir, 'echo reached-$(cat /proc/sys/kernel/hostname)');
    expect(r.code, r.output).toBe(0);
    expect(r.output).toMatch(/inner1 \| CHANGED \| rc=0/);
    expect(r.output).toContain('reached-');
    expect(await topology.bastion.sshdLog()).toMatch(/Accepted publickey for root/);
    // The connection came from the bastion's side of the link: nothing else can reach the target.
    expect(await topology.target.sshdLog()).toContain(`from ${topology.target.bastionLinkAddress}`);
  }, 180_000);

  it('a bastion key other than the one on record stops the connection before the target', async () => {
    const dir = join(work, 'wrong');
    // The target's key written for the bastion's address: the bastion presents another one.
    const t = topology.target;
    const b = topology.bastion;
    const hostPattern = b.port === 22 ? b.host : `[${b.host}]:${b.port}`;
    exportTo(dir, `${hostPattern} ${t.hostKeyType} ${t.hostKeyBase64}`);
    const before = { target: (await t.sshdLog()).length, bastion: (await b.sshdLog()).length };
    const r = await ansibleRaw(dir, 'echo should-not-run');
    expect(r.code, r.output).not.toBe(0);
    expect(r.output).toMatch(/inner1 \| UNREACHABLE!/);
    expect(r.output).not.toContain('should-not-run');
    // Stopped at the bastion's key, before any authentication there, and the target never saw a login.
    expect((await b.sshdLog()).slice(before.bastion)).not.toContain('Accepted');
    expect((await t.sshdLog()).slice(before.target)).not.toContain('Accepted');
  }, 180_000);
});
