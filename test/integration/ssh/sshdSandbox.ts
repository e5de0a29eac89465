/**
 * A private OpenSSH server for the SSH integration tests: its own config,
 * host key, authorized_keys and log file in a temp dir, on 127.0.0.1 and a
 * free port, run in the foreground and stopped by its PID. Also the test
 * user, sudoers drop-in and ssh-agent, each created here and removed again.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { appendFile, chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { waitFor } from '../../support/waitFor';

export const SSHD = '/usr/sbin/sshd';

/** Why these tests cannot run here, or null when they can. */
export function sshdRequirementsMissing(): string | null {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return 'not running as root';
  for (const tool of [
    SSHD,
    '/usr/bin/ssh-keygen',
    '/usr/bin/ssh-agent',
    '/usr/bin/ssh-add',
    '/usr/sbin/useradd',
    '/usr/sbin/chpasswd',
    '/usr/sbin/userdel',
  ]) {
    if (!existsSync(tool)) return `${tool} is missing (Debian packages openssh-server, openssh-client, passwd)`;
  }
  return null;
}

export function sudoMissing(): string | null {
  return existsSync('/usr/bin/sudo') ? null : '/usr/bin/sudo is missing (Debian package sudo)';
}

export function run(command: string, args: string[], input?: string, env?: NodeJS.ProcessEnv): string {
  const result = spawnSync(command, args, { input, env: env ?? process.env, encoding: 'utf8' });
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} failed (${result.status}): ${result.stderr}`);
  }
  return result.stdout;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export function generateKey(
  path: string,
  type: 'ed25519' | 'rsa',
  options: { passphrase?: string; pem?: boolean } = {},
): void {
  const args = ['-q', '-t', type, '-N', options.passphrase ?? '', '-f', path, '-C', `ngtp-test-${type}`];
  if (type === 'rsa') args.push('-b', '2048');
  if (options.pem) args.push('-m', 'PEM');
  run('/usr/bin/ssh-keygen', args);
}

/** "SHA256:…" of a public key file, as ssh-keygen prints it. */
export function sshKeygenFingerprint(pubPath: string): string {
  const out = run('/usr/bin/ssh-keygen', ['-l', '-E', 'sha256', '-f', pubPath]);
  const match = /(SHA256:[A-Za-z0-9+/]+)/.exec(out);
  if (!match) throw new Error(`no fingerprint in: ${out}`);
  return match[1];
}

export interface Sshd {
  port: number;
  pid: number;
  dir: string;
  logFile: string;
  hostKeyPub: string;
  /** Current log text. */
  log(): string;
  /** PIDs of the listener and every process below it (per-connection sshd, commands). */
  processTree(): number[];
  stop(): Promise<void>;
}

export interface SshdOptions {
  /** Directory with authorized_keys (shared by the instances). */
  dir: string;
  name: string;
  authorizedKeysFile: string;
  allowUsers: string[];
  /** sshd_config keywords overriding DEFAULT_SETTINGS (merged by keyword: in sshd the first value given wins). */
  settings?: Record<string, string>;
}

const DEFAULT_SETTINGS: Record<string, string> = {
  PubkeyAuthentication: 'yes',
  PasswordAuthentication: 'yes',
  KbdInteractiveAuthentication: 'no',
  PermitRootLogin: 'prohibit-password',
  UsePAM: 'no',
  StrictModes: 'no',
  LogLevel: 'VERBOSE',
  LoginGraceTime: '60',
  MaxStartups: '50',
  MaxSessions: '20',
  MaxAuthTries: '10',
};

export async function startSshd(options: SshdOptions): Promise<Sshd> {
  await mkdir('/run/sshd', { recursive: true, mode: 0o755 });
  const base = join(options.dir, options.name);
  await mkdir(base, { recursive: true });
  const hostKey = join(base, 'ssh_host_ed25519_key');
  generateKey(hostKey, 'ed25519');
  const logFile = join(base, 'sshd.log');
  const settings = { ...DEFAULT_SETTINGS, ...options.settings };
  const configFile = join(base, 'sshd_config');
  await mkdir(join(base, 'root-home'), { recursive: true, mode: 0o700 });
  // A free port can be taken by another process between the pick and sshd's bind (other test
  // runs share this machine): then sshd exits with "Address already in use" and we pick again.
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    await writeFile(logFile, '');
    await writeFile(configFile, sshdConfig(port, hostKey, base, options, settings));
    const child: ChildProcess = spawn(SSHD, ['-D', '-f', configFile, '-E', logFile], { stdio: 'ignore' });
    let exited = false;
    child.once('exit', () => {
      exited = true;
    });
    const listening = `Server listening on 127.0.0.1 port ${port}`;
    await waitFor(() => exited || readFileSync(logFile, 'utf8').includes(listening), {
      what: `sshd ${options.name} to listen`,
      timeoutMs: 60_000,
    });
    const log = readFileSync(logFile, 'utf8');
    if (!log.includes(listening)) {
      if (/Address already in use/.test(log) && attempt < 10) continue;
      throw new Error(`sshd did not start: ${log}`);
    }
    return running(child, port, base, logFile, hostKey);
  }
}

function sshdConfig(
  port: number,
  hostKey: string,
  base: string,
  options: SshdOptions,
  settings: Record<string, string>,
): string {
  return [
    `Port ${port}`,
    'ListenAddress 127.0.0.1',
    `HostKey ${hostKey}`,
    `PidFile ${join(base, 'sshd.pid')}`,
    `AuthorizedKeysFile ${options.authorizedKeysFile}`,
    `AllowUsers ${options.allowUsers.join(' ')}`,
    ...Object.entries(settings).map(([k, v]) => `${k} ${v}`),
    'Subsystem sftp internal-sftp',
    // root's shell (bash) reads ~/.bashrc for every SSH command. The test machine's root has its
    // own (pyenv, cargo, …): a slow or stuck one — pyenv waits 60 s for a stale rehash lock —
    // would make these tests depend on whoever used the machine before. sshd's SetEnv comes
    // after HOME in the session environment, so root's commands start from an empty home here.
    'Match User root',
    `  SetEnv HOME=${join(base, 'root-home')}`,
    '',
  ].join('\n');
}

function running(child: ChildProcess, port: number, base: string, logFile: string, hostKey: string): Sshd {
  const pid = child.pid!;
  let exited = child.exitCode !== null || child.signalCode !== null;
  child.once('exit', () => {
    exited = true;
  });
  const processTree = (): number[] => descendants(pid, true);
  return {
    port,
    pid,
    dir: base,
    logFile,
    hostKeyPub: `${hostKey}.pub`,
    log: () => readFileSync(logFile, 'utf8'),
    processTree,
    stop: async () => {
      for (const p of processTree()) killQuietly(p, 'SIGKILL');
      if (!exited) await new Promise((r) => child.once('exit', r));
    },
  };
}

export function killQuietly(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    /* already gone */
  }
}

/** `root` and every process below it, from /proc/<pid>/stat. */
export function descendants(root: number, includeRoot: boolean): number[] {
  const parentOf = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const afterName = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      parentOf.set(Number(entry), Number(afterName[1]));
    } catch {
      /* exited meanwhile */
    }
  }
  const found = includeRoot ? [root] : [];
  let frontier = [root];
  while (frontier.length > 0) {
    const next: number[] = [];
    for (const [pid, ppid] of parentOf) if (frontier.includes(ppid)) next.push(pid);
    found.push(...next);
    frontier = next;
  }
  return found;
}

export interface TestUser {
  name: string;
  password: string;
  createdByUs: boolean;
  remove(): void;
}

/** Creates the user (shell /bin/sh) unless it exists; sets its password either way. */
export function ensureTestUser(name: string, password: string): TestUser {
  const exists = spawnSync('/usr/bin/id', ['-u', name]).status === 0;
  if (!exists) run('/usr/sbin/useradd', ['--create-home', '--shell', '/bin/sh', name]);
  run('/usr/sbin/chpasswd', [], `${name}:${password}\n`);
  return {
    name,
    password,
    createdByUs: !exists,
    remove: () => {
      if (!exists) spawnSync('/usr/sbin/userdel', ['--remove', name]);
    },
  };
}

export async function addSudoersDropIn(path: string, line: string): Promise<void> {
  await writeFile(path, `${line}\n`, { mode: 0o440 });
  await chmod(path, 0o440);
  run('/usr/sbin/visudo', ['-c', '-f', path]);
}

export interface Agent {
  socket: string;
  pid: number;
  add(keyPath: string): void;
  stop(): void;
}

export function startAgent(socket: string): Agent {
  const out = run('/usr/bin/ssh-agent', ['-s', '-a', socket]);
  const match = /SSH_AGENT_PID=(\d+)/.exec(out);
  if (!match) throw new Error(`ssh-agent said: ${out}`);
  const pid = Number(match[1]);
  return {
    socket,
    pid,
    add: (keyPath) => {
      run('/usr/bin/ssh-add', ['-q', keyPath], undefined, { ...process.env, SSH_AUTH_SOCK: socket });
    },
    stop: () => killQuietly(pid, 'SIGTERM'),
  };
}

export async function appendAuthorizedKey(file: string, pubPath: string): Promise<void> {
  await appendFile(file, await readFile(pubPath, 'utf8'));
  await chmod(file, 0o644);
}

/** A small deterministic generator (mulberry32) so failures can be replayed from the seed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let x = state;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}
