/**
 * Probe layer 5 (only with a user and password): a WS-Management request
 * signed in with Basic authentication, as Prism Central signs in; reads the
 * service's own Basic/AllowUnencrypted settings when the user may.
 */
import { randomUUID } from 'node:crypto';
import type { StepDefinition } from '../../engine/job';
import { connectedEndpoint, gateStep, type ProbeState, type ProbeTarget } from './probeTarget';
import { authSchemes, excerpt, faultText, httpFailureOutcome } from './wsmanOutcomes';
import {
  WSMAN_CONTENT_TYPE,
  WSMAN_PATH,
  configGetEnvelope,
  readWinRmConfig,
  readWsmanAnswer,
  type SoapFault,
  type WinRmConfigFacts,
} from './wsmanMessages';

function isAccessDenied(fault: SoapFault): boolean {
  return (
    fault.wsmanCode === '5' ||
    /AccessDenied/i.test(fault.subcode ?? '') ||
    /access is denied/i.test(`${fault.reason ?? ''} ${fault.wsmanMessage ?? ''}`)
  );
}

export function basicAuthStep(target: ProbeTarget): StepDefinition<ProbeState> {
  const { t, url, requestTimeoutMs, network, basicToken } = target;
  return gateStep('basic-auth', t('probe.steps.basicAuth.title'), async (ctx) => {
    const user = target.user ?? '';
    ctx.log.info(ctx.t('probe.basic.request', { url, user }));
    const result = await network.httpsRequest(
      connectedEndpoint(target, ctx.state),
      {
        method: 'POST',
        path: WSMAN_PATH,
        headers: { 'Content-Type': WSMAN_CONTENT_TYPE, Authorization: `Basic ${basicToken}` },
        body: configGetEnvelope({ url, messageId: randomUUID() }),
      },
      { timeoutMs: requestTimeoutMs, signal: ctx.signal },
    );
    if (!result.ok) return httpFailureOutcome(ctx.t, 'basic', result, requestTimeoutMs, { url, user });
    const offered = authSchemes(result.headers['www-authenticate']);
    const answer = readWsmanAnswer(result.body);
    const base = { url, user, httpStatus: result.status, offeredSchemes: offered, ms: result.ms };
    if (result.status === 200 && answer.kind !== 'fault' && answer.kind !== 'not-soap') {
      const config: WinRmConfigFacts = answer.kind === 'soap' ? readWinRmConfig(answer.root) : {};
      const unknown = ctx.t('probe.common.unknown');
      return {
        status: 'ok',
        summary: ctx.t('probe.basic.ok', { user }),
        detail: ctx.t('probe.basic.config', {
          basic: config.serviceBasic ?? unknown,
          unencrypted: config.serviceAllowUnencrypted ?? unknown,
          maxEnvelope: config.maxEnvelopeSizeKb ?? unknown,
        }),
        data: { ...base, config },
      };
    }
    if (result.status === 401) {
      const basicOffered = offered.length === 0 || offered.some((s) => s.toLowerCase() === 'basic');
      return {
        status: 'fail',
        code: 'PROBE_BASIC_REJECTED',
        summary: basicOffered
          ? ctx.t('probe.basic.rejected', { user })
          : ctx.t('probe.basic.disabled', { schemes: offered.join(', ') }),
        remediation: ctx.t(basicOffered ? 'probe.basic.remediation.rejected' : 'probe.basic.remediation.disabled'),
        data: { ...base, basicOffered },
      };
    }
    if (answer.kind === 'fault' && isAccessDenied(answer.fault)) {
      return {
        status: 'fail',
        code: 'PROBE_BASIC_NOT_ADMIN',
        summary: ctx.t('probe.basic.notAdmin', { user }),
        detail: faultText(answer.fault),
        remediation: ctx.t('probe.basic.remediation.notAdmin'),
        data: { ...base, fault: answer.fault },
      };
    }
    return {
      status: 'fail',
      code: 'PROBE_BASIC_UNEXPECTED',
      summary: ctx.t('probe.basic.unexpected', {
        status: result.status,
        reason: answer.kind === 'fault' ? faultText(answer.fault) : excerpt(result.body, 120),
      }),
      remediation: ctx.t('probe.basic.remediation.unexpected'),
      data: { ...base, ...(answer.kind === 'fault' ? { fault: answer.fault } : {}) },
    };
  });
}
