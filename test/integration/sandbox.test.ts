/**
 * Self-test of the SSH sandbox (test/sandbox): a namespace that looks like
 * Rocky Linux 8.4 with a read-only NGT ISO, reached with the system `ssh`
 * client and with ssh2, plus the cluster namespace listening on 2074.
 * Needs root and the Debian packages listed in test/sandbox/README.md.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'ssh2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canRunSandbox, cleanupStale, startSandbox, type Sandbox } from '../sandbox';
import { waitFor } from '../support/waitFor';

const can = canRunSandbox();
const inCi = process.env.CI === 'true';
if (!can.ok) {
  if (inCi) {
    describe('sandbox prerequisites', () => {
      it('can run the SSH sandbox in CI', () => {
        expect.fail(`sandbox cannot run in CI: ${can.reason}`);
      });
    });
  } else {
    console.warn(`SKIPPING sandbox integration tests: ${can.reason}`);
  }
}
const skip = !can.ok;

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

function sh(command: string, args: string[], input = ''): Promise<Result> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: 'pipe' });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? 255, stdout, stderr }));
    child.stdin.end(input);
  });
}

/** Password login with ssh2 (the system ssh client cannot take a password without sshpass). */
function sshPassword(sandbox: Sandbox, user: string, password: string, command: string, input = ''): Promise<Result> {
  return new Promise((resolve, reject) => {
    const client = new Client();
    client
      .on('ready', () => {
        client.exec(command, (error, stream) => {
          if (error) return reject(error);
          let stdout = '';
          let stderr = '';
          stream.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
          stream.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
          stream.on('close', (code: number | null) => {
            client.end();
            resolve({ code: code ?? 255, stdout, stderr });
          });
          stream.end(input);
        });
      })
      .on('error', reject)
      .connect({
        host: sandbox.host,
        port: sandbox.port,
        username: user,
        password,
        readyTimeout: 5_000,
        hostVerifier: (key: Buffer) => key.toString('base64') === sandbox.hostKeyBase64,
      });
  });
}

function hostState(): Record<string, unknown> {
  const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');
  return {
    hostname: os.hostname(),
    osRelease: sha('/etc/os-release'),
    passwd: sha('/etc/passwd'),
    shadow: sha('/etc/shadow'),
    sudoers: readdirSync('/etc/sudoers.d').sort(),
    systemdUnits: readdirSync('/etc/systemd/system').sort(),
    usrLocal: readdirSync('/usr/local').sort(),
    opt: readdirSync('/opt').sort(),
    nutanix: existsSync('/usr/local/nutanix'),
    installLogs: readdirSync('/tmp').filter((name) => name.startsWith('ngt_install_log_')),
  };
}

