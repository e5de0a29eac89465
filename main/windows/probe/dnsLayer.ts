/** Probe layer 1: the name lookup (skipped for an IP address literal). */
import { isIP } from 'node:net';
import type { StepDefinition } from '../../engine/job';
import { gateStep, seconds, type ProbeState, type ProbeTarget } from './probeTarget';

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T | 'timeout'> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), ms);
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}

export function dnsStep({ t, host, connectTimeoutMs, resolve }: ProbeTarget): StepDefinition<ProbeState> {
  return gateStep('dns', t('probe.steps.dns.title'), async (ctx) => {
    if (isIP(host)) {
      ctx.state.addresses = [host];
      return {
        status: 'ok',
        summary: ctx.t('probe.dns.literal', { host }),
        data: { host, addresses: [host], literal: true },
      };
    }
    /** A lookup that gave no address; `detail` and `errorCode` only when the resolver said why. */
    const failed = (code: string, summary: string, why?: { detail?: string; errorCode?: string }) => ({
      status: 'fail' as const,
      code,
      summary,
      ...(why ? { detail: why.detail } : {}),
      remediation: ctx.t('probe.dns.remediation'),
      data: { host, addresses: [], literal: false, ...(why ? { errorCode: why.errorCode } : {}) },
    });
    let answer: string[] | 'timeout';
    try {
      answer = await withTimeout(resolve(host), connectTimeoutMs);
    } catch (error) {
      const e = error as { code?: string; message?: string };
      return failed('PROBE_DNS_FAILED', ctx.t('probe.dns.failed', { host }), {
        detail: [e.code, e.message].filter(Boolean).join(': ') || undefined,
        errorCode: e.code,
      });
    }
    if (answer === 'timeout') {
      return failed('PROBE_DNS_TIMEOUT', ctx.t('probe.dns.timeout', { host, seconds: seconds(connectTimeoutMs) }));
    }
    const addresses = [...new Set(answer)];
    if (addresses.length === 0) return failed('PROBE_DNS_FAILED', ctx.t('probe.dns.failed', { host }));
    ctx.state.addresses = addresses;
    return {
      status: 'ok',
      summary: ctx.t('probe.dns.resolved', { host, addresses: addresses.join(', ') }),
      data: { host, addresses, literal: false },
    };
  });
}
