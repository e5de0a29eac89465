/**
 * One authenticated SSH connection to a Linux VM: run argv vectors and fixed
 * scripts (optionally through sudo), read and write files over one lazily
 * opened SFTP channel, notice a dead link, and count round trips.
 */
import { randomBytes } from 'node:crypto';

import type { Client, ClientChannel, SFTPWrapper } from 'ssh2';

import type { NgtError } from '../../engine/errors';
import type { Translate } from '../../engine/job';
import type { LogLevel } from '../../engine/types';
import { shJoin } from '../shellQuote';
import { LineSplitter } from './lineSplitter';
import { abortError, classifyLostConnection, classifySftpError, errorText, sshError } from './sshErrors';
import { StartGate, classifySuFailure, classifySudoFailure, planCommand, type SudoMode } from './remoteCommand';

export type { SudoMode } from './remoteCommand';

export type OutputStream = 'stdout' | 'stderr';

export interface ExecOptions {
  /** Sent to the command's stdin, then stdin is closed (it is always closed). */
  stdin?: string | Buffer;
  /** Every complete line as it arrives (CRLF and partial chunks handled). */
  onLine?: (stream: OutputStream, line: string) => void;
  /** Kills the command (TERM, then channel close) and rejects with SSH_EXEC_TIMEOUT. */
  timeoutMs?: number;
  /** Aborting kills the command and rejects with an AbortError. */
  signal?: AbortSignal;
  sudo?: SudoMode;
}

export interface ExecResult {
  /** Exit status; null when the command died from a signal or the channel closed without one. */
  code: number | null;
  signal?: string;
  stdout: string;
  stderr: string;
}

export interface RunScriptOptions extends Omit<ExecOptions, 'stdin'> {
  /** User values, passed as positional parameters $1, $2… (quoted), never spliced into the script. */
  args?: readonly string[];
}

export interface SshStats {
  /** Commands run (each is one channel open + exec request). */
  execs: number;
  /** SFTP operations (readFile, writeFile; the channel open is counted once as well). */
  sftpOps: number;
}

export interface HostKeyInfo {
  /** Key type from the blob, e.g. "ssh-ed25519". */
  type: string;
  /** The raw public key blob as the server sent it. */
  blob: Buffer;
  /** "SHA256:…" as OpenSSH prints it. */
  fingerprint: string;
}

export interface SshSession {
  readonly host: string;
  readonly port: number;
  readonly username: string;
  readonly hostKey: HostKeyInfo;
  exec(argv: readonly string[], options?: ExecOptions): Promise<ExecResult>;
  runScript(script: string, options?: RunScriptOptions): Promise<ExecResult>;
  readFile(remotePath: string): Promise<Buffer>;
  writeFile(remotePath: string, data: string | Buffer, mode?: number): Promise<void>;
  close(): Promise<void>;
  /** Resolves (never rejects) with SSH_CONNECTION_LOST when the link dies without close(). */
  readonly lost: Promise<NgtError>;
  /** Calls the listener once when the link dies; returns an unsubscribe function. */
  onLost(listener: (error: NgtError) => void): () => void;
  readonly alive: boolean;
  stats(): SshStats;
}

export interface SessionDeps {
  t: Translate;
  log?: (level: LogLevel, text: string) => void;
}

interface SessionInit {
  client: Client;
  host: string;
  port: number;
  username: string;
  hostKey: HostKeyInfo;
  keepaliveIntervalMs: number;
  keepaliveCountMax: number;
}

const CLOSE_GRACE_MS = 2_000;

/**
 * Sends a signal request (RFC 4254 §6.9) to the remote command. ssh2's
 * channel.signal() stays silent once our side sent EOF (stdin closed), which
 * is always the case here, so the request goes through the channel's
 * protocol object when it is still open. OpenSSH (7.9+) delivers it with
 * killpg to the command's process group; sudo relays it to its child.
 */
function sendSignal(channel: ClientChannel, name: 'TERM' | 'KILL' | 'INT'): void {
  const inner = channel as unknown as {
    outgoing?: { id?: number; state?: string };
    _client?: { _protocol?: { signal?: (id: number, signal: string) => void } };
  };
  try {
    const id = inner.outgoing?.id;
    const signal = inner._client?._protocol?.signal;
    const state = inner.outgoing?.state;
    if ((state === 'open' || state === 'eof') && typeof id === 'number' && typeof signal === 'function') {
      signal.call(inner._client!._protocol, id, name);
    } else {
      channel.signal(name);
    }
  } catch {
    /* the server may refuse signals; closing the channel still ends our side */
  }
}

