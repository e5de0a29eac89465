import type { ErrorCategory } from './types';

/**
 * A failure a person can act on: a stable code, a category that decides the
 * CLI exit code, the translated message, and what to do next.
 */
export class NgtError extends Error {
  readonly code: string;
  readonly category: ErrorCategory;
  readonly remediation?: string;
  readonly detail?: string;

  constructor(
    code: string,
    message: string,
    options: { category?: ErrorCategory; remediation?: string; detail?: string; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'NgtError';
    this.code = code;
    this.category = options.category ?? 'failed';
    this.remediation = options.remediation;
    this.detail = options.detail;
  }
}

export function isAbortError(error: unknown): boolean {
  return error instanceof Error && (error.name === 'AbortError' || (error as { code?: string }).code === 'ABORT_ERR');
}

/** Exit codes shared by every CLI command, now and later. */
export const EXIT_CODES = {
  ok: 0,
  failed: 1,
  usage: 2,
  connect: 3,
  cancelled: 130,
} as const;

/** Error codes whose failure means "could not connect / authenticate / trust the host". */
const CONNECT_CODES = new Set([
  'SSH_DNS_FAILED',
  'SSH_CONNECTION_REFUSED',
  'SSH_TIMEOUT',
  'SSH_AUTH_FAILED',
  'SSH_HOST_KEY_UNKNOWN',
  'SSH_HOST_KEY_CHANGED',
  'SSH_HOST_KEY_REJECTED',
  'SSH_CONNECTION_LOST',
  'SSH_CONNECT_FAILED',
  'SSH_KEY_UNREADABLE',
  'SUDO_FAILED',
  // The probe: the VM cannot be reached, or refuses the credentials.
  'PROBE_DNS_FAILED',
  'PROBE_DNS_TIMEOUT',
  'PROBE_TCP_REFUSED',
  'PROBE_TCP_TIMEOUT',
  'PROBE_TCP_UNREACHABLE',
  'PROBE_TCP_FAILED',
  'PROBE_BASIC_REJECTED',
  // Prism Central: cannot connect, certificate refused, credentials refused.
  'PC_CONNECT_FAILED',
  'PC_TIMEOUT',
  'PC_TLS_FAILED',
  'PC_TLS_NO_CERTIFICATE',
  'PC_CONNECTION_LOST',
  'PC_CERT_UNKNOWN',
  'PC_CERT_CHANGED',
  'PC_CERT_FINGERPRINT_MISMATCH',
  'PC_AUTH_FAILED',
  'PC_FORBIDDEN',
]);

export function categoryOfCode(code: string | undefined): ErrorCategory {
  if (!code) return 'failed';
  if (code === 'CANCELLED') return 'cancelled';
  if (CONNECT_CODES.has(code)) return 'connect';
  if (code.startsWith('USAGE_')) return 'usage';
  return 'failed';
}
