/**
 * A bastion and a target only the bastion can reach, for ProxyJump tests.
 * The bastion is an ordinary sandbox VM (index.ts). The target is a plain
 * sshd in its own network namespace `ngtp-in<n>` whose only link is a veth
 * pair to the bastion's namespace: 10.200.<n>.129/25 on the bastion's side,
 * 10.200.<n>.130/25 on the target's. Nothing forwards packets (a new
 * namespace has ip_forward 0), and the host's bridge has nobody at .130, so
 * from the host the target does not exist. The target's sshd runs with its
 * own tmpfs /run and an empty tmpfs /root; the host is not changed. Needs root (canRunSandbox()).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { promises as fs, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { SANDBOX_PREFIX, startSandbox, type Sandbox, type SandboxOptions } from './index';

export interface InnerTarget {
  host: string;
  port: number;
  /** The bastion's address on the link to the target: connections through the bastion come from here. */
  bastionLinkAddress: string;
  hostKeyType: string;
  hostKeyBase64: string;
  hostKeyFingerprint: string;
  knownHostsLine(): string;
  sshdLog(): Promise<string>;
}

export interface BastionTopology {
  bastion: Sandbox;
  target: InnerTarget;
  stop(): Promise<void>;
}

const live = new Map<string, () => void>();
let hookInstalled = false;

function ip(args: string[]): void {
  const result = spawnSync('ip', args, { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`bastion sandbox: ip ${args.join(' ')} failed: ${result.stderr.trim()}`);
}

function deleteNamespaceSync(ns: string): void {
  const pids = (spawnSync('ip', ['netns', 'pids', ns], { encoding: 'utf8' }).stdout ?? '').split(/\s+/).filter(Boolean);
  for (const pid of pids) {
    try {
      process.kill(Number(pid), 'SIGKILL');
    } catch {
      /* already gone */
    }
  }
  spawnSync('ip', ['netns', 'del', ns], { stdio: 'ignore' });
}

async function waitFor(check: () => Promise<boolean>, what: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 30_000; // a bound for a wedged machine, not a pace
  while (!(await check())) {
    if (child.exitCode !== null) throw new Error(`bastion sandbox: sshd exited (${child.exitCode}) before ${what}`);
    if (Date.now() > deadline) throw new Error(`bastion sandbox: no ${what} within 30 s`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function innerSshdConfig(dir: string, address: string): string {
  return [
    'Port 22',
    `ListenAddress ${address}`,
    `HostKey ${dir}/ssh_host_key`,
    `PidFile ${dir}/sshd.pid`,
    `AuthorizedKeysFile ${dir}/authorized_keys`,
    'PubkeyAuthentication yes',
    'PasswordAuthentication no',
    'KbdInteractiveAuthentication no',
    'PermitRootLogin prohibit-password',
    'UsePAM no',
    'StrictModes no',
    'LogLevel VERBOSE',
    '',
  ].join('\n');
}

/** Starts the bastion sandbox, then the target behind it. `authorizedKeys` are accepted by both. */
export async function startBastionTopology(
  options: { authorizedKeys: string[] } & Partial<SandboxOptions>,
): Promise<BastionTopology> {
  const bastion = await startSandbox({ distro: 'rocky', withIso: false, ...options });
  const n = Number(bastion.host.split('.')[2]);
  const vmNs = `${SANDBOX_PREFIX}vm${n}`;
  const innerNs = `${SANDBOX_PREFIX}in${n}`;
  const link = `${SANDBOX_PREFIX}j${n}`;
  const bastionLinkAddress = `10.200.${n}.129`;
  const address = `10.200.${n}.130`;
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), `ngtp-inner-${n}-`));
  let sshd: ChildProcess | undefined;

  const destroy = (): void => {
    if (sshd?.pid && sshd.exitCode === null) sshd.kill('SIGKILL');
    deleteNamespaceSync(innerNs); // takes the veth pair with it
    rmSync(dir, { recursive: true, force: true });
    live.delete(innerNs);
  };
  if (!hookInstalled) {
    hookInstalled = true;
    process.once('exit', () => [...live.values()].forEach((d) => d()));
  }

  try {
    // Sandbox n is ours now: a namespace of that name is left over from a crashed run.
    deleteNamespaceSync(innerNs);
    live.set(innerNs, destroy);
    ip(['netns', 'add', innerNs]);
    ip(['link', 'add', link, 'netns', vmNs, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', innerNs]);
    ip(['-n', vmNs, 'addr', 'add', `${bastionLinkAddress}/25`, 'dev', link]);
    ip(['-n', vmNs, 'link', 'set', link, 'up']);
    ip(['-n', innerNs, 'addr', 'add', `${address}/25`, 'dev', 'eth0']);
    ip(['-n', innerNs, 'link', 'set', 'eth0', 'up']);
    ip(['-n', innerNs, 'link', 'set', 'lo', 'up']);

    const keygen = spawnSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', `${dir}/ssh_host_key`]);
    if (keygen.status !== 0) throw new Error(`bastion sandbox: ssh-keygen failed: ${keygen.stderr}`);
    const [hostKeyType, hostKeyBase64] = (await fs.readFile(`${dir}/ssh_host_key.pub`, 'utf8')).trim().split(/\s+/);
    await fs.writeFile(`${dir}/authorized_keys`, options.authorizedKeys.join('\n') + '\n', { mode: 0o644 });
    await fs.writeFile(`${dir}/sshd_config`, innerSshdConfig(dir, address));
    const logPath = `${dir}/sshd.log`;
    await fs.writeFile(logPath, '');

    // Own mount namespace with a tmpfs /run (sshd wants /run/sshd), then sshd in the foreground.
    // An empty /root too: sessions must not run the host root's shell start-up files.
    const script =
      'mount -t tmpfs tmpfs /run && mkdir -p /run/sshd && mount -t tmpfs -o mode=0700 tmpfs /root && exec /usr/sbin/sshd -D -f "$1" -E "$2"';
    sshd = spawn(
      'ip',
      [
        'netns',
        'exec',
        innerNs,
        'unshare',
        '--mount',
        '--propagation',
        'private',
        '/bin/sh',
        '-c',
        script,
        'sh',
        `${dir}/sshd_config`,
        logPath,
      ],
      { stdio: 'ignore' },
    );
    const child = sshd;
    await waitFor(
      async () => (await fs.readFile(logPath, 'utf8')).includes(`Server listening on ${address} port 22`),
      'listening sshd',
      child,
    );

    const fingerprint = `SHA256:${createHash('sha256').update(Buffer.from(hostKeyBase64, 'base64')).digest('base64').replace(/=+$/, '')}`;
    const target: InnerTarget = {
      host: address,
      port: 22,
      bastionLinkAddress,
      hostKeyType,
      hostKeyBase64,
      hostKeyFingerprint: fingerprint,
      knownHostsLine: () => `${address} ${hostKeyType} ${hostKeyBase64}`,
      sshdLog: () => fs.readFile(logPath, 'utf8'),
    };
    return {
      bastion,
      target,
      async stop() {
        if (child.exitCode === null) {
          const exited = new Promise((resolve) => child.once('exit', resolve));
          child.kill('SIGTERM');
          await exited;
        }
        destroy();
        await bastion.stop();
      },
    };
  } catch (error) {
    destroy();
    await bastion.stop();
    throw error;
  }
}
