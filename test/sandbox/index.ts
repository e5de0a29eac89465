/**
 * Test sandbox: a real OpenSSH server in its own network namespace that looks
 * like Rocky Linux 8.4 (or AlmaLinux 8.4, or Debian 12), with a read-only NGT
 * ISO, and optionally a second namespace playing the Nutanix cluster (TCP
 * listener on 2074). Needs root. See README.md for the layout and the rules.
 *
 * Addresses: sandbox n (1..254) uses only 10.200.<n>.0/24 — .1 host (bridge
 * ngtp-br<n>), .2 the VM (netns ngtp-vm<n>), .3 the cluster (netns ngtp-cl<n>).
 */
import { spawn, spawnSync, type SpawnOptions } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  closeSync,
  copyFileSync,
  existsSync,
  openSync,
  promises as fs,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildNgtIso, type FactoryVariant } from '../fixtures/ngt-iso';
import { distroFiles, type SandboxDistro } from './distros';

export type { SandboxDistro } from './distros';

export interface SandboxUser {
  name: string;
  password: string;
  /** 'password': sudo asks for the password; 'nopasswd': it does not; 'none' (default): no sudo. */
  sudo?: 'password' | 'nopasswd' | 'none';
  /** sudoers `Defaults:<user> requiretty` (the RHEL 6/7.0 default): sudo refuses sessions without a terminal. */
  requiretty?: boolean;
  /** Content of the user's ~/.bashrc (sourced by bash for SSH commands, as on Debian and RHEL). */
  bashrc?: string;
}

export interface SandboxOptions {
  distro: SandboxDistro;
  /** Mount the NGT ISO read-only at /run/media/root/NUTANIX_TOOLS (default true). */
  withIso?: boolean;
  isoFactoryVariant?: FactoryVariant;
  ngtUuid?: string;
  /** Without it root's password is '*' (no password login; keys still work). */
  rootPassword?: string;
  users?: SandboxUser[];
  /** Public key lines accepted for every user (root included). */
  authorizedKeys?: string[];
  /** Start the cluster namespace with a listener on <clusterIp>:2074 (default false). */
  withCluster?: boolean;
  /** A private host key file to use instead of a fresh ed25519 key. */
  hostKeyPath?: string;
  /** ISO without config/client-cert.pem: the fixture agent then fails to start. */
  isoWithoutClientCertificate?: boolean;
  /** Newer-style ISO without installer/linux/install_ngt.sh. */
  isoWithoutInstallSh?: boolean;
  /**
   * Extra interpreters, as EL7 (python2 = 2.7) and EL8 (/usr/libexec/platform-python = 3.6) have
   * them: host pyenv builds (see extraPython()) made visible in the VM and linked at `path`.
   */
  pythons?: { version: '2.7' | '3.6'; path: '/usr/bin/python2' | '/usr/bin/python' | '/usr/libexec/platform-python' }[];
  /** Hide `/usr/bin/python3` (an EL7 without Python 3). */
  hidePython3?: boolean;
  /** Mount /var/tmp noexec (a common hardening). */
  varTmpNoexec?: boolean;
  /** Hide these programs of /usr/sbin (e.g. 'dmidecode': a VM without it). */
  hideSbin?: string[];
  /**
   * A stand-in `/usr/sbin/getenforce` printing this mode, as the real one does (getenforce(8):
   * "reports whether SELinux is enforcing, permissive, or disabled" — one word, `Enforcing`,
   * `Permissive` or `Disabled`, exit 0). SELinux itself cannot run here (no policy in this kernel).
   */
  getenforce?: 'Enforcing' | 'Permissive' | 'Disabled';
  /** sshd `Banner`: this text is sent before authentication (SSH_MSG_USERAUTH_BANNER). */
  banner?: string;
  /** `/etc/motd`, with sshd `PrintMotd yes` (sshd prints it on interactive logins). */
  motd?: string;
}

export interface ExecResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface ClusterConnection {
  time: number;
  peer: string;
  /** First line the client sent (the fixture agent sends `NGT-HELLO <ngt_uuid> <version>`). */
  data: string;
}

