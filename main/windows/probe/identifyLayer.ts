/**
 * Probe layer 4: an unauthenticated WS-Management Identify, which any WinRM
 * listener answers; tells a WinRM listener from another HTTPS service on the
 * port, or one that demands authentication even for Identify.
 */
import type { StepDefinition } from '../../engine/job';
import { connectedEndpoint, gateStep, type ProbeState, type ProbeTarget } from './probeTarget';
import { authSchemes, excerpt, faultText, httpFailureOutcome } from './wsmanOutcomes';
import { WSMAN_PATH, identifyEnvelope, identifyHeaders, readWsmanAnswer } from './wsmanMessages';

function firstHeader(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(', ') : value;
}

export function identifyStep(target: ProbeTarget): StepDefinition<ProbeState> {
  const { t, url, requestTimeoutMs, network } = target;
  return gateStep('identify', t('probe.steps.identify.title'), async (ctx) => {
    ctx.log.info(ctx.t('probe.identify.request', { url }));
    const result = await network.httpsRequest(
      connectedEndpoint(target, ctx.state),
      { method: 'POST', path: WSMAN_PATH, headers: identifyHeaders(), body: identifyEnvelope() },
      { timeoutMs: requestTimeoutMs, signal: ctx.signal },
    );
    if (!result.ok) return httpFailureOutcome(ctx.t, 'identify', result, requestTimeoutMs, { url, ms: result.ms });
    const server = firstHeader(result.headers['server']);
    const contentType = firstHeader(result.headers['content-type']);
    const offered = authSchemes(result.headers['www-authenticate']);
    const answer = readWsmanAnswer(result.body);
    const base = { url, httpStatus: result.status, server, contentType, ms: result.ms };
    if (answer.kind === 'identify' && result.status === 200) {
      ctx.state.identify = answer.identify;
      const unknown = ctx.t('probe.common.unknown');
      return {
        status: 'ok',
        summary: ctx.t('probe.identify.ok', {
          vendor: answer.identify.productVendor ?? unknown,
          version: answer.identify.productVersion ?? unknown,
          protocol: answer.identify.protocolVersion ?? unknown,
        }),
        data: { ...base, ...answer.identify },
      };
    }
    const detail = [
      server ? ctx.t('probe.identify.detail.server', { value: server }) : undefined,
      contentType ? ctx.t('probe.identify.detail.contentType', { value: contentType }) : undefined,
      offered.length ? ctx.t('probe.identify.detail.authenticate', { value: offered.join(', ') }) : undefined,
      result.body ? ctx.t('probe.identify.detail.body', { value: excerpt(result.body) }) : undefined,
    ]
      .filter(Boolean)
      .join('\n');
    /** Not a WinRM Identify answer: which kind of refusal, in the answer's own words. */
    const failed = (code: string, summary: string, remediationKey: string, data: Record<string, unknown>) => ({
      status: 'fail' as const,
      code,
      summary,
      detail,
      remediation: ctx.t(remediationKey),
      data,
    });
    if (answer.kind === 'fault') {
      const reason = faultText(answer.fault);
      return failed(
        'PROBE_WSMAN_FAULT',
        ctx.t('probe.identify.fault', { status: result.status, reason }),
        'probe.identify.remediation.fault',
        { ...base, fault: answer.fault },
      );
    }
    if ((result.status === 401 || result.status === 403) && offered.length > 0) {
      return failed(
        'PROBE_IDENTIFY_REJECTED',
        ctx.t('probe.identify.rejected', { status: result.status }),
        'probe.identify.remediation.rejected',
        { ...base, offeredSchemes: offered },
      );
    }
    return failed(
      'PROBE_NOT_WSMAN',
      ctx.t('probe.identify.notWsman', { status: result.status }),
      'probe.identify.remediation.notWsman',
      base,
    );
  });
}
