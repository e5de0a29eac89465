/**
 * Turns what ssh2, the socket and the resolver report into NgtErrors a person
 * can act on: a stable code (which decides the CLI exit code), a translated
 * message and a remediation. Pure: no sockets here, only classification.
 */
import { NgtError, categoryOfCode } from '../../engine/errors';
import type { Translate } from '../../engine/job';

/** The error keys under `linux.ssh.errors.*`; each has `.message` and `.remediation`. */
export type SshErrorKey =
  | 'badOptions'
  | 'dnsFailed'
  | 'connectionRefused'
  | 'timeout'
  | 'unreachable'
  | 'authFailed'
  | 'agentUnavailable'
  | 'keyFile'
  | 'keyPassphraseMissing'
  | 'keyPassphraseWrong'
  | 'keyFormat'
  | 'hostKeyRejected'
  | 'handshakeClosed'
  | 'connectFailed'
  | 'keepaliveTimeout'
  | 'connectionReset'
  | 'connectionClosed'
  | 'notConnected'
  | 'execFailed'
  | 'execTimeout'
  | 'sudoPasswordRequired'
  | 'sudoIncorrectPassword'
  | 'sudoNotAllowed'
  | 'sudoMissing'
  | 'sudoFailed'
  | 'sudoRequiresTty'
  | 'suIncorrectPassword'
  | 'suFailed'
  | 'sftpNoSuchFile'
  | 'sftpPermissionDenied'
  | 'sftpFailed';

const CODE_OF_KEY: Record<SshErrorKey, string> = {
  badOptions: 'SSH_CONNECT_FAILED',
  dnsFailed: 'SSH_DNS_FAILED',
  connectionRefused: 'SSH_CONNECTION_REFUSED',
  timeout: 'SSH_TIMEOUT',
  unreachable: 'SSH_TIMEOUT',
  authFailed: 'SSH_AUTH_FAILED',
  agentUnavailable: 'SSH_AUTH_FAILED',
  keyFile: 'SSH_KEY_UNREADABLE',
  keyPassphraseMissing: 'SSH_KEY_UNREADABLE',
  keyPassphraseWrong: 'SSH_KEY_UNREADABLE',
  keyFormat: 'SSH_KEY_UNREADABLE',
  hostKeyRejected: 'SSH_HOST_KEY_REJECTED',
  handshakeClosed: 'SSH_CONNECT_FAILED',
  connectFailed: 'SSH_CONNECT_FAILED',
  keepaliveTimeout: 'SSH_CONNECTION_LOST',
  connectionReset: 'SSH_CONNECTION_LOST',
  connectionClosed: 'SSH_CONNECTION_LOST',
  notConnected: 'SSH_CONNECTION_LOST',
  execFailed: 'SSH_EXEC_FAILED',
  execTimeout: 'SSH_EXEC_TIMEOUT',
  sudoPasswordRequired: 'SUDO_FAILED',
  sudoIncorrectPassword: 'SUDO_FAILED',
  sudoNotAllowed: 'SUDO_FAILED',
  sudoMissing: 'SUDO_FAILED',
  sudoFailed: 'SUDO_FAILED',
  sudoRequiresTty: 'SUDO_REQUIRES_TTY',
  suIncorrectPassword: 'SU_FAILED',
  suFailed: 'SU_FAILED',
  sftpNoSuchFile: 'SSH_SFTP_FAILED',
  sftpPermissionDenied: 'SSH_SFTP_FAILED',
  sftpFailed: 'SSH_SFTP_FAILED',
};

/** Builds the NgtError for one of our error keys. `detail` is the raw, untranslated cause (never a secret). */
export function sshError(
  t: Translate,
  key: SshErrorKey,
  params: Record<string, unknown> = {},
  options: { detail?: string; cause?: unknown } = {},
): NgtError {
  const code = CODE_OF_KEY[key];
  return new NgtError(code, t(`linux.ssh.errors.${key}.message`, params), {
    category: categoryOfCode(code),
    remediation: t(`linux.ssh.errors.${key}.remediation`, params),
    detail: options.detail,
    cause: options.cause,
  });
}

