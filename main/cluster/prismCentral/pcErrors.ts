/**
 * Prism Central's answers, turned into errors a person can act on. Pure.
 * Error bodies follow the v4 shape `{"data": {"error": [AppMessage…]}}` (or a
 * SchemaValidationError object); task failures carry `errorMessages[]` of the
 * same AppMessage {message, code, severity, …} and sometimes a `legacyErrorMessage`.
 */
import { NgtError } from '../../engine/errors';
import type { Translate } from '../../engine/job';

export interface PcAppMessage {
  message?: string;
  code?: string;
  severity?: string;
  errorGroup?: string;
}

/** The messages inside a v4 error body, whatever of its documented forms it takes. */
export function errorMessagesOfBody(body: unknown): PcAppMessage[] {
  const error = (body as { data?: { error?: unknown } } | undefined)?.data?.error;
  if (Array.isArray(error)) return error.filter((e): e is PcAppMessage => typeof e === 'object' && e !== null);
  if (error && typeof error === 'object') {
    const e = error as { message?: string; validationErrorMessages?: { message?: string }[] };
    const nested = (e.validationErrorMessages ?? []).map((v) => ({ message: v.message }));
    return [{ message: e.message }, ...nested].filter((m) => m.message);
  }
  return [];
}

function messagesText(messages: PcAppMessage[]): string {
  return messages
    .map((m) => [m.code, m.message].filter(Boolean).join(': '))
    .filter(Boolean)
    .join('; ');
}

/** Known Nutanix failure texts, each with the remediation key for it. */
const KNOWN_TEXTS: { pattern: RegExp; code: string; remediationKey: string }[] = [
  {
    // DOMAIN.md: "Guest Tools cannot be mounted as there not enough empty CD-ROM(s)"; peers report kNoFreeCdRomSlot.
    pattern: /kNoFreeCdRomSlot|not enough empty CD-?ROM/i,
    code: 'PC_NO_FREE_CDROM',
    remediationKey: 'cluster.remediation.noFreeCdRom',
  },
  {
    pattern: /WinRM|5986|unable to connect to the (guest )?VM/i,
    code: 'PC_GUEST_UNREACHABLE',
    remediationKey: 'cluster.remediation.guestUnreachable',
  },
  {
    pattern: /authenticat|credential|password|logon failure/i,
    code: 'PC_GUEST_CREDENTIALS',
    remediationKey: 'cluster.remediation.guestCredentials',
  },
];

export function knownFailure(texts: string[]): { code: string; remediationKey: string } | undefined {
  const all = texts.join('\n');
  return KNOWN_TEXTS.find((k) => k.pattern.test(all));
}

export interface HttpFailureContext {
  method: string;
  path: string;
  /** For 404 on a VM path. */
  vmExtId?: string;
}

export function httpError(status: number, body: unknown, context: HttpFailureContext, t: Translate): NgtError {
  const messages = errorMessagesOfBody(body);
  const detail = messagesText(messages) || undefined;
  const request = `${context.method} ${context.path}`;
  if (status === 401)
    return new NgtError('PC_AUTH_FAILED', t('cluster.errors.auth'), {
      category: 'connect',
      remediation: t('cluster.errors.authFix'),
      detail,
    });
  if (status === 403)
    return new NgtError('PC_FORBIDDEN', t('cluster.errors.forbidden', { request }), {
      category: 'connect',
      remediation: t('cluster.errors.forbiddenFix'),
      detail,
    });
  if (status === 404 && context.vmExtId)
    return new NgtError('PC_VM_GONE', t('cluster.errors.vmGone', { vm: context.vmExtId }), {
      remediation: t('cluster.errors.vmGoneFix'),
      detail,
    });
  if (status === 412) return new NgtError('PC_PRECONDITION_FAILED', t('cluster.errors.stale', { request }), { detail });
  if (status === 428)
    return new NgtError('PC_PRECONDITION_REQUIRED', t('cluster.errors.preconditionRequired', { request }), { detail });
  const known = knownFailure(messages.map((m) => m.message ?? ''));
  if (known)
    return new NgtError(known.code, t('cluster.errors.refused', { request, status, detail: detail ?? '' }), {
      remediation: t(known.remediationKey),
      detail,
    });
  if (status >= 500)
    return new NgtError('PC_SERVER_ERROR', t('cluster.errors.server', { request, status }), {
      remediation: t('cluster.errors.serverFix'),
      detail,
    });
  return new NgtError('PC_REQUEST_REFUSED', t('cluster.errors.refused', { request, status, detail: detail ?? '' }), {
    detail,
  });
}

/** 5xx answers and lost or timed-out connections are worth another try; nothing else is. */
export function isRetryable(error: unknown): boolean {
  const code = (error as { code?: string } | undefined)?.code;
  return code === 'PC_SERVER_ERROR' || code === 'PC_TIMEOUT' || code === 'PC_CONNECTION_LOST';
}
