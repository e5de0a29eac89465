/**
 * One authenticated SSH connection to a Linux VM, as every caller sees it:
 * run argv vectors and fixed scripts (optionally through sudo or `su -`),
 * read and write files, notice a dead link, and count round trips. The
 * ssh2-backed implementation is ssh2Session.ts; running one command and
 * streaming its output is remoteExec.ts; the sudo/su wrapper remoteCommand.ts.
 */
import type { NgtError } from '../../engine/errors';
import type { SudoMode } from './remoteCommand';

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