/** What we know about a failure of the connection attempt (before "ready"). */
export interface ConnectFailure {
  /** Error object from ssh2, the socket or the resolver. */
  error: unknown;
  /** The resolver failed (lookup of the host name). */
  phase: 'lookup' | 'connect';
  /** An agent error seen earlier in this attempt (ssh2 reports it and moves on). */
  agentError?: unknown;
}

interface ErrnoLike {
  code?: unknown;
  level?: unknown;
  message?: unknown;
}

function fields(error: unknown): { code: string; level: string; message: string } {
  const e = (typeof error === 'object' && error !== null ? error : {}) as ErrnoLike;
  return {
    code: typeof e.code === 'string' ? e.code : '',
    level: typeof e.level === 'string' ? e.level : '',
    message: typeof e.message === 'string' ? e.message : String(error),
  };
}

const DNS_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'EAI_NONAME', 'EAI_NODATA', 'ENODATA']);
const UNREACHABLE_CODES = new Set(['EHOSTUNREACH', 'ENETUNREACH', 'EHOSTDOWN', 'ENETDOWN']);

/** Classifies a failure before the session became ready. */
export function classifyConnectFailure(failure: ConnectFailure): SshErrorKey {
  const { code, level, message } = fields(failure.error);
  if (failure.phase === 'lookup' || level === 'client-dns' || DNS_CODES.has(code)) return 'dnsFailed';
  if (code === 'ECONNREFUSED') return 'connectionRefused';
  if (code === 'ETIMEDOUT' || level === 'client-timeout') return 'timeout';
  if (UNREACHABLE_CODES.has(code)) return 'unreachable';
  if (level === 'client-authentication' && /All configured authentication methods failed/i.test(message)) {
    return failure.agentError !== undefined ? 'agentUnavailable' : 'authFailed';
  }
  if (code === 'ECONNRESET' || code === 'EPIPE') return 'handshakeClosed';
  return 'connectFailed';
}

/** Classifies the end of a session that had been ready. */
export function classifyLostConnection(lastError: unknown): SshErrorKey {
  if (lastError === undefined) return 'connectionClosed';
  const { code, level, message } = fields(lastError);
  if (level === 'client-timeout' || /keepalive/i.test(message)) return 'keepaliveTimeout';
  if (code === 'ECONNRESET' || code === 'EPIPE' || code === 'ETIMEDOUT') return 'connectionReset';
  return 'connectionClosed';
}

/** Classifies ssh2's key parser error text. */
export function classifyKeyParseError(message: string): SshErrorKey {
  if (/no passphrase given/i.test(message)) return 'keyPassphraseMissing';
  if (/passphrase|decrypt/i.test(message)) return 'keyPassphraseWrong';
  return 'keyFormat';
}

/** Raw text of any error, for the `detail` field and debug logs. */
export function errorText(error: unknown): string {
  const { code, message } = fields(error);
  return code && !message.includes(code) ? `${code}: ${message}` : message;
}

/** SFTP status codes (draft-ietf-secsh-filexfer-02): 2 no such file, 3 permission denied. */
export function classifySftpError(error: unknown): SshErrorKey {
  const e = (typeof error === 'object' && error !== null ? error : {}) as { code?: unknown };
  if (e.code === 2 || e.code === 'ENOENT') return 'sftpNoSuchFile';
  if (e.code === 3 || e.code === 'EACCES') return 'sftpPermissionDenied';
  return 'sftpFailed';
}

/** An abort error the engine recognises (isAbortError). */
export function abortError(reason?: unknown): Error {
  if (reason instanceof Error && reason.name === 'AbortError') return reason;
  const error = new Error('The operation was aborted', reason === undefined ? undefined : { cause: reason });
  error.name = 'AbortError';
  (error as Error & { code: string }).code = 'ABORT_ERR';
  return error;
}
