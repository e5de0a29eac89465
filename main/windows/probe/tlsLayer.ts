/**
 * Probe layer 3: the TLS handshake and the certificate the listener presents
 * (its facts, whether it names the host, and the findings about it). Trust by
 * this computer is reported, not required: Prism Central does not check it.
 */
import type { StepDefinition } from '../../engine/job';
import { certificateFacts, hostNameMatches, inspectDerCertificate } from '../certificates';
import { certificateFindings, findingRemediation } from './certificateFindings';
import { cancelled, connectedEndpoint, gateStep, seconds, type ProbeState, type ProbeTarget } from './probeTarget';
import { normalizeThumbprint } from '../certificateNames';

function day(iso: string): string {
  return iso.slice(0, 10);
}

export function tlsStep(target: ProbeTarget): StepDefinition<ProbeState> {
  const { t, host, port, connectTimeoutMs, network } = target;
  return gateStep('tls', t('probe.steps.tls.title'), async (ctx) => {
    const result = await network.tlsHandshake(connectedEndpoint(target, ctx.state), {
      timeoutMs: connectTimeoutMs,
      signal: ctx.signal,
    });
    if (!result.ok) {
      if (result.failure === 'cancelled') cancelled();
      const timedOut = result.failure === 'timeout';
      return {
        status: 'fail',
        code: timedOut ? 'PROBE_TLS_TIMEOUT' : 'PROBE_TLS_FAILED',
        summary: timedOut
          ? ctx.t('probe.tls.timeout', { port, seconds: seconds(connectTimeoutMs) })
          : ctx.t('probe.tls.failed', { port, message: result.message }),
        detail: result.errorCode,
        remediation: ctx.t(timedOut ? 'probe.tls.remediation.timeout' : 'probe.tls.remediation.failed', { port }),
        data: { address: ctx.state.address, port, failure: result.failure, errorCode: result.errorCode },
      };
    }
    const session = {
      address: ctx.state.address,
      port,
      protocol: result.protocol,
      cipher: result.cipher,
      trustedByThisComputer: result.authorized,
      trustError: result.authorizationError,
    };
    if (!result.certificateDer) {
      return {
        status: 'fail',
        code: 'PROBE_TLS_NO_CERTIFICATE',
        summary: ctx.t('probe.tls.noCertificate'),
        remediation: ctx.t('probe.tls.remediation.noCertificate'),
        data: session,
      };
    }
    const info = inspectDerCertificate(result.certificateDer);
    if (!info) {
      return {
        status: 'warn',
        code: 'PROBE_CERT_UNREADABLE',
        summary: ctx.t('probe.tls.unreadable'),
        remediation: ctx.t('probe.tls.remediation.unreadable'),
        data: session,
      };
    }
    const facts = certificateFacts(info);
    ctx.state.certificate = facts;
    const now = ctx.ports.clock.now();
    const matchesHost = hostNameMatches(info, host);
    const expected = target.expectedThumbprint ? normalizeThumbprint(target.expectedThumbprint) : undefined;
    const findings = certificateFindings(ctx.t, info, { now, host, matchesHost, expected });
    const worst = findings.find((f) => f.status === 'fail') ?? findings[0];
    const unknown = ctx.t('probe.common.unknown');
    const yesNo = (value: boolean) => ctx.t(value ? 'probe.common.yes' : 'probe.common.no');
    const detail = [
      ctx.t('probe.tls.facts.protocol', { protocol: result.protocol ?? unknown, cipher: result.cipher ?? unknown }),
      ctx.t('probe.tls.facts.subject', { value: info.subject }),
      ctx.t('probe.tls.facts.issuer', { value: info.issuer }),
      ctx.t('probe.tls.facts.sans', { value: info.sans.join(', ') || ctx.t('probe.common.none') }),
      ctx.t('probe.tls.facts.validity', { notBefore: facts.notBefore, notAfter: facts.notAfter }),
      ctx.t('probe.tls.facts.thumbprint', { value: info.sha1Thumbprint }),
      ctx.t('probe.tls.facts.sha256', { value: info.sha256Fingerprint }),
      ctx.t('probe.tls.facts.key', {
        type: info.keyType ?? unknown,
        bits: info.keyBits ?? '?',
        signature: info.signatureAlgorithm ?? unknown,
      }),
      ctx.t('probe.tls.facts.selfSigned', { value: yesNo(info.selfSigned) }),
      ctx.t('probe.tls.facts.hostMatch', { host, value: yesNo(matchesHost) }),
      ctx.t('probe.tls.facts.trust', {
        value: result.authorized
          ? ctx.t('probe.common.yes')
          : `${ctx.t('probe.common.no')} (${result.authorizationError ?? ''})`,
      }),
      ...findings.map((f) => `${f.status.toUpperCase()} ${f.code}: ${f.message}`),
    ].join('\n');
    const data = {
      ...session,
      certificate: facts,
      hostName: host,
      hostNameMatches: matchesHost,
      expired: now.getTime() > info.notAfter.getTime(),
      selfSigned: info.selfSigned,
      ...(expected ? { expectedThumbprint: expected, thumbprintMatches: expected === info.sha1Thumbprint } : {}),
      findings,
    };
    if (!worst) {
      return {
        status: 'ok',
        summary: ctx.t('probe.tls.ok', {
          protocol: result.protocol ?? unknown,
          subject: info.subject,
          thumbprint: info.sha1Thumbprint,
          notAfter: day(facts.notAfter),
        }),
        detail,
        data,
      };
    }
    return {
      status: worst.status,
      code: worst.code,
      summary: ctx.t('probe.tls.okWithFindings', { protocol: result.protocol ?? unknown, finding: worst.message }),
      detail,
      remediation: findings.map((f) => findingRemediation(ctx.t, f)).join('\n'),
      data,
    };
  });
}