export class Ssh2Session implements SshSession {
  readonly host: string;
  readonly port: number;
  readonly username: string;
  readonly hostKey: HostKeyInfo;
  readonly lost: Promise<NgtError>;

  private readonly client: Client;
  private readonly t: Translate;
  private readonly log: (level: LogLevel, text: string) => void;
  private readonly keepaliveIntervalMs: number;
  private readonly keepaliveCountMax: number;
  private resolveLost!: (error: NgtError) => void;
  private lostError: NgtError | undefined;
  private closing = false;
  private closed = false;
  private lastError: unknown;
  private readonly lostListeners = new Set<(error: NgtError) => void>();
  private readonly inFlight = new Set<(error: NgtError) => void>();
  private sftp: Promise<SFTPWrapper> | undefined;
  private counters: SshStats = { execs: 0, sftpOps: 0 };

  constructor(init: SessionInit, deps: SessionDeps) {
    this.client = init.client;
    this.host = init.host;
    this.port = init.port;
    this.username = init.username;
    this.hostKey = init.hostKey;
    this.keepaliveIntervalMs = init.keepaliveIntervalMs;
    this.keepaliveCountMax = init.keepaliveCountMax;
    this.t = deps.t;
    this.log = deps.log ?? (() => undefined);
    this.lost = new Promise((resolve) => {
      this.resolveLost = resolve;
    });
    this.client.on('error', (error: unknown) => {
      this.lastError = error;
      this.log('debug', this.t('linux.ssh.log.linkError', { detail: errorText(error) }));
    });
    this.client.on('close', () => this.onClose());
  }

  get alive(): boolean {
    return !this.closed && !this.closing && this.lostError === undefined;
  }

  stats(): SshStats {
    return { ...this.counters };
  }

  onLost(listener: (error: NgtError) => void): () => void {
    if (this.lostError) {
      listener(this.lostError);
      return () => undefined;
    }
    this.lostListeners.add(listener);
    return () => this.lostListeners.delete(listener);
  }

  private onClose(): void {
    this.closed = true;
    this.sftp = undefined;
    if (this.closing) {
      this.failInFlight(sshError(this.t, 'notConnected', this.params()));
      return;
    }
    const key = classifyLostConnection(this.lastError);
    const error = sshError(
      this.t,
      key,
      { ...this.params(), seconds: Math.round((this.keepaliveIntervalMs * (this.keepaliveCountMax + 1)) / 1000) },
      { detail: this.lastError === undefined ? undefined : errorText(this.lastError), cause: this.lastError },
    );
    this.lostError = error;
    this.log('error', this.t('linux.ssh.log.lost', { ...this.params(), message: error.message }));
    this.failInFlight(error);
    this.resolveLost(error);
    for (const listener of this.lostListeners) listener(error);
    this.lostListeners.clear();
  }

  private failInFlight(error: NgtError): void {
    for (const fail of this.inFlight) fail(error);
    this.inFlight.clear();
  }

  private params(): Record<string, unknown> {
    return { host: this.host, port: this.port, user: this.username };
  }

  private deadError(): NgtError {
    return this.lostError ?? sshError(this.t, 'notConnected', this.params());
  }

