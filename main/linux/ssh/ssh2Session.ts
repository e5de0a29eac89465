/**
 * The SshSession over an ssh2 Client: the link's life (keepalive loss,
 * close), commands through remoteExec.ts, files over one lazily opened SFTP
 * channel, round trips counted, and the direct-tcpip channel ProxyJump uses.
 */
import type { Client, ClientChannel, SFTPWrapper } from 'ssh2';

import type { NgtError } from '../../engine/errors';
import type { Translate } from '../../engine/job';
import type { LogLevel } from '../../engine/types';
import { CLOSE_GRACE_MS, execOnLink, type ExecLink } from './remoteExec';
import { abortError, classifyLostConnection, classifySftpError, errorText, sshError } from './sshErrors';
import type { ExecOptions, ExecResult, HostKeyInfo, RunScriptOptions, SshSession, SshStats } from './sshSession';

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
  private readonly link: ExecLink;

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
    this.link = {
      client: this.client,
      t: this.t,
      log: this.log,
      params: () => this.params(),
      lostError: () => this.lostError,
      alive: () => this.alive,
      track: (fail) => {
        this.inFlight.add(fail);
        return () => this.inFlight.delete(fail);
      },
      countExec: () => {
        this.counters.execs += 1;
      },
    };
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
    return execOnLink(this.link, argv, options);
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