export interface Sandbox {
  host: string;
  port: number;
  hostname: string;
  hostKeyType: string;
  hostKeyBase64: string;
  /** OpenSSH style, `SHA256:<base64 without padding>`. */
  hostKeyFingerprint: string;
  /** Always set: with withCluster false nothing listens there (connections fail). */
  clusterIp?: string;
  clusterPort: number;
  /** Host-side folder holding the ISO content (when withIso). */
  isoDir?: string;
  isoMountPoint?: string;
  ngtUuid: string;
  knownHostsLine(): string;
  /** Runs argv inside the VM's namespaces as root (clean env, cwd /). */
  exec(argv: string[], options?: { input?: string; timeoutMs?: number }): Promise<ExecResult>;
  sshdLog(): Promise<string>;
  /** Stops the listening sshd (open sessions live on, as with `systemctl stop sshd` on RHEL). */
  killSshd(): Promise<void>;
  restartSshd(options?: { newHostKey?: boolean }): Promise<void>;
  isoChecksum(): Promise<string>;
  clusterConnections(): Promise<ClusterConnection[]>;
  stop(): Promise<void>;
}

export const SANDBOX_PREFIX = 'ngtp-';
export const ISO_MOUNT_POINT = '/run/media/root/NUTANIX_TOOLS';
const CLUSTER_PORT = 2074;
const STATE_BASE = os.tmpdir();
const STATE_PREFIX = 'ngtp-sandbox-';
const HERE = __dirname;
const PYTHON = '/usr/bin/python3';
const EXEC_ENV = {
  PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
  HOME: '/root',
  USER: 'root',
  LOGNAME: 'root',
  LANG: 'C.UTF-8',
};

interface Names {
  n: number;
  vmNs: string;
  clusterNs: string;
  bridge: string;
  vmVeth: string;
  clusterVeth: string;
  stateDir: string;
  subnet: string;
}

function namesFor(n: number): Names {
  return {
    n,
    vmNs: `${SANDBOX_PREFIX}vm${n}`,
    clusterNs: `${SANDBOX_PREFIX}cl${n}`,
    bridge: `${SANDBOX_PREFIX}br${n}`,
    vmVeth: `${SANDBOX_PREFIX}v${n}`,
    clusterVeth: `${SANDBOX_PREFIX}c${n}`,
    stateDir: path.join(STATE_BASE, `${STATE_PREFIX}${n}`),
    subnet: `10.200.${n}`,
  };
}

// ---------------------------------------------------------------- processes

function run(
  command: string,
  args: string[],
  options: { input?: string; timeoutMs?: number; env?: NodeJS.ProcessEnv } = {},
): Promise<ExecResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: '/',
      env: options.env ?? process.env,
      stdio: 'pipe',
    });
    let stdout = '';
    let stderr = '';
    let timer: NodeJS.Timeout | undefined;
    if (options.timeoutMs) {
      timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs);
    }
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (timer) clearTimeout(timer);
      resolve({
        code: code ?? (signal ? 128 + (os.constants.signals[signal] ?? 0) : 1),
        stdout,
        stderr,
      });
    });
    child.stdin.on('error', () => undefined);
    child.stdin.end(options.input ?? '');
  });
}

async function runOk(command: string, args: string[], options: { input?: string } = {}): Promise<string> {
  const result = await run(command, args, options);
  if (result.code !== 0) {
    throw new Error(`sandbox: ${command} ${args.join(' ')} failed (${result.code}): ${result.stderr.trim()}`);
  }
  return result.stdout;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`sandbox: timed out waiting for ${what}`);
    await sleep(10);
  }
}

function processStartTime(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // fields[0] is the state; a zombie has finished.
    return fields[0] === 'Z' ? undefined : fields[19];
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  return processStartTime(pid) !== undefined;
}

// ---------------------------------------------------------------- prerequisites

/**
 * A host Python of that major.minor built by pyenv (the development and CI
 * machines have 2.7 and 3.6: ENVIRONMENT.md), or undefined. Debian 12 ships
 * neither; they stand for EL7's python2 and EL8's platform-python, both of
 * which still have platform.linux_distribution().
 */