  exec(argv: readonly string[], options: ExecOptions = {}): Promise<ExecResult> {
    if (!this.alive) return Promise.reject(this.deadError());
    if (options.signal?.aborted) return Promise.reject(abortError(options.signal.reason));
    const plan = planCommand(argv, options.sudo, randomBytes(12).toString('hex'));
    const command = shJoin(plan.argv);
    const password = options.sudo?.kind === 'sudo' || options.sudo?.kind === 'su' ? options.sudo.password : undefined;
    const stdin = options.stdin === undefined ? undefined : Buffer.from(options.stdin);
    this.counters.execs += 1;

    return new Promise<ExecResult>((resolve, reject) => {
      let settled = false;
      let channel: ClientChannel | undefined;
      let timer: NodeJS.Timeout | undefined;
      const stdoutChunks: Buffer[] = [];
      const stderrChunks: Buffer[] = [];
      const gate = new StartGate(plan);
      const stdoutLines = new LineSplitter((line) => options.onLine?.('stdout', line));
      const stderrLines = new LineSplitter((line) => options.onLine?.('stderr', line));
      let exitCode: number | null = null;
      let exitSignal: string | undefined;

      const finish = (outcome: { error: unknown } | { result: ExecResult }): void => {
        if (settled) return;
        settled = true;
        if (timer) clearTimeout(timer);
        options.signal?.removeEventListener('abort', onAbort);
        this.inFlight.delete(failFromLink);
        if ('error' in outcome) reject(outcome.error);
        else resolve(outcome.result);
      };
      // Stopping a command needs its remote pid (OpenSSH refuses signal requests for some sessions,
      // root's among them). When the stop comes before the wrapper has announced the pid — a fast
      // abort, a busy machine — the channel stays open until the announcement arrives (bounded),
      // so the command is stopped and not left running.
      let killWhenStarted = false;
      let graceTimer: NodeJS.Timeout | undefined;
      const closeChannel = (): void => {
        if (graceTimer) clearTimeout(graceTimer);
        try {
          channel?.close();
        } catch {
          /* already closed */
        }
      };
      const kill = (): void => {
        if (!channel) return;
        sendSignal(channel, 'TERM');
        if (gate.pid !== null) this.killRemote(gate.pid);
        if (gate.started) {
          closeChannel();
          return;
        }
        killWhenStarted = true;
        graceTimer = setTimeout(closeChannel, CLOSE_GRACE_MS);
      };
      const failFromLink = (error: NgtError): void => finish({ error });
      const onAbort = (): void => {
        kill();
        finish({ error: abortError(options.signal?.reason) });
      };
      this.inFlight.add(failFromLink);
      options.signal?.addEventListener('abort', onAbort, { once: true });
      if (options.timeoutMs !== undefined && options.timeoutMs > 0) {
        timer = setTimeout(() => {
          kill();
          finish({
            error: sshError(this.t, 'execTimeout', {
              ...this.params(),
              seconds: Math.round(options.timeoutMs! / 1000),
              command: argv[0],
            }),
          });
        }, options.timeoutMs);
      }

      const sendStdin = (): void => {
        if (!channel) return;
        if (stdin && stdin.length > 0) channel.write(stdin);
        channel.end();
      };

      this.log('debug', this.t('linux.ssh.log.exec', { command: argv[0], count: argv.length - 1, sudo: plan.sudo }));
      try {
        this.client.exec(command, (error, opened) => {
          if (error) {
            finish({
              error:
                this.lostError ??
                sshError(this.t, 'execFailed', this.params(), { detail: errorText(error), cause: error }),
            });
            return;
          }
          channel = opened;
          opened.on('data', (chunk: Buffer) => {
            stdoutChunks.push(chunk);
            stdoutLines.push(chunk);
          });
          opened.stderr.on('data', (chunk: Buffer) => {
            const { events, passthrough } = gate.push(chunk);
            for (const event of events) {
              if (event === 'send-password') {
                this.log('debug', this.t('linux.ssh.log.sudoPassword'));
                opened.write(`${password ?? ''}\n`);
              } else if (event === 'password-rejected') {
                opened.end();
              } else if (event === 'started' && killWhenStarted) {
                if (gate.pid !== null) this.killRemote(gate.pid);
                closeChannel();
              } else if (event === 'started' && plan.stdinAfterStart) {
                sendStdin();
              }
            }
            if (passthrough.length > 0) {
              stderrChunks.push(passthrough);
              stderrLines.push(passthrough);
            }
          });
          opened.on('exit', (code: number | null, signalName?: string) => {
            exitCode = typeof code === 'number' ? code : null;
            if (typeof signalName === 'string') exitSignal = signalName;
          });
          opened.on('close', () => {
            stdoutLines.flush();
            stderrLines.flush();
            if (this.lostError) {
              finish({ error: this.lostError });
              return;
            }
            if (!gate.started) {
              const key = !plan.sudo
                ? 'execFailed'
                : plan.elevation === 'su'
                  ? classifySuFailure(gate.preambleText, gate.prompts)
                  : classifySudoFailure(gate.preambleText, gate.prompts, exitCode);
              finish({ error: sshError(this.t, key, this.params(), { detail: gate.preambleText }) });
              return;
            }
            const result: ExecResult = {
              code: exitCode,
              stdout: Buffer.concat(stdoutChunks).toString('utf8'),
              stderr: Buffer.concat(stderrChunks).toString('utf8'),
            };
            if (exitSignal !== undefined) result.signal = exitSignal;
            finish({ result });
          });
          if (settled) {
            kill();
            return;
          }
          if (!plan.stdinAfterStart) sendStdin();
        });
      } catch (error) {
        finish({ error: sshError(this.t, 'execFailed', this.params(), { detail: errorText(error), cause: error }) });
      }
    });
  }

