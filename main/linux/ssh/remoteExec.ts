/**
 * Running one command on an SSH link and streaming its output: the sudo/su
 * wrapper's start gate (password prompt, pid announcement, refusal), stdout
 * and stderr split into lines as they arrive, stdin sent when the command
 * has started, and stopping it (signal request, then killing the remote
 * process group) on timeout, abort or a lost link.
 */
import { randomBytes } from 'node:crypto';

import type { Client, ClientChannel } from 'ssh2';

import type { NgtError } from '../../engine/errors';
import type { Translate } from '../../engine/job';
import type { LogLevel } from '../../engine/types';
import { shJoin } from '../shellQuote';
import { LineSplitter } from './lineSplitter';
import { StartGate, classifySuFailure, classifySudoFailure, planCommand } from './remoteCommand';
import { abortError, errorText, sshError } from './sshErrors';
import type { ExecOptions, ExecResult } from './sshSession';

/** How long a stopped command's channel stays open waiting for its pid (and close() for the server). */
export const CLOSE_GRACE_MS = 2_000;

/** What running a command needs from the session that owns the link. */
export interface ExecLink {
  client: Client;
  t: Translate;
  log: (level: LogLevel, text: string) => void;
  /** host, port, user for the messages. */
  params(): Record<string, unknown>;
  /** The error the link died with, once it has. */
  lostError(): NgtError | undefined;
  alive(): boolean;
  /** Calls `fail` if the link dies while the command runs; returns the function that stops watching. */
  track(fail: (error: NgtError) => void): () => void;
  countExec(): void;
}

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

/** Runs argv (through the sudo/su wrapper when asked) on a live link; the caller checked it is alive. */
export function execOnLink(link: ExecLink, argv: readonly string[], options: ExecOptions): Promise<ExecResult> {
  const plan = planCommand(argv, options.sudo, randomBytes(12).toString('hex'));
  const command = shJoin(plan.argv);
  const password = options.sudo?.kind === 'sudo' || options.sudo?.kind === 'su' ? options.sudo.password : undefined;
  const stdin = options.stdin === undefined ? undefined : Buffer.from(options.stdin);
  link.countExec();

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
      untrack();
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
      if (gate.pid !== null) killRemote(link, gate.pid);
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
    const untrack = link.track(failFromLink);
    options.signal?.addEventListener('abort', onAbort, { once: true });
    if (options.timeoutMs !== undefined && options.timeoutMs > 0) {
      timer = setTimeout(() => {
        kill();
        finish({
          error: sshError(link.t, 'execTimeout', {
            ...link.params(),
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

    link.log('debug', link.t('linux.ssh.log.exec', { command: argv[0], count: argv.length - 1, sudo: plan.sudo }));
    try {
      link.client.exec(command, (error, opened) => {
        if (error) {
          finish({
            error:
              link.lostError() ??
              sshError(link.t, 'execFailed', link.params(), { detail: errorText(error), cause: error }),
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
              link.log('debug', link.t('linux.ssh.log.sudoPassword'));
              opened.write(`${password ?? ''}\n`);
            } else if (event === 'password-rejected') {
              opened.end();
            } else if (event === 'started' && killWhenStarted) {
              if (gate.pid !== null) killRemote(link, gate.pid);
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
          const lost = link.lostError();
          if (lost) {
            finish({ error: lost });
            return;
          }
          if (!gate.started) {
            const key = !plan.sudo
              ? 'execFailed'
              : plan.elevation === 'su'
                ? classifySuFailure(gate.preambleText, gate.prompts)
                : classifySudoFailure(gate.preambleText, gate.prompts, exitCode);
            finish({ error: sshError(link.t, key, link.params(), { detail: gate.preambleText }) });
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
      finish({ error: sshError(link.t, 'execFailed', link.params(), { detail: errorText(error), cause: error }) });
    }
  });
}

/**
 * Best effort when the SSH signal request is refused (root logins): a second
 * command kills the process group the command leads (install_ngt.py and its
 * children), or the process alone. Fire and forget; counted as an exec.
 */
function killRemote(link: ExecLink, pid: number): void {
  if (!link.alive()) return;
  link.countExec();
  const script = `kill -TERM -- -${pid} 2>/dev/null || kill -TERM ${pid} 2>/dev/null; exit 0`;
  try {
    link.client.exec(shJoin(['sh', '-c', script]), (error, channel) => {
      if (error) return;
      channel.on('data', () => undefined);
      channel.stderr.on('data', () => undefined);
      channel.end();
    });
  } catch {
    /* the link is going away; nothing left to kill from here */
  }
}