export function extraPython(version: '2.7' | '3.6'): { dir: string; binary: string } | undefined {
  const root = process.env.PYENV_ROOT ?? '/root/.pyenv';
  let entries: string[];
  try {
    entries = readdirSync(path.join(root, 'versions'));
  } catch {
    return undefined;
  }
  const found = entries.filter((e) => e.startsWith(`${version}.`)).sort()[0];
  if (!found) return undefined;
  const dir = path.join(root, 'versions', found);
  const binary = path.join(dir, 'bin', `python${version}`);
  return existsSync(binary) ? { dir, binary } : undefined;
}

function which(command: string): string | undefined {
  for (const dir of ['/usr/sbin', '/usr/bin', '/sbin', '/bin']) {
    const candidate = path.join(dir, command);
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}

export function canRunSandbox(): { ok: boolean; reason?: string } {
  if (process.platform !== 'linux') return { ok: false, reason: 'sandbox needs Linux' };
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) {
    return {
      ok: false,
      reason: 'sandbox needs root (network namespaces, mounts)',
    };
  }
  const packages: Record<string, string> = {
    unshare: 'util-linux',
    nsenter: 'util-linux',
    ip: 'iproute2',
    sshd: 'openssh-server',
    'ssh-keygen': 'openssh-client',
    useradd: 'passwd',
    chpasswd: 'passwd',
    sudo: 'sudo',
  };
  const missing = Object.keys(packages).filter((command) => !which(command));
  if (missing.length) {
    const names = [...new Set(missing.map((command) => packages[command]))].join(' ');
    return {
      ok: false,
      reason: `missing ${missing.join(', ')} (apt-get install -y ${names})`,
    };
  }
  if (!existsSync(PYTHON))
    return {
      ok: false,
      reason: `${PYTHON} missing (apt-get install -y python3)`,
    };
  const distro = spawnSync(PYTHON, ['-c', 'import distro'], {
    stdio: 'ignore',
  });
  if (distro.status !== 0)
    return {
      ok: false,
      reason: 'python3-distro missing (apt-get install -y python3-distro)',
    };
  try {
    if (!readFileSync('/proc/filesystems', 'utf8').includes('overlay')) {
      return { ok: false, reason: 'kernel has no overlay file system' };
    }
  } catch {
    return { ok: false, reason: 'cannot read /proc/filesystems' };
  }
  return { ok: true };
}

// ---------------------------------------------------------------- clean-up

interface Owner {
  pid: number;
  start: string;
}

function ownerAlive(stateDir: string): boolean {
  try {
    const owner = JSON.parse(readFileSync(path.join(stateDir, 'owner.json'), 'utf8')) as Owner;
    return processStartTime(owner.pid) === owner.start;
  } catch {
    // owner.json not written yet: a sandbox being created right now.
    try {
      return Date.now() - statSync(stateDir).mtimeMs < 60_000;
    } catch {
      return false;
    }
  }
}

