/**
 * What the two WS-Management layers (Identify, Basic) share when they turn an
 * HTTP answer into an outcome: the offered authentication schemes, a printable
 * excerpt of a body, a SOAP fault as text, and the outcome of a request that
 * got no answer at all.
 */
import type { Translate } from '../../engine/job';
import type { StepOutcome } from '../../engine/types';
import { cancelled, seconds } from './probeTarget';
import type { SoapFault } from './wsmanMessages';

/** Scheme names from WWW-Authenticate header(s): "Negotiate, Basic realm=\"WSMAN\"" → ["Negotiate", "Basic"]. */
export function authSchemes(value: string | string[] | undefined): string[] {
  const values = Array.isArray(value) ? value : value ? [value] : [];
  const out: string[] = [];
  for (const v of values) {
    // Each challenge starts with a token not followed by "="; parameters (realm="x") are skipped.
    for (const m of v.matchAll(/(?:^|,)\s*([A-Za-z][A-Za-z0-9!#$%&'*+.^_`|~-]*)(?=\s|,|$)(?!\s*=)/g)) {
      if (!out.includes(m[1])) out.push(m[1]);
    }
  }
  return out;
}

/** A short, single-line, printable excerpt of an answer body. */
export function excerpt(body: string, max = 300): string {
  const flat = body
    .replace(/\p{Cc}/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}

export function faultText(fault: SoapFault): string {
  return [fault.wsmanMessage ?? fault.reason, fault.wsmanCode ? `(${fault.wsmanCode})` : fault.subcode]
    .filter(Boolean)
    .join(' ');
}

/** Message keys for a WS-Management request that got no HTTP answer, per layer (written out in full). */
const HTTP_FAILURE_KEYS = {
  identify: {
    timeout: 'probe.identify.timeout',
    failed: 'probe.identify.failed',
    remediationTimeout: 'probe.identify.remediation.timeout',
    remediationFailed: 'probe.identify.remediation.failed',
  },
  basic: {
    timeout: 'probe.basic.timeout',
    failed: 'probe.basic.failed',
    remediationTimeout: 'probe.basic.remediation.timeout',
    remediationFailed: 'probe.basic.remediation.failed',
  },
} as const;

/** A WS-Management request that got no HTTP answer: timed out or failed (a cancel ends the job). */
export function httpFailureOutcome(
  t: Translate,
  layer: 'identify' | 'basic',
  result: { failure: string; message: string; errorCode?: string },
  requestTimeoutMs: number,
  data: Record<string, unknown>,
): StepOutcome {
  if (result.failure === 'cancelled') cancelled();
  const timedOut = result.failure === 'timeout';
  const keys = HTTP_FAILURE_KEYS[layer];
  return {
    status: 'fail',
    code: timedOut ? 'PROBE_HTTP_TIMEOUT' : 'PROBE_HTTP_FAILED',
    summary: timedOut
      ? t(keys.timeout, { seconds: seconds(requestTimeoutMs) })
      : t(keys.failed, { message: result.message }),
    detail: result.errorCode,
    remediation: t(timedOut ? keys.remediationTimeout : keys.remediationFailed),
    data: { ...data, failure: result.failure, errorCode: result.errorCode },
  };
}
