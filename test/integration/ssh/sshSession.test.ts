/**
 * connectSsh / SshSession against a real OpenSSH server started by this file
 * (127.0.0.1, random port, temp host key, LogLevel VERBOSE). Needs root.
 */
import { readFileSync } from 'node:fs';
import * as fsPromises from 'node:fs/promises';
import { chmod, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { waitFor } from '../../support/waitFor';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { NgtError, isAbortError } from '../../../main/engine/errors';
import { createTranslator } from '../../../main/i18n/catalogue';
import { connectSsh, type SshConnectDeps, type SshConnectOptions } from '../../../main/linux/ssh/connectSsh';
import { hostKeyVerifier } from '../../../main/linux/ssh/hostKeyPolicy';
import type { SshSession } from '../../../main/linux/ssh/sshSession';
import {
  addSudoersDropIn,
  appendAuthorizedKey,
  ensureTestUser,
  generateKey,
  killQuietly,
  seededRandom,
  sshdRequirementsMissing,
  sshKeygenFingerprint,
  startAgent,
  startSshd,
  sudoMissing,
  type Agent,
  type Sshd,
  type TestUser,
} from './sshdSandbox';

const t = createTranslator('en');
const CI = process.env.CI === 'true';
const missing = sshdRequirementsMissing();
const missingSudo = missing ?? sudoMissing();
if (missing && !CI) console.warn(`\n*** SKIPPING SSH integration tests: ${missing} ***\n`);
if (!missing && missingSudo && !CI) console.warn(`\n*** SKIPPING sudo tests: ${missingSudo} ***\n`);

const TEST_USER = 'ngtpsshtest';
// Sentinel secrets: they must never show up in a log line, error text or the server log.
const USER_PASSWORD = `Pw-${process.pid}-s3ntinel'"$x\`é`;
const KEY_PASSPHRASE = `Kp-${process.pid}-s3ntinel`;

describe('SSH integration prerequisites', () => {
  // Always runs: in CI a missing prerequisite is a failure, never a silent skip of the suite below.
  it('are present (required in CI)', () => {
    expect(CI && missing !== null ? `SSH integration tests cannot run: ${missing}` : null).toBeNull();
  });
});

describe.skipIf(missing !== null && !CI)('SSH session against a real sshd', () => {
  let dir = '';
  let authorizedKeys = '';
  let sshd: Sshd;
  let user: TestUser;
  let agent: Agent | undefined;
  const sudoersFile = `/etc/sudoers.d/${TEST_USER}-ngtp-test`;
  const logLines: string[] = [];
  const errors: NgtError[] = [];
  const sessions: SshSession[] = [];

  const keys = {
    ed25519: '',
    rsaPem: '',
    edPassphrase: '',
    agentKey: '',
    notAuthorized: '',
  };

  function deps(overrides: Partial<SshConnectDeps> = {}): SshConnectDeps {
    return {
      t,
      verifyHostKey: async () => true,
      log: (level, text) => logLines.push(`${level} ${text}`),
      ...overrides,
    };
  }

  function options(
    overrides: Partial<SshConnectOptions> & Pick<SshConnectOptions, 'auth' | 'username'>,
    server = sshd,
  ): SshConnectOptions {
    return {
      host: '127.0.0.1',
      port: server.port,
      readyTimeoutMs: 10_000,
      keepaliveIntervalMs: 2_000,
      keepaliveCountMax: 3,
      ...overrides,
    };
  }

  async function open(o: SshConnectOptions, d: SshConnectDeps = deps()): Promise<SshSession> {
    const session = await connectSsh(o, d);
    sessions.push(session);
    return session;
  }

  /** sshd's log since `before`, once it shows that connection's end (it is written after the client left). */
  function connectionEnded(before: number): Promise<string> {
    return waitFor(
      () => {
        const slice = sshd.log().slice(before);
        return (
          /(Connection closed by|Connection reset by|Disconnected from) 127\.0\.0\.1 port \d+ \[preauth\]/.test(
            slice,
          ) && slice
        );
      },
      { what: 'sshd to log the end of the refused connection' },
    );
  }

  /** Waits until no process on the server has a command line matching `pattern`. */
  async function goneFromServer(session: SshSession, pattern: RegExp): Promise<void> {
    await waitFor(
      async () =>
        (await session.exec(['ps', '-eo', 'args'])).stdout.split('\n').every((line) => !pattern.test(line.trim())),
      { what: `no process left matching ${pattern}` },
    );
  }

  /** A long remote command, with a promise that settles once it is known to run on the server. */
  function commandRunning(session: SshSession): { started: Promise<void>; done: Promise<unknown> } {
    let started!: () => void;
    const startedPromise = new Promise<void>((resolve) => (started = resolve));
    const done = session.exec(['sh', '-c', 'echo started; exec sleep 30'], {
      onLine: (_stream, line) => line === 'started' && started(),
    });
    return {
      started: Promise.race([
        startedPromise,
        done.then(
          () => undefined,
          () => undefined,
        ),
      ]),
      done,
    };
  }

  async function failure(promise: Promise<unknown>): Promise<NgtError> {
    try {
      await promise;
    } catch (error) {
      expect(error).toBeInstanceOf(NgtError);
      errors.push(error as NgtError);
      return error as NgtError;
    }
    throw new Error('expected a failure');
  }

  const asRoot = (): SshConnectOptions =>
    options({ username: 'root', auth: { kind: 'key', privateKeyPath: keys.ed25519 } });
  const asUser = (): SshConnectOptions =>
    options({ username: TEST_USER, auth: { kind: 'password', password: USER_PASSWORD } });

  beforeAll(async () => {
    if (missing) throw new Error(missing);
    dir = await mkdtemp(join(tmpdir(), 'ngtp-ssh-'));
    await chmod(dir, 0o755); // the test user's sshd reads authorized_keys here
    authorizedKeys = join(dir, 'authorized_keys');
    await writeFile(authorizedKeys, '');
    keys.ed25519 = join(dir, 'id_ed25519');
    generateKey(keys.ed25519, 'ed25519');
    keys.rsaPem = join(dir, 'id_rsa_pem');
    generateKey(keys.rsaPem, 'rsa', { pem: true, passphrase: KEY_PASSPHRASE });
    keys.edPassphrase = join(dir, 'id_ed25519_pp');
    generateKey(keys.edPassphrase, 'ed25519', { passphrase: KEY_PASSPHRASE });
    keys.agentKey = join(dir, 'id_agent');
    generateKey(keys.agentKey, 'ed25519');
    keys.notAuthorized = join(dir, 'id_other');
    generateKey(keys.notAuthorized, 'ed25519');
    for (const k of [keys.ed25519, keys.rsaPem, keys.edPassphrase, keys.agentKey])
      await appendAuthorizedKey(authorizedKeys, `${k}.pub`);
    user = ensureTestUser(TEST_USER, USER_PASSWORD);
    sshd = await startSshd({ dir, name: 'main', authorizedKeysFile: authorizedKeys, allowUsers: ['root', TEST_USER] });
  });

  afterAll(async () => {
    for (const s of sessions) await s.close().catch(() => undefined);
    agent?.stop();
    await sshd?.stop();
    await rm(sudoersFile, { force: true });
    user?.remove();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  describe('authentication', () => {
    it('logs in with a password, and verifies the host key first with the right fingerprint', async () => {
      const seen: string[] = [];
      const session = await open(
        asUser(),
        deps({ verifyHostKey: async (key) => (seen.push(`${key.type} ${key.fingerprint}`), true) }),
      );
      expect(seen).toEqual([`ssh-ed25519 ${sshKeygenFingerprint(sshd.hostKeyPub)}`]);
      expect(session.hostKey.fingerprint).toBe(sshKeygenFingerprint(sshd.hostKeyPub));
      const result = await session.exec(['id', '-un']);
      expect(result).toMatchObject({ code: 0, stdout: `${TEST_USER}\n` });
      expect(session.stats()).toEqual({ execs: 1, sftpOps: 0 });
    });

    it('a wrong password → SSH_AUTH_FAILED (exit category connect)', async () => {
      const error = await failure(
        connectSsh(options({ username: TEST_USER, auth: { kind: 'password', password: 'not-the-password' } }), deps()),
      );
      expect(error.code).toBe('SSH_AUTH_FAILED');
      expect(error.category).toBe('connect');
      expect(error.message).toContain(TEST_USER);
      expect(error.remediation).toBeTruthy();
    });

    it('root logs in with an OpenSSH-format ed25519 key', async () => {
      const session = await open(asRoot());
      expect((await session.exec(['id', '-u'])).stdout).toBe('0\n');
      // the test server's root starts from a home of its own, not the machine's dotfiles
      expect((await session.exec(['sh', '-c', 'printf %s "$HOME"'])).stdout).toBe(join(sshd.dir, 'root-home'));
    });

    it('a PEM RSA key with its passphrase works; a wrong or missing passphrase → SSH_KEY_UNREADABLE', async () => {
      expect((await readFile(keys.rsaPem, 'utf8')).startsWith('-----BEGIN RSA PRIVATE KEY-----')).toBe(true);
      const session = await open(
        options({ username: 'root', auth: { kind: 'key', privateKeyPath: keys.rsaPem, passphrase: KEY_PASSPHRASE } }),
      );
      expect((await session.exec(['whoami'])).stdout).toBe('root\n');

      const wrong = await failure(
        connectSsh(
          options({ username: 'root', auth: { kind: 'key', privateKeyPath: keys.rsaPem, passphrase: 'wrong-one' } }),
          deps(),
        ),
      );
      expect(wrong.code).toBe('SSH_KEY_UNREADABLE');
      expect(wrong.message).toContain('passphrase');
      const none = await failure(
        connectSsh(options({ username: 'root', auth: { kind: 'key', privateKeyPath: keys.rsaPem } }), deps()),
      );
      expect(none.code).toBe('SSH_KEY_UNREADABLE');
      expect(none.message).toMatch(/none was given/);
    });

    it('an encrypted OpenSSH ed25519 key with its passphrase works; wrong passphrase → SSH_KEY_UNREADABLE', async () => {
      const session = await open(
        options({
          username: 'root',
          auth: { kind: 'key', privateKeyPath: keys.edPassphrase, passphrase: KEY_PASSPHRASE },
        }),
      );
      expect((await session.exec(['whoami'])).stdout).toBe('root\n');
      const wrong = await failure(
        connectSsh(
          options({ username: 'root', auth: { kind: 'key', privateKeyPath: keys.edPassphrase, passphrase: 'nope' } }),
          deps(),
        ),
      );
      expect(wrong.code).toBe('SSH_KEY_UNREADABLE');
    });

    it('a missing key file, a public key file and an unauthorised key fail with their own codes', async () => {
      const missingFile = await failure(
        connectSsh(options({ username: 'root', auth: { kind: 'key', privateKeyPath: join(dir, 'nope') } }), deps()),
      );
      expect(missingFile.code).toBe('SSH_KEY_UNREADABLE');
      expect(missingFile.message).toContain(join(dir, 'nope'));
      const pub = await failure(
        connectSsh(options({ username: 'root', auth: { kind: 'key', privateKeyPath: `${keys.ed25519}.pub` } }), deps()),
      );
      expect(pub.code).toBe('SSH_KEY_UNREADABLE');
      const other = await failure(
        connectSsh(options({ username: 'root', auth: { kind: 'key', privateKeyPath: keys.notAuthorized } }), deps()),
      );
      expect(other.code).toBe('SSH_AUTH_FAILED');
    });

    it('logs in through ssh-agent (explicit socket and SSH_AUTH_SOCK); no agent → SSH_AUTH_FAILED', async () => {
      agent = startAgent(join(dir, 'agent.sock'));
      agent.add(keys.agentKey);
      const explicit = await open(options({ username: 'root', auth: { kind: 'agent', agentSocket: agent.socket } }));
      expect((await explicit.exec(['id', '-u'])).stdout).toBe('0\n');
      const fromEnv = await open(
        options({ username: 'root', auth: { kind: 'agent' } }),
        deps({ env: { SSH_AUTH_SOCK: agent.socket } }),
      );
      expect((await fromEnv.exec(['id', '-u'])).stdout).toBe('0\n');

      const noEnv = await failure(
        connectSsh(options({ username: 'root', auth: { kind: 'agent' } }), deps({ env: {}, platform: 'linux' })),
      );
      expect(noEnv.code).toBe('SSH_AUTH_FAILED');
      expect(noEnv.message).toContain('agent');
      const deadSocket = await failure(
        connectSsh(
          options({ username: 'root', auth: { kind: 'agent', agentSocket: join(dir, 'no-agent.sock') } }),
          deps(),
        ),
      );
      expect(deadSocket.code).toBe('SSH_AUTH_FAILED');
      expect(deadSocket.message).toContain('agent');
    });

    it('answers keyboard-interactive (PAM) with the password when the server only offers that', async () => {
      const kbd = await startSshd({
        dir,
        name: 'kbd',
        authorizedKeysFile: authorizedKeys,
        allowUsers: [TEST_USER],
        settings: {
          PasswordAuthentication: 'no',
          KbdInteractiveAuthentication: 'yes',
          UsePAM: 'yes',
          PubkeyAuthentication: 'no',
        },
      });
      try {
        const session = await open(asUser(), deps());
        await session.close();
        const viaKbd = await open(
          options({ username: TEST_USER, auth: { kind: 'password', password: USER_PASSWORD } }, kbd),
        );
        expect((await viaKbd.exec(['id', '-un'])).stdout).toBe(`${TEST_USER}\n`);
        expect(logLines.some((l) => l.includes('keyboard-interactive'))).toBe(true);
        expect(kbd.log()).toMatch(/Accepted keyboard-interactive\/pam for ngtpsshtest/);
        await viaKbd.close();
        const wrong = await failure(
          connectSsh(options({ username: TEST_USER, auth: { kind: 'password', password: 'wrong' } }, kbd), deps()),
        );
        expect(wrong.code).toBe('SSH_AUTH_FAILED');
      } finally {
        await kbd.stop();
      }
    });
  });

  describe('connection failures', () => {
    it('a closed port → SSH_CONNECTION_REFUSED', async () => {
      const server = createServer();
      const port = await new Promise<number>((r) =>
        server.listen(0, '127.0.0.1', () => r((server.address() as { port: number }).port)),
      );
      await new Promise((r) => server.close(r));
      const error = await failure(
        connectSsh(options({ username: 'root', port, auth: { kind: 'key', privateKeyPath: keys.ed25519 } }), deps()),
      );
      expect(error.code).toBe('SSH_CONNECTION_REFUSED');
      expect(error.category).toBe('connect');
      expect(error.message).toContain(String(port));
    });

    it('a name that cannot resolve → SSH_DNS_FAILED', async () => {
      const error = await failure(
        connectSsh(
          options({
            host: 'ngtp-no-such-host.invalid',
            username: 'root',
            auth: { kind: 'key', privateKeyPath: keys.ed25519 },
          }),
          deps(),
        ),
      );
      expect(error.code).toBe('SSH_DNS_FAILED');
      expect(error.message).toContain('ngtp-no-such-host.invalid');
    });

    it('a listener that accepts TCP but never speaks → SSH_TIMEOUT within the bound', async () => {
      const sockets: Socket[] = [];
      const silent: Server = createServer((s) => sockets.push(s));
      const port = await new Promise<number>((r) =>
        silent.listen(0, '127.0.0.1', () => r((silent.address() as { port: number }).port)),
      );
      const started = Date.now();
      const error = await failure(
        connectSsh(
          options({
            port,
            readyTimeoutMs: 1_500,
            username: 'root',
            auth: { kind: 'key', privateKeyPath: keys.ed25519 },
          }),
          deps(),
        ),
      );
      const elapsed = Date.now() - started;
      for (const s of sockets) s.destroy();
      await new Promise((r) => silent.close(r));
      expect(error.code).toBe('SSH_TIMEOUT');
      expect(sockets.length).toBe(1);
      expect(elapsed).toBeGreaterThanOrEqual(1_400);
      // bounded, not hanging (the room above the 1.5 s bound is for a busy machine's timers)
      expect(elapsed).toBeLessThan(10_000);
    });

    it('a refused host key → SSH_HOST_KEY_REJECTED and the server saw no authentication attempt', async () => {
      const before = sshd.log().length;
      const error = await failure(connectSsh(asUser(), deps({ verifyHostKey: async () => false })));
      expect(error.code).toBe('SSH_HOST_KEY_REJECTED');
      expect(error.message).toContain(sshKeygenFingerprint(sshd.hostKeyPub));
      const slice = await connectionEnded(before);
      expect(slice).toMatch(/Connection from 127\.0\.0\.1 port \d+/);
      expect(slice).not.toMatch(/Accepted|Failed|Postponed|Invalid user|authenticating|userauth|password/i);
      expect(slice).toMatch(
        /(Connection closed by|Connection reset by|Disconnected from) 127\.0\.0\.1 port \d+ \[preauth\]/,
      );
    });

    it('an NgtError thrown by verifyHostKey is the one the caller gets, and nothing is authenticated', async () => {
      const before = sshd.log().length;
      const own = new NgtError('SSH_HOST_KEY_CHANGED', 'changed!', {
        category: 'connect',
        remediation: 'ssh-keygen -R',
      });
      const error = await failure(
        connectSsh(
          asUser(),
          deps({
            verifyHostKey: async () => {
              throw own;
            },
          }),
        ),
      );
      expect(error).toBe(own);
      expect(await connectionEnded(before)).not.toMatch(/Accepted|Failed|Postponed|authenticating/i);
    });

    it('with the known_hosts policy: first use records the key, then matches; a changed key is refused before authentication', async () => {
      const knownHostsPath = join(dir, 'home', '.ssh', 'known_hosts');
      const verifier = (acceptNew: boolean) =>
        hostKeyVerifier({
          host: '127.0.0.1',
          port: sshd.port,
          knownHostsPath,
          fs: fsPromises,
          t,
          acceptNew,
          log: (l, x) => logLines.push(`${l} ${x}`),
        });
      const unknown = await failure(connectSsh(asRoot(), deps({ verifyHostKey: verifier(false) })));
      expect(unknown.code).toBe('SSH_HOST_KEY_UNKNOWN');
      expect(unknown.message).toContain(sshKeygenFingerprint(sshd.hostKeyPub));
      const first = await open(asRoot(), deps({ verifyHostKey: verifier(true) }));
      await first.close();
      expect(await readFile(knownHostsPath, 'utf8')).toMatch(
        new RegExp(`^\\[127\\.0\\.0\\.1\\]:${sshd.port} ssh-ed25519 `),
      );
      expect((await stat(knownHostsPath)).mode & 0o777).toBe(0o600);
      const again = await open(asRoot(), deps({ verifyHostKey: verifier(false) }));
      await again.close();

      // Another server on the same address and port now: its key differs from the one on record.
      const impostorKey = join(dir, 'impostor');
      generateKey(impostorKey, 'ed25519');
      const recorded = await readFile(knownHostsPath, 'utf8');
      const impostorBlob = (await readFile(`${impostorKey}.pub`, 'utf8')).split(' ')[1];
      await writeFile(knownHostsPath, recorded.replace(/ssh-ed25519 \S+/, `ssh-ed25519 ${impostorBlob}`));
      const before = sshd.log().length;
      const changed = await failure(connectSsh(asRoot(), deps({ verifyHostKey: verifier(true) })));
      expect(changed.code).toBe('SSH_HOST_KEY_CHANGED');
      expect(changed.category).toBe('connect');
      expect(changed.message).toContain(sshKeygenFingerprint(sshd.hostKeyPub));
      expect(changed.message).toContain(sshKeygenFingerprint(`${impostorKey}.pub`));
      expect(await connectionEnded(before)).not.toMatch(/Accepted|Failed|Postponed|authenticating/i);
    });

    it('time spent deciding on the host key does not count against the ready timeout', async () => {
      const session = await open(
        // The ready timeout must cover a handshake on a busy machine; the decision takes longer than it.
        options({ username: 'root', readyTimeoutMs: 4_000, auth: { kind: 'key', privateKeyPath: keys.ed25519 } }),
        deps({ verifyHostKey: () => new Promise((r) => setTimeout(() => r(true), 5_000)) }),
      );
      expect((await session.exec(['true'])).code).toBe(0);
    });
  });

  describe('exec and scripts', () => {
    let root: SshSession;
    let plain: SshSession;
    beforeAll(async () => {
      root = await open(asRoot());
      plain = await open(asUser());
    });

    const ALPHABET = [
      ...`abcXYZ019 \t\n\r'"\`$\\!#&*?[]{}()<>|;~^%=+,.:/-_@`,
      'é',
      'ß',
      'ü',
      '日',
      '本',
      '語',
      '€',
      '—',
      '\u00a0',
      '\u200b',
      '😀',
      '🚀',
      'Ω',
      'ж',
      '\u0301',
      '$(',
      '${',
      '`id`',
      "'\\''",
      '\\n',
      '--',
      '-e',
      '%s',
      '%b',
      '\u0007',
      '\u001b[31m',
    ];
    function randomString(random: () => number): string {
      const length = Math.floor(random() * 24);
      let s = '';
      for (let i = 0; i < length; i++) s += ALPHABET[Math.floor(random() * ALPHABET.length)];
      return s;
    }

    it.each([
      ['root (bash)', () => root],
      ['the test user (/bin/sh)', () => plain],
    ])('echoes 1,200 hostile random argv strings back byte for byte through %s', async (_label, session) => {
      const random = seededRandom(0x5eed1234);
      const strings = Array.from({ length: 1_200 }, () => randomString(random));
      strings.push(
        '',
        "'",
        '"',
        '$HOME',
        '`',
        '\n',
        '*',
        '-n',
        'a b',
        '\\',
        "it's",
        '$(id)',
        '${IFS}',
        ';rm -rf /nonexistent',
      );
      const s = session();
      const before = s.stats().execs;
      const started = Date.now();
      const batch = 100;
      for (let i = 0; i < strings.length; i += batch) {
        const chunk = strings.slice(i, i + batch);
        const result = await s.exec(['printf', '%s\\000', ...chunk]);
        expect(result.code).toBe(0);
        expect(result.stderr).toBe('');
        const back = result.stdout.split('\u0000');
        expect(back.pop()).toBe('');
        expect(back).toEqual(chunk);
        // byte for byte, not only as decoded text
        expect(Buffer.from(result.stdout)).toEqual(
          Buffer.concat(chunk.map((c) => Buffer.concat([Buffer.from(c), Buffer.from([0])]))),
        );
      }
      const ms = Date.now() - started;
      console.info(
        `[ssh fuzz] ${strings.length} strings in ${s.stats().execs - before} execs over ${_label}: ${ms} ms`,
      );
    });

    it('runs a fixed script on stdin with user values as positional arguments, in one round trip', async () => {
      const args = ['plain', "it's $HOME", 'a\nb', '`id`', '日本語'];
      const script = 'printf "%s\\n" "$#"\nfor a in "$@"; do printf "[%s]\\n" "$a"; done\nprintf "%s\\n" "$(id -u)"\n';
      const before = root.stats().execs;
      const result = await root.runScript(script, { args });
      expect(root.stats().execs - before).toBe(1);
      expect(result.code).toBe(0);
      expect(result.stdout).toBe(`5\n${args.map((a) => `[${a}]`).join('\n')}\n0\n`);
    });

    it('returns the exit code, stderr and stdin passthrough', async () => {
      const failed = await root.exec(['sh', '-c', 'echo out; echo err >&2; exit 7']);
      expect(failed).toEqual({ code: 7, stdout: 'out\n', stderr: 'err\n' });
      const od = await root.exec(['od', '-An', '-tx1'], { stdin: Buffer.from([0, 1, 2, 255, 10]) });
      expect(od.stdout.trim()).toBe('00 01 02 ff 0a');
      const text = await root.exec(['cat'], { stdin: 'line1\nligne 2 é\n' });
      expect(text.stdout).toBe('line1\nligne 2 é\n');
    });

    it('streams lines live, before the command ends (partial chunks and CRLF handled)', async () => {
      // The command goes on only once this side has received its first line: were lines not
      // streamed live, it would never end.
      const go = join(dir, `go-${Date.now()}`);
      const lines: { stream: string; line: string }[] = [];
      const result = await root.exec(
        [
          'sh',
          '-c',
          "echo first; printf 'par'; while [ ! -e \"$1\" ]; do sleep 0.02; done; printf 'tial\\r\\nerr\\n' >&2; printf 'tial\\r\\nlast'",
          'sh',
          go,
        ],
        {
          onLine: (stream, line) => {
            lines.push({ stream, line });
            if (line === 'first') void writeFile(go, '');
          },
        },
      );
      // stdout and stderr travel as separate SSH streams: their relative order is not guaranteed
      expect(lines.filter((l) => l.stream === 'stdout').map((l) => l.line)).toEqual(['first', 'partial', 'last']);
      expect(lines.filter((l) => l.stream === 'stderr').map((l) => l.line)).toEqual(['tial', 'err']);
      expect(result.stdout).toBe('first\npartial\r\nlast');
    });

    it('abort kills the remote command and rejects with an AbortError; timeouts → SSH_EXEC_TIMEOUT', async () => {
      const controller = new AbortController();
      const aborted = root.exec(['sh', '-c', 'echo started; exec sleep 31'], {
        signal: controller.signal,
        onLine: (_stream, line) => line === 'started' && controller.abort(),
      });
      await expect(aborted).rejects.toSatisfy(isAbortError);
      const timedOut = await failure(root.exec(['sleep', '32'], { timeoutMs: 300 }));
      expect(timedOut.code).toBe('SSH_EXEC_TIMEOUT');
      // the TERM signal ended the remote commands (closing the channel alone would leave them running)
      // a non-root login: the SSH signal request itself is honoured
      const userTimedOut = await failure(plain.exec(['sleep', '33'], { timeoutMs: 300 }));
      expect(userTimedOut.code).toBe('SSH_EXEC_TIMEOUT');
      await goneFromServer(root, /^sleep 3[123]$/);
      expect((await root.exec(['echo', 'still usable'])).stdout).toBe('still usable\n');
    });

    it('reads and writes files over one reused SFTP channel', async () => {
      const path = join(dir, 'sftp-roundtrip.bin');
      const data = Buffer.from(Array.from({ length: 70_000 }, (_, i) => (i * 7) % 256));
      const before = root.stats().sftpOps;
      await root.writeFile(path, data, 0o600);
      expect((await stat(path)).mode & 0o777).toBe(0o600);
      expect((await root.readFile(path)).equals(data)).toBe(true);
      await root.writeFile(path, 'short', 0o640);
      expect(await readFile(path, 'utf8')).toBe('short');
      expect((await stat(path)).mode & 0o777).toBe(0o640);
      expect(root.stats().sftpOps - before).toBe(4); // 1 channel open + 3 operations
      const error = await failure(root.readFile(join(dir, 'does-not-exist')));
      expect(error.code).toBe('SSH_SFTP_FAILED');
      expect(error.message).toContain('does not exist');
    });
  });

  describe.skipIf(missingSudo !== null && !CI)('sudo', () => {
    let plain: SshSession;
    let root: SshSession;
    beforeAll(async () => {
      if (missingSudo) throw new Error(missingSudo);
      await addSudoersDropIn(sudoersFile, `${TEST_USER} ALL=(ALL:ALL) ALL`);
      plain = await open(asUser());
      root = await open(asRoot());
    });

    it('runs as root with the sudo password fed on stdin, and the command still gets its own stdin', async () => {
      const sudo = { kind: 'sudo' as const, password: USER_PASSWORD };
      expect((await plain.exec(['id', '-u'], { sudo })).stdout).toBe('0\n');
      const cat = await plain.exec(['cat'], { sudo, stdin: 'only this\n' });
      expect(cat).toEqual({ code: 0, stdout: 'only this\n', stderr: '' });
      const script = await plain.runScript('id -u; printf "%s\\n" "$1"', { sudo, args: ["o'hare $x"] });
      expect(script.stdout).toBe("0\no'hare $x\n");
      const failing = await plain.exec(['sh', '-c', 'echo oops >&2; exit 3'], { sudo });
      expect(failing).toEqual({ code: 3, stdout: '', stderr: 'oops\n' });
    });

    it('a timed-out command under sudo is stopped too (sudo relays the signal)', async () => {
      const error = await failure(
        plain.exec(['sleep', '36'], { sudo: { kind: 'sudo', password: USER_PASSWORD }, timeoutMs: 800 }),
      );
      expect(error.code).toBe('SSH_EXEC_TIMEOUT');
      await goneFromServer(root, /sleep 36$/);
    });

    it('never hands the password to the command when sudo does not ask for it (root)', async () => {
      const cat = await root.exec(['cat'], { sudo: { kind: 'sudo', password: USER_PASSWORD }, stdin: 'data' });
      expect(cat.stdout).toBe('data');
    });

    it('a wrong sudo password → SUDO_FAILED (incorrect), quickly', async () => {
      const started = Date.now();
      const error = await failure(plain.exec(['id', '-u'], { sudo: { kind: 'sudo', password: 'wrong-sudo-pw' } }));
      expect(error.code).toBe('SUDO_FAILED');
      expect(error.category).toBe('connect');
      expect(error.message).toMatch(/did not accept the password/);
      // sudo's own failure delay (about 2 s), not an exec timeout
      expect(Date.now() - started).toBeLessThan(15_000);
    });

    it('sudo without a password when one is needed → SUDO_FAILED (password required)', async () => {
      const error = await failure(plain.exec(['id', '-u'], { sudo: { kind: 'sudo' } }));
      expect(error.code).toBe('SUDO_FAILED');
      expect(error.message).toMatch(/needs a password/);
    });

    it('a user not in sudoers → SUDO_FAILED (not allowed)', async () => {
      await rm(sudoersFile, { force: true });
      try {
        const error = await failure(plain.exec(['id', '-u'], { sudo: { kind: 'sudo', password: USER_PASSWORD } }));
        expect(error.code).toBe('SUDO_FAILED');
        expect(error.message).toMatch(/may not use sudo/);
      } finally {
        await addSudoersDropIn(sudoersFile, `${TEST_USER} ALL=(ALL:ALL) ALL`);
      }
    });
  });

  describe('a dying link', () => {
    it('sshd killed mid-command → the command and session.lost report SSH_CONNECTION_LOST at once', async () => {
      const doomed = await startSshd({ dir, name: 'doomed', authorizedKeysFile: authorizedKeys, allowUsers: ['root'] });
      try {
        const session = await open(
          options({ username: 'root', auth: { kind: 'key', privateKeyPath: keys.ed25519 } }, doomed),
        );
        const running = commandRunning(session);
        await running.started;
        const started = Date.now();
        for (const pid of doomed.processTree()) killQuietly(pid, 'SIGKILL');
        const error = await failure(running.done);
        const lost = await session.lost;
        // "at once": from the socket closing, not from a keepalive timeout (2 s × 3 here)
        expect(Date.now() - started).toBeLessThan(6_000);
        expect(error.code).toBe('SSH_CONNECTION_LOST');
        expect(lost.code).toBe('SSH_CONNECTION_LOST');
        expect(session.alive).toBe(false);
        expect((await failure(session.exec(['true']))).code).toBe('SSH_CONNECTION_LOST');
      } finally {
        await doomed.stop();
      }
    });

    it('a server that goes silent (SIGSTOP) is noticed by keepalive within interval × (count + 1)', async () => {
      const frozen = await startSshd({ dir, name: 'frozen', authorizedKeysFile: authorizedKeys, allowUsers: ['root'] });
      try {
        const session = await open(
          options(
            {
              username: 'root',
              auth: { kind: 'key', privateKeyPath: keys.ed25519 },
              keepaliveIntervalMs: 500,
              keepaliveCountMax: 2,
            },
            frozen,
          ),
        );
        let heard: NgtError | undefined;
        session.onLost((e) => (heard = e));
        const running = commandRunning(session);
        await running.started;
        const sshdPids = frozen.processTree().filter((pid) => {
          try {
            return readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'sshd';
          } catch {
            return false;
          }
        });
        expect(sshdPids.length).toBeGreaterThanOrEqual(2);
        const started = Date.now();
        for (const pid of sshdPids) killQuietly(pid, 'SIGSTOP');
        const error = await failure(running.done);
        const waited = Date.now() - started;
        expect(error.code).toBe('SSH_CONNECTION_LOST');
        expect(error.message).toMatch(/stopped answering/);
        expect(heard).toBe(error);
        // bounded by the keepalive (interval × (count + 1)), with room for a busy machine's timers
        expect(waited).toBeLessThan(500 * 3 + 6_000);
        console.info(`[ssh keepalive] silent server noticed after ${waited} ms`);
      } finally {
        await frozen.stop();
      }
    });
  });

  it('no secret appears in any log line, error text or the server logs', () => {
    const secrets = [USER_PASSWORD, KEY_PASSPHRASE];
    const texts = [...logLines, ...errors.flatMap((e) => [e.message, e.remediation ?? '', e.detail ?? '']), sshd.log()];
    expect(logLines.length).toBeGreaterThan(20);
    for (const text of texts) for (const secret of secrets) expect(text).not.toContain(secret);
  });
});