function killNamespaceProcessesSync(ns: string): void {
  const pids = spawnSync('ip', ['netns', 'pids', ns], { encoding: 'utf8' }).stdout ?? '';
  for (const pid of pids.split(/\s+/).filter(Boolean)) {
    try {
      process.kill(Number(pid), 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

/** Synchronous, best effort: used by cleanupStale and on process exit. */
function destroySync(names: Names, extraPids: number[] = []): void {
  for (const pid of extraPids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  killNamespaceProcessesSync(names.vmNs);
  killNamespaceProcessesSync(names.clusterNs);
  spawnSync('ip', ['netns', 'del', names.vmNs], { stdio: 'ignore' });
  spawnSync('ip', ['netns', 'del', names.clusterNs], { stdio: 'ignore' });
  spawnSync('ip', ['link', 'del', names.bridge], { stdio: 'ignore' });
  spawnSync('ip', ['link', 'del', names.vmVeth], { stdio: 'ignore' });
  spawnSync('ip', ['link', 'del', names.clusterVeth], { stdio: 'ignore' });
  rmSync(names.stateDir, { recursive: true, force: true });
}

/**
 * Removes namespaces, links and state folders left by sandboxes whose owning
 * process is gone (a crashed test run). Live sandboxes of other processes are
 * left alone. Returns the sandbox numbers cleaned.
 */
export async function cleanupStale(): Promise<number[]> {
  const seen = new Set<number>();
  for (const entry of await fs.readdir(STATE_BASE).catch(() => [] as string[])) {
    const match = new RegExp(`^${STATE_PREFIX}(\\d+)$`).exec(entry);
    if (match) seen.add(Number(match[1]));
  }
  const netns = spawnSync('ip', ['netns', 'list'], { encoding: 'utf8' }).stdout ?? '';
  for (const match of netns.matchAll(new RegExp(`^${SANDBOX_PREFIX}(?:vm|cl)(\\d+)`, 'gm'))) seen.add(Number(match[1]));
  const links = spawnSync('ip', ['-o', 'link', 'show'], { encoding: 'utf8' }).stdout ?? '';
  for (const match of links.matchAll(new RegExp(`^\\d+: ${SANDBOX_PREFIX}(?:br|v|c)(\\d+)[@:]`, 'gm'))) {
    seen.add(Number(match[1]));
  }
  const cleaned: number[] = [];
  for (const n of seen) {
    const names = namesFor(n);
    if (live.has(n)) continue;
    if (existsSync(names.stateDir) && ownerAlive(names.stateDir)) continue;
    destroySync(names);
    cleaned.push(n);
  }
  return cleaned.sort((a, b) => a - b);
}

// ---------------------------------------------------------------- start

const live = new Map<number, () => void>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const destroy of live.values()) destroy();
  });
}

async function claimNumber(): Promise<Names> {
  const start = 1 + Math.floor(Math.random() * 254);
  for (let i = 0; i < 254; i++) {
    const n = 1 + ((start + i) % 254);
    const names = namesFor(n);
    try {
      await fs.mkdir(names.stateDir, { mode: 0o700 });
    } catch {
      continue;
    }
    const owner: Owner = {
      pid: process.pid,
      start: processStartTime(process.pid) ?? '',
    };
    await fs.writeFile(path.join(names.stateDir, 'owner.json'), JSON.stringify(owner));
    return names;
  }
  throw new Error('sandbox: no free sandbox number (10.200.1-254.0/24 all in use)');
}

function fingerprintOf(base64: string): string {
  return `SHA256:${createHash('sha256').update(Buffer.from(base64, 'base64')).digest('base64').replace(/=+$/, '')}`;
}

const USER_NAME = /^[a-z_][a-z0-9_-]{0,30}$/;

function validateOptions(options: SandboxOptions): void {
  for (const user of options.users ?? []) {
    if (!USER_NAME.test(user.name) || user.name === 'root') throw new Error(`sandbox: bad user name ${user.name}`);
    if (/[\n\r]/.test(user.password)) throw new Error('sandbox: passwords must be one line');
  }
  if (options.rootPassword !== undefined && /[\n\r]/.test(options.rootPassword)) {
    throw new Error('sandbox: passwords must be one line');
  }
  for (const key of options.authorizedKeys ?? []) {
    if (/[\n\r]/.test(key.trim())) throw new Error('sandbox: one authorized key per entry');
  }
}

async function setUpNetwork(names: Names, withClusterNs: boolean): Promise<void> {
  const { vmNs, clusterNs, bridge, vmVeth, clusterVeth, subnet } = names;
  const host = [
    `netns add ${vmNs}`,
    `link add ${bridge} type bridge`,
    `addr add ${subnet}.1/24 dev ${bridge}`,
    `link set ${bridge} up`,
    `link add ${vmVeth} type veth peer name eth0 netns ${vmNs}`,
    `link set ${vmVeth} master ${bridge} up`,
  ];
  if (withClusterNs) {
    host.push(
      `netns add ${clusterNs}`,
      `link add ${clusterVeth} type veth peer name eth0 netns ${clusterNs}`,
      `link set ${clusterVeth} master ${bridge} up`,
    );
  }
  await runOk('ip', ['-batch', '-'], { input: `${host.join('\n')}\n` });
  const inside = (address: string) => `link set lo up\naddr add ${address}/24 dev eth0\nlink set eth0 up\n`;
  await Promise.all([
    runOk('ip', ['-n', vmNs, '-batch', '-'], { input: inside(`${subnet}.2`) }),
    withClusterNs
      ? runOk('ip', ['-n', clusterNs, '-batch', '-'], {
          input: inside(`${subnet}.3`),
        })
      : undefined,
  ]);
}

interface HostKey {
  type: string;
  base64: string;
}

async function makeHostKey(sshdDir: string, sourcePath?: string): Promise<HostKey> {
  const keyPath = path.join(sshdDir, 'ssh_host_key');
  await fs.rm(keyPath, { force: true });
  await fs.rm(`${keyPath}.pub`, { force: true });
  let publicLine: string;
  if (sourcePath) {
    await fs.copyFile(sourcePath, keyPath);
    await fs.chmod(keyPath, 0o600);
    publicLine = await runOk('ssh-keygen', ['-y', '-f', keyPath]);
  } else {
    await runOk('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'ngtp-sandbox', '-f', keyPath]);
    publicLine = await fs.readFile(`${keyPath}.pub`, 'utf8');
  }
  const [type, base64] = publicLine.trim().split(/\s+/);
  if (!type || !base64) throw new Error('sandbox: could not read the host public key');
  return { type, base64 };
}

function sshdConfig(address: string, options: SandboxOptions): string {
  return [
    ...(options.banner === undefined ? [] : ['Banner /run/ngtp/banner']),
    ...(options.motd === undefined ? [] : ['PrintMotd yes']),
    'Port 22',
    `ListenAddress ${address}`,
    'HostKey /run/ngtp/ssh_host_key',
    'PidFile /run/ngtp/sshd.pid',
    'AuthorizedKeysFile .ssh/authorized_keys /run/ngtp/authorized_keys',
    'PubkeyAuthentication yes',
    'PasswordAuthentication yes',
    'KbdInteractiveAuthentication no',
    'PermitRootLogin yes',
    'UsePAM no',
    'StrictModes no',
    'LogLevel VERBOSE',
    'Subsystem sftp internal-sftp',
    '',
  ].join('\n');
}

async function writeEtcUpper(stateDir: string, options: SandboxOptions, address: string): Promise<string[]> {
  const files = distroFiles(options.distro, address);
  const upper = path.join(stateDir, 'etc', 'upper');
  await fs.mkdir(upper, { recursive: true });
  await fs.mkdir(path.join(stateDir, 'etc', 'work'));
  for (const layer of ['var', 'opt', 'srv', 'usrbin', 'usrlibexec', 'usrsbin']) {
    await fs.mkdir(path.join(stateDir, layer, 'upper'), { recursive: true });
    await fs.mkdir(path.join(stateDir, layer, 'work'));
  }
  for (const [name, content] of Object.entries(files.files)) {
    await fs.writeFile(path.join(upper, name), content, { mode: 0o644 });
  }
  for (const [name, target] of Object.entries(files.symlinks)) {
    await fs.symlink(target, path.join(upper, name));
  }
  if (options.motd !== undefined) await fs.writeFile(path.join(upper, 'motd'), options.motd, { mode: 0o644 });
  if (options.getenforce) {
    await fs.writeFile(
      path.join(stateDir, 'usrsbin', 'upper', 'getenforce'),
      `#!/bin/sh\necho ${options.getenforce}\n`,
      {
        mode: 0o755,
      },
    );
  }
  const sudoers = (options.users ?? []).filter((user) => user.sudo === 'password' || user.sudo === 'nopasswd');
  if (sudoers.length) {
    const dir = path.join(upper, 'sudoers.d');
    await fs.mkdir(dir, { mode: 0o750 });
    await fs.chmod(dir, 0o750);
    for (const user of sudoers) {
      const rule = user.sudo === 'nopasswd' ? 'NOPASSWD: ALL' : 'ALL';
      const defaults = user.requiretty ? `Defaults:${user.name} requiretty\n` : '';
      await fs.writeFile(path.join(dir, `ngtp-${user.name}`), `${defaults}${user.name} ALL=(ALL) ${rule}\n`, {
        mode: 0o440,
      });
    }
  }
  for (const extra of options.pythons ?? []) {
    const found = extraPython(extra.version);
    if (!found) throw new Error(`sandbox: no Python ${extra.version} on this machine (pyenv install ${extra.version})`);
    const [layer, name] = extra.path.startsWith('/usr/libexec/')
      ? ['usrlibexec', extra.path.slice('/usr/libexec/'.length)]
      : ['usrbin', extra.path.slice('/usr/bin/'.length)];
    await fs.symlink(found.binary, path.join(stateDir, layer!, 'upper', name!));
  }
  return files.hidden;
}

interface UsrOptions {
  varTmpNoexec: boolean;
  usr: boolean;
  hideUsrBin: string[];
  hideUsrSbin: string[];
  pythonDirs: string[];
}

function usrOptions(options: SandboxOptions): UsrOptions {
  const pythonDirs = [...new Set((options.pythons ?? []).map((p) => extraPython(p.version)?.dir ?? ''))].filter(
    Boolean,
  );
  // Debian's lsb_release would answer for every distribution (python-distro asks it): only Debian keeps it.
  const hideUsrBin = [
    ...(options.hidePython3 ? ['python3'] : []),
    ...(options.distro === 'debian' ? [] : ['lsb_release']),
  ];
  const hideUsrSbin = (options.hideSbin ?? []).filter((name) => /^[a-z0-9._-]+$/.test(name));
  return {
    varTmpNoexec: options.varTmpNoexec === true,
    usr: pythonDirs.length > 0 || hideUsrBin.length > 0 || hideUsrSbin.length > 0 || Boolean(options.getenforce),
    hideUsrBin,
    hideUsrSbin,
    pythonDirs,
  };
}

async function startHolder(
  names: Names,
  hostname: string,
  isoDir: string | undefined,
  hidden: string[],
  usr: UsrOptions,
): Promise<{ unsharePid: number; holderPid: number }> {
  const logFd = openSync(path.join(names.stateDir, 'init.log'), 'w');
  // The checkout may sit under /tmp, /root or /home, which the VM covers with tmpfs: the reaper
  // (PID 1 for the VM's whole life) runs from the state dir's sshd folder, seen inside as /run/ngtp.
  copyFileSync(path.join(HERE, 'reaper.py'), path.join(names.stateDir, 'sshd', 'reaper.py'));
  const spawnOptions: SpawnOptions = {
    cwd: '/',
    detached: true,
    stdio: ['ignore', logFd, logFd],
    env: {
      ...EXEC_ENV,
      NGTP_STATE: names.stateDir,
      NGTP_HOSTNAME: hostname,
      NGTP_ISO: isoDir ?? '',
      NGTP_HIDE: hidden.join(' '),
      NGTP_REAPER: '/run/ngtp/reaper.py',
      NGTP_VARTMP_NOEXEC: usr.varTmpNoexec ? '1' : '',
      NGTP_USR: usr.usr ? '1' : '',
      NGTP_HIDE_USRBIN: usr.hideUsrBin.join(' '),
      NGTP_HIDE_USRSBIN: usr.hideUsrSbin.join(' '),
      NGTP_PYTHONS: usr.pythonDirs.join(' '),
    },
  };
  const child = spawn(
    'ip',
    [
      'netns',
      'exec',
      names.vmNs,
      'unshare',
      '--mount',
      '--uts',
      '--pid',
      '--fork',
      '--mount-proc',
      '--propagation',
      'private',
      '/bin/sh',
      path.join(HERE, 'vm-init.sh'),
    ],
    spawnOptions,
  );
  closeSync(logFd);
  child.unref();
  const unsharePid = child.pid;
  if (!unsharePid) throw new Error('sandbox: could not start the VM namespace');
  let exited = false;
  child.once('exit', () => (exited = true));
  await waitFor(() => exited || existsSync(path.join(names.stateDir, 'sshd', 'init-done')), 60_000, 'the VM namespace');
  if (exited) {
    const log = await fs.readFile(path.join(names.stateDir, 'init.log'), 'utf8').catch(() => '');
    throw new Error(`sandbox: VM namespace set-up failed: ${log.trim()}`);
  }
  const children = readFileSync(`/proc/${unsharePid}/task/${unsharePid}/children`, 'utf8').trim().split(/\s+/);
  const holderPid = Number(children[0]);
  if (!holderPid) throw new Error('sandbox: could not find the VM namespace init process');
  return { unsharePid, holderPid };
}

async function startCluster(names: Names): Promise<number> {
  const dir = path.join(names.stateDir, 'cluster');
  await fs.mkdir(dir);
  const logFd = openSync(path.join(dir, 'listener.log'), 'w');
  const child = spawn(
    'ip',
    [
      'netns',
      'exec',
      names.clusterNs,
      PYTHON,
      path.join(HERE, 'cluster_listener.py'),
      `${names.subnet}.3`,
      String(CLUSTER_PORT),
      path.join(dir, 'connections.jsonl'),
      path.join(dir, 'ready'),
    ],
    {
      cwd: '/',
      detached: true,
      stdio: ['ignore', logFd, logFd],
      env: EXEC_ENV,
    },
  );
  closeSync(logFd);
  child.unref();
  let exited = false;
  child.once('exit', () => (exited = true));
  await waitFor(() => exited || existsSync(path.join(dir, 'ready')), 60_000, 'the cluster listener');
  if (exited || !child.pid) {
    const log = await fs.readFile(path.join(dir, 'listener.log'), 'utf8').catch(() => '');
    throw new Error(`sandbox: cluster listener failed: ${log.trim()}`);
  }
  return child.pid;
}

async function hashTree(root: string): Promise<string> {
  const hash = createHash('sha256');
  const walk = async (relative: string): Promise<void> => {
    const entries = await fs.readdir(path.join(root, relative), {
      withFileTypes: true,
    });
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const child = relative ? `${relative}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        hash.update(`d\0${child}\0`);
        await walk(child);
      } else {
        hash.update(`f\0${child}\0`);
        hash.update(await fs.readFile(path.join(root, child)));
        hash.update('\0');
      }
    }
  };
  await walk('');
  return hash.digest('hex');
}

/** Starts a sandbox. Always call stop() (e.g. in afterAll). */
export async function startSandbox(options: SandboxOptions): Promise<Sandbox> {
  const can = canRunSandbox();
  if (!can.ok) throw new Error(`sandbox: cannot run: ${can.reason}`);
  validateOptions(options);
  await cleanupStale();
  installExitHook();

  const names = await claimNumber();
  const address = `${names.subnet}.2`;
  const clusterIp = `${names.subnet}.3`;
  const sshdDir = path.join(names.stateDir, 'sshd');
  const withIso = options.withIso ?? true;
  const withCluster = options.withCluster ?? false;
  const pids: number[] = [];
  let holderPid = 0;
  let stopped = false;
  const destroy = () => {
    live.delete(names.n);
    destroySync(names, pids);
  };
  live.set(names.n, destroy);

  try {
    await fs.mkdir(sshdDir, { mode: 0o755 });
    await fs.chmod(sshdDir, 0o755);
    const isoDir = withIso ? path.join(names.stateDir, 'iso') : undefined;
    const [, hostKey, iso, hidden] = await Promise.all([
      setUpNetwork(names, withCluster),
      makeHostKey(sshdDir, options.hostKeyPath),
      isoDir
        ? buildNgtIso(isoDir, {
            clusterIp,
            clusterPort: CLUSTER_PORT,
            ngtUuid: options.ngtUuid,
            factoryVariant: options.isoFactoryVariant ?? 'distro',
            withClientCertificate: !options.isoWithoutClientCertificate,
            withInstallSh: !options.isoWithoutInstallSh,
          })
        : undefined,
      writeEtcUpper(names.stateDir, options, address),
      fs.writeFile(path.join(sshdDir, 'sshd_config'), sshdConfig(address, options)),
      options.banner === undefined
        ? undefined
        : fs.writeFile(path.join(sshdDir, 'banner'), options.banner, { mode: 0o644 }),
      fs.writeFile(
        path.join(sshdDir, 'authorized_keys'),
        (options.authorizedKeys ?? []).map((key) => `${key.trim()}\n`).join(''),
        { mode: 0o644 },
      ),
    ]);
    const hostname = distroFiles(options.distro, address).hostname;
    const [holder, clusterPid] = await Promise.all([
      startHolder(names, hostname, isoDir, hidden, usrOptions(options)),
      withCluster ? startCluster(names) : undefined,
    ]);
    pids.push(holder.holderPid, holder.unsharePid);
    if (clusterPid) pids.push(clusterPid);
    holderPid = holder.holderPid;

    const exec = (argv: string[], execOptions: { input?: string; timeoutMs?: number } = {}) => {
      if (stopped) return Promise.reject(new Error('sandbox: already stopped'));
      return run('nsenter', ['-t', String(holderPid), '-m', '-u', '-n', '-p', '--', ...argv], {
        ...execOptions,
        env: EXEC_ENV,
      });
    };
    const execOk = async (argv: string[], input?: string) => {
      const result = await exec(argv, { input });
      if (result.code !== 0) throw new Error(`sandbox: ${argv[0]} failed (${result.code}): ${result.stderr.trim()}`);
      return result.stdout;
    };

    // Users: names are validated; passwords only travel on chpasswd's stdin.
    const users = options.users ?? [];
    const script =
      'set -e\n' +
      'for u in "$@"; do id -u "$u" >/dev/null 2>&1 || useradd -m -s /bin/bash "$u"; done\n' +
      'if [ -n "$NGTP_LOCK_ROOT" ]; then usermod -p "*" root; fi\n' +
      'chpasswd\n';
    const lines = [
      ...(options.rootPassword !== undefined ? [`root:${options.rootPassword}`] : []),
      ...users.map((user) => `${user.name}:${user.password}`),
    ];
    await execOk(
      [
        'env',
        `NGTP_LOCK_ROOT=${options.rootPassword === undefined ? '1' : ''}`,
        '/bin/sh',
        '-c',
        script,
        'sh',
        ...users.map((user) => user.name),
      ],
      lines.map((line) => `${line}\n`).join(''),
    );

    for (const user of users.filter((u) => u.bashrc !== undefined)) {
      await execOk(
        ['/bin/sh', '-c', 'cat > "/home/$1/.bashrc" && chown "$1:" "/home/$1/.bashrc"', 'sh', user.name],
        user.bashrc,
      );
    }

    const pidFile = path.join(sshdDir, 'sshd.pid');
    const startSshd = async () => {
      await execOk(['/usr/sbin/sshd', '-f', '/run/ngtp/sshd_config', '-E', '/run/ngtp/sshd.log']);
      await waitFor(() => existsSync(pidFile), 30_000, 'sshd');
    };
    await startSshd();

    const sandbox: Sandbox = {
      host: address,
      port: 22,
      hostname,
      hostKeyType: hostKey.type,
      hostKeyBase64: hostKey.base64,
      hostKeyFingerprint: fingerprintOf(hostKey.base64),
      clusterIp,
      clusterPort: CLUSTER_PORT,
      isoDir,
      isoMountPoint: withIso ? ISO_MOUNT_POINT : undefined,
      ngtUuid: iso?.config.ngt_uuid ?? options.ngtUuid ?? '',
      knownHostsLine: () => `${sandbox.host} ${sandbox.hostKeyType} ${sandbox.hostKeyBase64}`,
      exec,
      sshdLog: () => fs.readFile(path.join(sshdDir, 'sshd.log'), 'utf8').catch(() => ''),
      async killSshd() {
        let pid: string;
        try {
          pid = (await fs.readFile(pidFile, 'utf8')).trim();
        } catch {
          return;
        }
        await exec(['kill', '-TERM', pid]);
        await waitFor(() => !existsSync(pidFile), 30_000, 'sshd to stop');
      },
      async restartSshd(restartOptions = {}) {
        await sandbox.killSshd();
        if (restartOptions.newHostKey) {
          const key = await makeHostKey(sshdDir);
          sandbox.hostKeyType = key.type;
          sandbox.hostKeyBase64 = key.base64;
          sandbox.hostKeyFingerprint = fingerprintOf(key.base64);
        }
        await startSshd();
      },
      isoChecksum: () => (isoDir ? hashTree(isoDir) : Promise.reject(new Error('sandbox: started without ISO'))),
      async clusterConnections() {
        const text = await fs
          .readFile(path.join(names.stateDir, 'cluster', 'connections.jsonl'), 'utf8')
          .catch(() => '');
        return text
          .split('\n')
          .filter(Boolean)
          .map((line) => JSON.parse(line) as ClusterConnection);
      },
      async stop() {
        if (stopped) return;
        stopped = true;
        for (const pid of pids) {
          try {
            process.kill(pid, 'SIGKILL');
          } catch {
            // already gone
          }
        }
        await waitFor(() => pids.every((pid) => !isAlive(pid)), 30_000, 'sandbox processes to exit').catch(
          () => undefined,
        );
        destroy();
      },
    };
    return sandbox;
  } catch (error) {
    destroy();
    throw error;
  }
}