describe.skipIf(skip)('SSH sandbox looking like Rocky Linux 8.4 with an NGT ISO', () => {
  let sandbox: Sandbox;
  let work: string;
  let clientKey: string;
  let knownHosts: string;
  let hostBefore: ReturnType<typeof hostState>;
  let isoBefore: string;
  let startMs = 0;
  const ngtUuid = '2f0e6c1a-58b4-4d5e-9b0a-0c3a7d1e9f11';

  const ssh = (user: string, command: string, knownHostsFile = knownHosts) =>
    sh('ssh', [
      '-F', '/dev/null',
      '-i', clientKey,
      '-o', 'IdentitiesOnly=yes',
      '-o', 'BatchMode=yes',
      '-o', `UserKnownHostsFile=${knownHostsFile}`,
      '-o', 'GlobalKnownHostsFile=/dev/null',
      '-o', 'StrictHostKeyChecking=yes',
      '-o', 'ConnectTimeout=5',
      '-p', String(sandbox.port),
      `${user}@${sandbox.host}`,
      command,
    ]); // prettier-ignore

  beforeAll(async () => {
    hostBefore = hostState();
    work = mkdtempSync(path.join(os.tmpdir(), 'ngtp-selftest-'));
    clientKey = path.join(work, 'id_ed25519');
    expect(spawnSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', clientKey]).status).toBe(0);
    const started = Date.now();
    sandbox = await startSandbox({
      distro: 'rocky',
      withCluster: true,
      ngtUuid,
      rootPassword: 'r00t pass:word',
      users: [
        { name: 'ngtadmin', password: 'Adm1n pass', sudo: 'password' },
        { name: 'ops', password: 'Ops pass', sudo: 'nopasswd' },
        { name: 'plain', password: 'Plain pass' },
      ],
      authorizedKeys: [readFileSync(`${clientKey}.pub`, 'utf8')],
    });
    startMs = Date.now() - started;
    console.info(`sandbox start-up (rocky, with cluster, 3 users): ${startMs} ms`);
    knownHosts = path.join(work, 'known_hosts');
    writeFileSync(knownHosts, `${sandbox.knownHostsLine()}\n`);
    isoBefore = await sandbox.isoChecksum();
  });

  afterAll(async () => {
    await sandbox?.stop();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  // How fast it starts is printed above (a figure, not a pass/fail: the machine may be busy).
  it('has its own address and an ed25519 host key', () => {
    expect(sandbox.host).toMatch(/^10\.200\.\d{1,3}\.2$/);
    expect(sandbox.clusterIp).toBe(sandbox.host.replace(/\.2$/, '.3'));
    expect(sandbox.hostKeyType).toBe('ssh-ed25519');
    expect(sandbox.hostKeyFingerprint).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/);
    const keygen = spawnSync('ssh-keygen', ['-l', '-f', knownHosts], {
      encoding: 'utf8',
    });
    expect(keygen.stdout).toContain(sandbox.hostKeyFingerprint);
  });

  it('answers the system ssh client as Rocky Linux 8.4 named rocky84', async () => {
    const result = await ssh('root', 'cat /etc/os-release; hostname; cat /etc/redhat-release');
    expect(result.stderr).not.toMatch(/warning/i);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('NAME="Rocky Linux"');
    expect(result.stdout).toContain('VERSION_ID="8.4"');
    expect(result.stdout).toContain('rocky84');
    expect(result.stdout).toContain('Rocky Linux release 8.4 (Green Obsidian)');
    expect(await sandbox.sshdLog()).toMatch(/Accepted publickey for root from 10\.200\.\d+\.1/);
  });

  it("gives ('Rocky Linux', '8.4', 'Green Obsidian') to Debian's python3-distro", async () => {
    const result = await ssh('root', "/usr/bin/python3 -c 'import distro;print(distro.linux_distribution())'");
    expect(result.stdout.trim()).toBe("('Rocky Linux', '8.4', 'Green Obsidian')");
  });

  it('has the ISO mounted read-only', async () => {
    const listing = await ssh(
      'root',
      'ls /run/media/root/NUTANIX_TOOLS/installer/linux /run/media/root/NUTANIX_TOOLS/config',
    );
    expect(listing.stdout).toContain('install_ngt.py');
    expect(listing.stdout).toContain('ngt_config.json');
    const write = await ssh('root', 'touch /run/media/root/NUTANIX_TOOLS/installer/linux/src/x');
    expect(write.code).not.toBe(0);
    expect(write.stderr).toContain('Read-only file system');
    const config = JSON.parse((await ssh('root', 'cat /run/media/root/NUTANIX_TOOLS/config/ngt_config.json')).stdout);
    expect(config).toMatchObject({
      cluster_ip: sandbox.clusterIp,
      port: 2074,
      ngt_uuid: ngtUuid,
      ngt_version: '4.1',
    });
  });

  it('runs the original installer to "Unsupported distribution : rocky linux", exit 1, with a log file', async () => {
    const result = await ssh(
      'root',
      '/usr/bin/python3 /run/media/root/NUTANIX_TOOLS/installer/linux/install_ngt.py --operation install',
    );
    expect(result.code).toBe(1);
    // Python logging's default handler: the installer's messages go to stderr.
    expect(result.stderr).toContain('Unsupported distribution : rocky linux');
    const log = await ssh('root', 'cat /tmp/ngt_install_log_*.txt; ls /tmp');
    expect(log.stdout).toMatch(/ngt_install_log_\d{14}\.txt/);
    expect(log.stdout).toContain('ERROR Unsupported distribution : rocky linux');
    expect((await ssh('root', 'test -e /usr/local/nutanix')).code).toBe(1);
  });

  it('installs from a hand-patched copy; the agent runs and reaches the cluster listener', async () => {
    const patch =
      'set -e; cp -r /run/media/root/NUTANIX_TOOLS /root/ngt; ' +
      'sed -i \'s/("centos" in distribution or/("rocky linux" in distribution or\\n            "centos" in distribution or/\' ' +
      '/root/ngt/installer/linux/src/installer_factory.py; ' +
      'grep -c "rocky linux" /root/ngt/installer/linux/src/installer_factory.py';
    const patched = await ssh('root', patch);
    expect(patched.stdout.trim()).toBe('1');
    const install = await ssh('root', '/usr/bin/python3 /root/ngt/installer/linux/install_ngt.py --operation install');
    expect(install.stdout).toBe('');
    expect(install.code).toBe(0);
    const lines = install.stderr.trim().split('\n');
    expect(lines).toEqual([
      'Using Linux Installer for rocky linux linux distribution.',
      'Setting up Nutanix Guest Tools - VM mobility drivers.',
      'Successfully set up Nutanix Guest Tools - VM mobility drivers.',
      'Setting up Nutanix Guest Agent Service.',
      'Successfully set up Nutanix Guest Agent Service.',
      'Setting up Nutanix Self Service Restore Service.',
      'Successfully set up Nutanix Self Service Restore Service.',
      'Nutanix Guest Tools installation is complete.',
    ]);
    // pgrep runs alone: in a shell command line that also names the pid file,
    // `pgrep -f ngt_guest_agent` would match that shell itself.
    const pgrep = async (...args: string[]) => (await ssh('root', `pgrep ${args.join(' ')}`)).stdout.trim();
    const agentPid = await pgrep('-f', 'ngt_guest_agent');
    expect(agentPid).toMatch(/^\d+$/);
    expect(await pgrep('-x', 'ngt_guest_agent')).toBe(agentPid);
    const ssrPid = await pgrep('-f', 'ngt_self_service_restore');
    expect(ssrPid).toMatch(/^\d+$/);
    const state = await ssh(
      'root',
      'cat /run/ngt_guest_agent.pid /run/ngt_self_service_restore.pid ' +
        '/usr/local/nutanix/ngt/config/ngt_config.json; ls /usr/local/nutanix/ngt/python/bin',
    );
    expect(state.stdout.split('\n').slice(0, 2)).toEqual([agentPid, ssrPid]);
    expect(state.stdout).toContain(`"ngt_uuid": "${ngtUuid}"`);
    expect(state.stdout).toContain('uninstall_ngt.py');

    const connections = await waitFor(
      async () => {
        const seen = await sandbox.clusterConnections();
        return seen.length > 0 && seen;
      },
      { what: 'the agent to reach the cluster listener' },
    );
    expect(connections[0]?.peer).toMatch(new RegExp(`^${sandbox.host.replace(/\./g, '\\.')}:\\d+$`));
    expect(connections[0]?.data).toBe(`NGT-HELLO ${ngtUuid} 4.1`);
    const agentLog = await sandbox.exec(['cat', '/usr/local/nutanix/ngt/logs/ngt_guest_agent.log']);
    expect(agentLog.stdout).toContain(`Connected to cluster ${sandbox.clusterIp}:2074`);
  });

  it('uninstalls with the documented command', async () => {
    const result = await ssh(
      'root',
      '/usr/local/nutanix/ngt/python36/bin/python3 /usr/local/nutanix/ngt/python/bin/uninstall_ngt.py; ' +
        "echo rc=$?; pgrep -f '[n]gt_guest_agent' || echo no-agent; " +
        ' test -e /usr/local/nutanix/ngt || echo no-dir',
    );
    expect(result.stdout).toContain('Nutanix Guest Tools uninstalled successfully.');
    expect(result.stdout).toContain('rc=0');
    expect(result.stdout).toContain('no-agent');
    expect(result.stdout).toContain('no-dir');
  });

  it('accepts passwords and gives sudo as configured', async () => {
    const asAdmin = await sshPassword(sandbox, 'ngtadmin', 'Adm1n pass', "sudo -S -p '' id -u", 'Adm1n pass\n');
    expect(asAdmin.stdout.trim()).toBe('0');
    const asOps = await sshPassword(sandbox, 'ops', 'Ops pass', 'sudo -n id -u');
    expect(asOps.stdout.trim()).toBe('0');
    const asPlain = await sshPassword(sandbox, 'plain', 'Plain pass', 'sudo -n id -u');
    expect(asPlain.code).not.toBe(0);
    const plainByKey = await ssh('plain', 'id -un; pwd');
    expect(plainByKey.stdout).toBe('plain\n/home/plain\n');
    const asRoot = await sshPassword(sandbox, 'root', 'r00t pass:word', 'id -un');
    expect(asRoot.stdout.trim()).toBe('root');
    await expect(sshPassword(sandbox, 'ngtadmin', 'wrong', 'true')).rejects.toThrow(/authentication/i);
    const log = await sandbox.sshdLog();
    expect(log).toContain('Accepted password for ngtadmin');
    expect(log).toContain('Failed password for ngtadmin');
  });

  it('refuses connections after killSshd and presents a new key after restartSshd({ newHostKey })', async () => {
    const oldFingerprint = sandbox.hostKeyFingerprint;
    await sandbox.killSshd();
    const refused = await ssh('root', 'true');
    expect(refused.code).toBe(255);
    expect(refused.stderr).toMatch(/Connection refused/);
    await sandbox.restartSshd({ newHostKey: true });
    expect(sandbox.hostKeyFingerprint).not.toBe(oldFingerprint);
    const changed = await ssh('root', 'true');
    expect(changed.code).toBe(255);
    expect(changed.stderr).toContain('REMOTE HOST IDENTIFICATION HAS CHANGED');
    const fresh = path.join(work, 'known_hosts_new');
    writeFileSync(fresh, `${sandbox.knownHostsLine()}\n`);
    expect((await ssh('root', 'true', fresh)).code).toBe(0);
  });

  it('keeps the ISO content unchanged', async () => {
    expect(await sandbox.isoChecksum()).toBe(isoBefore);
  });

  it('stop() leaves no namespace, link or state behind and the host unchanged', async () => {
    const n = sandbox.host.split('.')[2];
    await sandbox.stop();
    const netns = spawnSync('ip', ['netns', 'list'], {
      encoding: 'utf8',
    }).stdout;
    expect(netns).not.toMatch(new RegExp(`^ngtp-(vm|cl)${n}\\b`, 'm'));
    const links = spawnSync('ip', ['-o', 'link', 'show'], {
      encoding: 'utf8',
    }).stdout;
    expect(links).not.toMatch(new RegExp(`ngtp-(br|v|c)${n}[@:]`));
    expect(existsSync(path.join(os.tmpdir(), `ngtp-sandbox-${n}`))).toBe(false);
    expect(hostState()).toEqual(hostBefore);
  });
});

describe.skipIf(skip)('two sandboxes at once: AlmaLinux (platform factory) and Debian without ISO', () => {
  const sandboxes: Sandbox[] = [];
  afterAll(async () => {
    await Promise.all(sandboxes.map((sandbox) => sandbox.stop()));
  });

  it('starts both in parallel on different addresses', async () => {
    const started = Date.now();
    sandboxes.push(
      ...(await Promise.all([
        startSandbox({
          distro: 'alma',
          isoFactoryVariant: 'platform',
          withCluster: true,
          pythons: [{ version: '2.7', path: '/usr/bin/python2' }],
        }),
        startSandbox({ distro: 'debian', withIso: false }),
      ])),
    );
    console.info(`two sandboxes started in parallel: ${Date.now() - started} ms`);
    const [alma, debian] = sandboxes;
    expect(alma.host).not.toBe(debian.host);
    expect(debian.isoDir).toBeUndefined();
  });

  it('AlmaLinux: distro says almalinux; original installer refuses, patched one installs', async () => {
    const alma = sandboxes[0];
    const distro = await alma.exec(['/usr/bin/python3', '-c', 'import distro;print(distro.linux_distribution())']);
    expect(distro.stdout.trim()).toBe("('AlmaLinux', '8.4', 'Electric Cheetah')");
    const original = await alma.exec(['python2', '/run/media/root/NUTANIX_TOOLS/installer/linux/install_ngt.py']);
    expect(original.code).toBe(1);
    expect(original.stderr).toContain('Unsupported distribution : almalinux');
    const factory = await alma.exec(['cat', '/run/media/root/NUTANIX_TOOLS/installer/linux/src/installer_factory.py']);
    expect(factory.stdout).toContain('distribution = platform.linux_distribution()[0].lower()');
    const install = await alma.exec([
      '/bin/sh',
      '-c',
      'set -e; mkdir -p /var/tmp/ngt; cp -r /run/media/root/NUTANIX_TOOLS/. /var/tmp/ngt/; ' +
        'sed -i \'s/("centos" in distribution or/("almalinux" in distribution or "centos" in distribution or/\' ' +
        '/var/tmp/ngt/installer/linux/src/installer_factory.py; ' +
        'python2 /var/tmp/ngt/installer/linux/install_ngt.py',
    ]);
    expect(install.code).toBe(0);
    expect(install.stderr).toContain('Using Linux Installer for almalinux linux distribution.');
    const connected = await waitFor(
      async () => {
        const log = (await alma.exec(['cat', '/usr/local/nutanix/logs/ngt_guest_agent.log'])).stdout;
        return log.includes('Connected') && log;
      },
      { what: 'the agent to log its cluster connection' },
    );
    expect(connected).toContain(`Connected to cluster ${alma.clusterIp}:2074`);
  });

  it('Debian: looks like Debian 12 and has no ISO mounted', async () => {
    const debian = sandboxes[1];
    const result = await debian.exec([
      '/bin/sh',
      '-c',
      "hostname; /usr/bin/python3 -c 'import distro;print(distro.linux_distribution())'; " +
        'test -e /run/media/root/NUTANIX_TOOLS && echo iso || echo no-iso',
    ]);
    expect(result.stdout.split('\n')).toEqual(['debian12', "('Debian GNU/Linux', '12', 'bookworm')", 'no-iso', '']);
  });
});

describe.skipIf(skip)('cleanupStale', () => {
  it('removes namespaces and state left by a dead process, keeps live ones', async () => {
    const keyDir = mkdtempSync(path.join(os.tmpdir(), 'ngtp-selftest-'));
    const hostKeyPath = path.join(keyDir, 'host_key');
    expect(spawnSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', hostKeyPath]).status).toBe(0);
    const live = await startSandbox({
      distro: 'rocky',
      withIso: false,
      hostKeyPath,
    });
    const liveN = Number(live.host.split('.')[2]);
    try {
      const fingerprint = spawnSync('ssh-keygen', ['-l', '-f', hostKeyPath], {
        encoding: 'utf8',
      }).stdout;
      expect(fingerprint).toContain(live.hostKeyFingerprint);
      const used = spawnSync('ip', ['netns', 'list'], {
        encoding: 'utf8',
      }).stdout;
      let n = 254;
      while (n === liveN || used.includes(`ngtp-vm${n} `) || existsSync(path.join(os.tmpdir(), `ngtp-sandbox-${n}`)))
        n--;
      const dead = spawnSync('true').pid ?? 999_999;
      const stateDir = path.join(os.tmpdir(), `ngtp-sandbox-${n}`);
      rmSync(stateDir, { recursive: true, force: true });
      spawnSync('mkdir', [stateDir]);
      writeFileSync(path.join(stateDir, 'owner.json'), JSON.stringify({ pid: dead, start: '1' }));
      expect(spawnSync('ip', ['netns', 'add', `ngtp-vm${n}`]).status).toBe(0);
      const cleaned = await cleanupStale();
      expect(cleaned).toContain(n);
      expect(cleaned).not.toContain(liveN);
      expect(spawnSync('ip', ['netns', 'list'], { encoding: 'utf8' }).stdout).not.toMatch(
        new RegExp(`^ngtp-vm${n}\\b`, 'm'),
      );
      expect(existsSync(stateDir)).toBe(false);
      expect((await live.exec(['true'])).code).toBe(0);
    } finally {
      await live.stop();
      rmSync(keyDir, { recursive: true, force: true });
    }
  });
});
