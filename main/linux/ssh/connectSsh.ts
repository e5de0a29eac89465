/**
 * Opens an SSH session with ssh2: resolve, connect, check the host key BEFORE
 * any authentication, authenticate (password / keyboard-interactive, key
 * file, agent), and turn every failure into an NgtError with a remediation.
 */
import { lookup as dnsLookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import type { Duplex } from 'node:stream';

import {
  Client,
  utils,
  type AuthHandlerMiddleware,
  type ConnectConfig,
  type KeyboardInteractiveCallback,
  type Prompt,
} from 'ssh2';

import { FILE_LIMITS, fileRefusalText, readBoundedFile } from '../../engine/boundedFileRead';
import { NgtError } from '../../engine/errors';
import type { Translate } from '../../engine/job';
import type { LogLevel } from '../../engine/types';
import { fingerprintSha256, keyTypeOfBlob } from '../knownHosts';
import { connectThroughJumps } from './proxyJump';
import { classifyConnectFailure, classifyKeyParseError, errorText, sshError, type SshErrorKey } from './sshErrors';
import { Ssh2Session } from './ssh2Session';
import type { HostKeyInfo, SshSession } from './sshSession';
import { SSH_PORT, unbracketHost } from '../../engine/network';

export type SshAuth =
  | { kind: 'password'; password: string }
  | { kind: 'key'; privateKeyPath: string; passphrase?: string }
  /** agentSocket: a Unix socket path, a Windows pipe, or "pageant"; default SSH_AUTH_SOCK (Pageant on Windows). */
  | { kind: 'agent'; agentSocket?: string };

export interface SshConnectOptions {
  host: string;
  /** Default 22. */
  port?: number;
  username: string;
  auth: SshAuth;
  /** Bound on resolve + TCP connect + handshake + authentication; the time spent in verifyHostKey does not count. Default 20 s. */
  readyTimeoutMs?: number;
  /** Default 10 s. A dead link is noticed after about interval × (countMax + 1). */
  keepaliveIntervalMs?: number;
  /** Default 3. */
  keepaliveCountMax?: number;
  /** ProxyJump: bastions passed through in order, the first reached directly (proxyJump.ts). */
  jumps?: JumpHost[];
  /** An open stream to the server (a bastion's forwarded channel) instead of a TCP connection; set by proxyJump.ts. */
  sock?: Duplex;
}

/** One bastion: its own login, and its host key checked by a verifier built from the same policy as the target's. */
export interface JumpHost {
  host: string;
  port?: number;
  username: string;
  auth: SshAuth;
  verifyHostKey: (key: HostKeyInfo) => Promise<boolean>;
}

export interface SshConnectDeps {
  t: Translate;
  /** Decides on the server's host key; false closes the connection before any authentication. May throw its own NgtError. */
  verifyHostKey: (key: HostKeyInfo) => Promise<boolean>;
  /**
   * Asked about a ProxyJump bastion's key that known_hosts does not hold (sshViaConfig's
   * hops); absent, such a key is refused. A changed key is refused either way.
   */
  askJumpHostKey?: (hop: { host: string; port: number }, key: HostKeyInfo) => Promise<boolean>;
  log?: (level: LogLevel, text: string) => void;
  /** Reads the private key file (default: readBoundedFile, at most FILE_LIMITS.privateKey). */
  readFile?: (path: string) => Promise<Buffer>;
  /** Resolves a host name (default: dns.lookup). Not called for IP literals. */
  lookup?: (host: string) => Promise<{ address: string; family?: number }>;
  /** For SSH_AUTH_SOCK (default: process.env). */
  env?: NodeJS.ProcessEnv;
  /** Default: process.platform. */
  platform?: NodeJS.Platform;
}

export const SSH_DEFAULTS = {
  port: SSH_PORT,
  readyTimeoutMs: 20_000,
  keepaliveIntervalMs: 10_000,
  keepaliveCountMax: 3,
} as const;

/** Rounds of keyboard-interactive questions answered with the password, at most. */
const MAX_KEYBOARD_ROUNDS = 3;

interface PreparedAuth {
  config: Partial<ConnectConfig>;
  /** Tried in order, each only if the server still offers it; 'none' first learns what the server offers. */
  methods: ('none' | 'password' | 'keyboard-interactive' | 'publickey' | 'agent')[];
  password?: string;
}

async function prepareAuth(
  options: SshConnectOptions,
  deps: SshConnectDeps,
  params: Record<string, unknown>,
): Promise<PreparedAuth> {
  const { auth } = options;
  const { t } = deps;
  switch (auth.kind) {
    case 'password':
      return {
        config: { password: auth.password },
        methods: ['none', 'password', 'keyboard-interactive'],
        password: auth.password,
      };
    case 'key': {
      const read = deps.readFile ?? ((path: string) => readBoundedFile(path, FILE_LIMITS.privateKey));
      let data: Buffer;
      try {
        data = await read(auth.privateKeyPath);
      } catch (error) {
        throw sshError(
          t,
          'keyFile',
          { ...params, path: auth.privateKeyPath, reason: fileRefusalText(error, t) ?? errorText(error) },
          { detail: errorText(error), cause: error },
        );
      }
      const parsed = utils.parseKey(data, auth.passphrase);
      if (parsed instanceof Error) {
        const key = classifyKeyParseError(parsed.message);
        throw sshError(
          t,
          key,
          { ...params, path: auth.privateKeyPath, reason: parsed.message },
          { detail: parsed.message },
        );
      }
      const first = Array.isArray(parsed) ? parsed[0] : parsed;
      if (!first || !first.isPrivateKey()) {
        throw sshError(t, 'keyFormat', { ...params, path: auth.privateKeyPath, reason: 'not a private key' });
      }
      return { config: { privateKey: data, passphrase: auth.passphrase }, methods: ['none', 'publickey'] };
    }
    case 'agent': {
      const env = deps.env ?? process.env;
      const platform = deps.platform ?? process.platform;
      const socket = auth.agentSocket ?? env.SSH_AUTH_SOCK ?? (platform === 'win32' ? 'pageant' : undefined);
      if (!socket) throw sshError(t, 'agentUnavailable', params, { detail: 'SSH_AUTH_SOCK is not set' });
      return { config: { agent: socket }, methods: ['none', 'agent'] };
    }
  }
}

/** Races a promise against the connect deadline. */
class Deadline {
  private timer: NodeJS.Timeout | undefined;
  private remainingMs: number;
  private startedAt = 0;
  private onExpire: (() => void) | undefined;

  constructor(totalMs: number) {
    this.remainingMs = totalMs;
  }

  start(onExpire: () => void): void {
    this.onExpire = onExpire;
    this.resume();
  }

  pause(): void {
    if (!this.timer) return;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.remainingMs -= Date.now() - this.startedAt;
  }

  resume(): void {
    if (this.timer || !this.onExpire || this.remainingMs === Infinity) return;
    this.startedAt = Date.now();
    this.timer = setTimeout(this.onExpire, Math.max(0, this.remainingMs));
  }

  stop(): void {
    this.pause();
    this.onExpire = undefined;
  }
}

export async function connectSsh(options: SshConnectOptions, deps: SshConnectDeps): Promise<SshSession> {
  const { t } = deps;
  const log = deps.log ?? (() => undefined);
  const port = options.port ?? SSH_DEFAULTS.port;
  const host = options.host.trim();
  const readyTimeoutMs = options.readyTimeoutMs ?? SSH_DEFAULTS.readyTimeoutMs;
  const keepaliveIntervalMs = options.keepaliveIntervalMs ?? SSH_DEFAULTS.keepaliveIntervalMs;
  const keepaliveCountMax = options.keepaliveCountMax ?? SSH_DEFAULTS.keepaliveCountMax;
  const params = { host, port, user: options.username, seconds: Math.round(readyTimeoutMs / 1000) };

  if (!host || /\s/.test(host) || !Number.isInteger(port) || port < 1 || port > 65535 || !options.username) {
    throw sshError(t, 'badOptions', params);
  }
  if (options.jumps && options.jumps.length > 0) return connectThroughJumps(options, deps, connectSsh);

  const prepared = await prepareAuth(options, deps, params);
  const deadline = new Deadline(readyTimeoutMs > 0 ? readyTimeoutMs : Infinity);
  let expired: (() => void) | undefined;
  deadline.start(() => expired?.());

  log('info', t('linux.ssh.log.connecting', params));

  // 1. Resolve (under the same deadline).
  let address = unbracketHost(host);
  if (isIP(address) === 0 && !options.sock) {
    const lookup = deps.lookup ?? ((name: string) => dnsLookup(name));
    try {
      const found = await new Promise<{ address: string }>((resolve, reject) => {
        expired = () => reject(Object.assign(new Error(`DNS lookup of ${host} timed out`), { code: 'EAI_AGAIN' }));
        lookup(address).then(resolve, reject);
      });
      address = found.address;
      log('debug', t('linux.ssh.log.resolved', { ...params, address }));
    } catch (error) {
      deadline.stop();
      throw sshError(t, 'dnsFailed', params, { detail: errorText(error), cause: error });
    }
  }

  // 2. Connect, verify the host key, authenticate.
  const client = new Client();
  return new Promise<SshSession>((resolve, reject) => {
    let settled = false;
    let hostKey: HostKeyInfo | undefined;
    let hostKeyError: NgtError | undefined;
    let agentError: unknown;
    let keyboardRounds = 0;
    let methodIndex = 0;
    let lastMethod = 'none';

    const fail = (error: NgtError): void => {
      if (settled) return;
      settled = true;
      deadline.stop();
      client.removeListener('ready', onReady);
      client.destroy();
      log('error', t('linux.ssh.log.failed', { ...params, message: error.message }));
      reject(error);
    };
    const failWith = (key: SshErrorKey, cause: unknown): void =>
      fail(sshError(t, key, params, { detail: cause === undefined ? undefined : errorText(cause), cause }));

    expired = () => failWith('timeout', new Error(`No SSH session within ${readyTimeoutMs} ms`));

    const hostVerifier = (blob: Buffer, verify: (permitted: boolean) => void): void => {
      const key: HostKeyInfo = {
        type: keyTypeOfBlob(blob) ?? 'unknown',
        blob: Buffer.from(blob),
        fingerprint: fingerprintSha256(blob),
      };
      hostKey = key;
      log('info', t('linux.ssh.log.hostKey', { ...params, type: key.type, fingerprint: key.fingerprint }));
      deadline.pause(); // a person may be deciding; their time does not count
      deps.verifyHostKey(key).then(
        (accepted) => {
          deadline.resume();
          if (!accepted)
            hostKeyError = sshError(t, 'hostKeyRejected', { ...params, type: key.type, fingerprint: key.fingerprint });
          if (!settled) verify(accepted === true);
        },
        (error: unknown) => {
          deadline.resume();
          hostKeyError =
            error instanceof NgtError
              ? error
              : sshError(
                  t,
                  'hostKeyRejected',
                  { ...params, type: key.type, fingerprint: key.fingerprint },
                  { detail: errorText(error), cause: error },
                );
          if (!settled) verify(false);
        },
      );
    };

    const authHandler: AuthHandlerMiddleware = (methodsLeft, _partial, next) => {
      while (methodIndex < prepared.methods.length) {
        const method = prepared.methods[methodIndex++];
        if (methodsLeft && !methodsLeft.includes(method === 'agent' ? 'publickey' : method)) continue;
        if (method === 'none') {
          if (methodsLeft) continue;
          next('none');
          return;
        }
        lastMethod = method;
        log('debug', t('linux.ssh.log.tryAuth', { ...params, method }));
        if (method === 'keyboard-interactive') {
          next({ type: 'keyboard-interactive', username: options.username, prompt: answerWithPassword });
        } else {
          next(method);
        }
        return;
      }
      next(false as never);
    };

    const answerWithPassword = (
      _name: string,
      _instructions: string,
      _lang: string,
      prompts: Prompt[],
      finish: KeyboardInteractiveCallback,
    ): void => {
      if (prompts.length === 0) return finish([]);
      keyboardRounds += 1;
      log('debug', t('linux.ssh.log.keyboardInteractive', { ...params, count: prompts.length }));
      if (keyboardRounds > MAX_KEYBOARD_ROUNDS) return finish(prompts.map(() => ''));
      finish(prompts.map(() => prepared.password ?? ''));
    };

    const onReady = (): void => {
      if (settled) return;
      settled = true;
      deadline.stop();
      client.removeListener('error', onConnectError);
      client.removeListener('close', onConnectClose);
      log('info', t('linux.ssh.log.authenticated', { ...params, method: lastMethod }));
      resolve(
        new Ssh2Session(
          { client, host, port, username: options.username, hostKey: hostKey!, keepaliveIntervalMs, keepaliveCountMax },
          { t, log },
        ),
      );
    };

    const onConnectError = (error: Error & { level?: string }): void => {
      if (settled) return;
      if (hostKeyError) return fail(hostKeyError);
      // ssh2 reports agent and signing errors, then moves on to the next method.
      if (error.level === 'agent') {
        agentError = error;
        log('warn', t('linux.ssh.log.agentError', { ...params, detail: errorText(error) }));
        return;
      }
      if (
        error.level === 'client-authentication' &&
        !/All configured authentication methods failed/i.test(error.message)
      ) {
        log('warn', t('linux.ssh.log.authError', { ...params, detail: errorText(error) }));
        return;
      }
      failWith(classifyConnectFailure({ error, phase: 'connect', agentError }), error);
    };

    const onConnectClose = (): void => {
      if (settled) return;
      if (hostKeyError) return fail(hostKeyError);
      failWith('handshakeClosed', new Error('Connection closed before the session was ready'));
    };

    // Keep one error listener for the client's whole life: an 'error' without listener would crash the process.
    client.on('error', onConnectError);
    client.on('close', onConnectClose);
    client.on('ready', onReady);
    // The server's pre-login banner (sshd Banner, often a legal notice) arrives apart from any
    // command's output: shown once in the log, never parsed.
    client.on('banner', (message: string) => {
      const text = bannerText(message);
      if (text) log('info', t('linux.ssh.log.banner', { ...params, banner: text }));
    });

    const config: ConnectConfig = {
      host: address,
      port,
      ...(options.sock ? { sock: options.sock } : {}),
      username: options.username,
      ...prepared.config,
      tryKeyboard: prepared.methods.includes('keyboard-interactive'),
      authHandler,
      hostVerifier: hostVerifier as ConnectConfig['hostVerifier'],
      readyTimeout: 0, // our own deadline, which pauses while the host key is being decided
      keepaliveInterval: keepaliveIntervalMs,
      keepaliveCountMax,
    };
    try {
      client.connect(config);
    } catch (error) {
      failWith('connectFailed', error);
    }
  });
}

const BANNER_MAX_CHARS = 2000;

/** A banner as log text: control characters other than new lines removed, trimmed, bounded. */
export function bannerText(message: string): string {
  // eslint-disable-next-line no-control-regex
  const clean = message.replace(/\r\n?/g, '\n').replace(/[\u0000-\u0009\u000b-\u001f\u007f]/g, '');
  const trimmed = clean.trim();
  return trimmed.length > BANNER_MAX_CHARS ? `${trimmed.slice(0, BANNER_MAX_CHARS)}…` : trimmed;
}