  /**
   * Best effort when the SSH signal request is refused (root logins): a second
   * command kills the process group the command leads (install_ngt.py and its
   * children), or the process alone. Fire and forget; counted as an exec.
   */
  private killRemote(pid: number): void {
    if (!this.alive) return;
    this.counters.execs += 1;
    const script = `kill -TERM -- -${pid} 2>/dev/null || kill -TERM ${pid} 2>/dev/null; exit 0`;
    try {
      this.client.exec(shJoin(['sh', '-c', script]), (error, channel) => {
        if (error) return;
        channel.on('data', () => undefined);
        channel.stderr.on('data', () => undefined);
        channel.end();
      });
    } catch {
      /* the link is going away; nothing left to kill from here */
    }
  }

  runScript(script: string, options: RunScriptOptions = {}): Promise<ExecResult> {
    const { args = [], ...rest } = options;
    return this.exec(['sh', '-s', '--', ...args], { ...rest, stdin: script });
  }

  private openSftp(): Promise<SFTPWrapper> {
    if (!this.alive) return Promise.reject(this.deadError());
    if (this.sftp) return this.sftp;
    this.counters.sftpOps += 1;
    const opening = new Promise<SFTPWrapper>((resolve, reject) => {
      this.client.sftp((error, sftp) => {
        if (error) {
          this.sftp = undefined;
          reject(
            this.lostError ??
              sshError(
                this.t,
                'sftpFailed',
                { ...this.params(), path: '' },
                { detail: errorText(error), cause: error },
              ),
          );
          return;
        }
        sftp.on('close', () => {
          if (this.sftp === opening) this.sftp = undefined;
        });
        resolve(sftp);
      });
    });
    this.sftp = opening;
    return opening;
  }

  private sftpCall<T>(
    path: string,
    run: (sftp: SFTPWrapper, done: (error: unknown, value?: T) => void) => void,
  ): Promise<T> {
    return this.openSftp().then(
      (sftp) =>
        new Promise<T>((resolve, reject) => {
          this.counters.sftpOps += 1;
          const failFromLink = (error: NgtError): void => reject(error);
          this.inFlight.add(failFromLink);
          run(sftp, (error, value) => {
            this.inFlight.delete(failFromLink);
            if (error) {
              const key = classifySftpError(error);
              reject(
                this.lostError ??
                  sshError(this.t, key, { ...this.params(), path }, { detail: errorText(error), cause: error }),
              );
            } else {
              resolve(value as T);
            }
          });
        }),
    );
  }

  readFile(remotePath: string): Promise<Buffer> {
    return this.sftpCall<Buffer>(remotePath, (sftp, done) =>
      sftp.readFile(remotePath, (error, data) => done(error, data)),
    );
  }

  writeFile(remotePath: string, data: string | Buffer, mode = 0o644): Promise<void> {
    // The mode given to open() only applies to new files; chmod makes it hold for existing ones too.
    return this.sftpCall<void>(remotePath, (sftp, done) =>
      sftp.writeFile(remotePath, data, { mode }, (error) => {
        if (error) return done(error);
        sftp.chmod(remotePath, mode, (chmodError) => done(chmodError ?? undefined));
      }),
    );
  }

  /** A direct-tcpip channel from the server to host:port (what ProxyJump rides on); rejects with the server's reason. */
  forwardOut(host: string, port: number): Promise<ClientChannel> {
    return new Promise((resolve, reject) => {
      this.client.forwardOut('127.0.0.1', 0, host, port, (error, channel) =>
        error ? reject(error) : resolve(channel),
      );
    });
  }

  close(): Promise<void> {
    if (this.closed) return Promise.resolve();
    this.closing = true;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.client.destroy();
        resolve();
      }, CLOSE_GRACE_MS);
      this.client.once('close', () => {
        clearTimeout(timer);
        this.log('info', this.t('linux.ssh.log.closed', this.params()));
        resolve();
      });
      this.client.end();
    });
  }
}
