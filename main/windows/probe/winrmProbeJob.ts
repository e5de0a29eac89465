/**
 * "Probe a Windows VM from here": checks a WinRM HTTPS listener layer by
 * layer, the way Prism Central will meet it — name lookup, TCP connect, TLS
 * (and the listener's certificate), an unauthenticated WS-Management
 * Identify, and optionally Basic authentication. Each layer is one gate step,
 * so the first failing layer names the problem and the rest are skipped.
 */
import { randomUUID } from 'node:crypto';
import { isIP } from 'node:net';
import { NgtError } from '../../engine/errors';
import type { JobDefinition, StepContext, StepDefinition, Translate } from '../../engine/job';
import type { StepOutcome } from '../../engine/types';
import {
  certificateFacts,
  hostNameMatches,
  inspectDerCertificate,
  type CertificateFacts,
  type CertificateInfo,
} from '../certificates';
import { hostHeader, nodeProbeNetwork, type Endpoint, type NetworkError, type ProbeNetwork } from './probeNetwork';
import {
  WSMAN_CONTENT_TYPE,
  WSMAN_PATH,
  configGetEnvelope,
  identifyEnvelope,
  identifyHeaders,
  readWinRmConfig,
  readWsmanAnswer,
  type IdentifyFacts,
  type SoapFault,
  type WinRmConfigFacts,
} from './wsmanMessages';
import { WINRM_HTTPS_PORT } from '../../engine/network';

export const DEFAULT_CONNECT_TIMEOUT_MS = 5_000;
export const DEFAULT_REQUEST_TIMEOUT_MS = 15_000;
/** Addresses tried in turn when a name resolves to several. */
const MAX_ADDRESSES = 4;
const MIN_RSA_BITS = 2048;

export interface WinRmProbeParams {
  host: string;
  port?: number;
  user?: string;
  password?: string;
  /** Bound on each WS-Management request (Identify, Basic). */
  timeoutMs?: number;
  /** When given, the listener must present exactly this certificate (Windows thumbprint, any case, spaces allowed). */
  expectedThumbprint?: string;
}

export interface WinRmProbeDeps {
  t: Translate;
  /** Name lookup; defaults to the operating system's resolver. */
  resolve?: (host: string) => Promise<string[]>;
  /** Bound on the lookup, the TCP connect and the TLS handshake, each. */
  connectTimeoutMs?: number;
  /** Sockets; defaults to the real network. */
  network?: ProbeNetwork;
}

export interface ProbeState {
  host: string;
  port: number;
  addresses: string[];
  /** The address that accepted the TCP connection; later layers use it. */
  address?: string;
  certificate?: CertificateFacts;
  identify?: IdentifyFacts;
}

export type ProbeStepId = 'dns' | 'tcp' | 'tls' | 'identify' | 'basic-auth';

type TcpResultName = 'connected' | 'refused' | 'timeout' | 'unreachable' | 'error';

export interface TcpAttempt {
  address: string;
  result: TcpResultName;
  errorCode?: string;
  message?: string;
  ms: number;
}

export interface CertificateFinding {
  code: string;
  status: 'warn' | 'fail';
  message: string;
}

/** Strips what Windows' certificate dialog adds when a thumbprint is copied (spaces, colons, an invisible U+200E). */
export function normalizeThumbprint(text: string): string {
  return text.replace(/[\s:\u200e\u200f\ufeff-]/g, '').toUpperCase();
}

/** The host as it must be used: trimmed, IPv6 brackets removed; throws NgtError USAGE_PROBE_HOST when unusable. */
export function normalizeProbeHost(host: string, t: Translate): string {
  const trimmed = host.trim().replace(/^\[(.*)\]$/, '$1');
  const ok =
    isIP(trimmed) !== 0 ||
    (trimmed.length > 0 && trimmed.length <= 253 && !/[\s/:@?#\\[\]]/.test(trimmed) && !trimmed.startsWith('.'));
  if (!ok) {
    throw new NgtError('USAGE_PROBE_HOST', t('probe.usage.host', { host }), {
      category: 'usage',
      remediation: t('probe.usage.hostRemediation'),
    });
  }
  return trimmed;
}

function seconds(ms: number): string {
  return String(Math.round(ms / 100) / 10);
}

function day(iso: string): string {
  return iso.slice(0, 10);
}

function urlOf(host: string, port: number): string {
  return `https://${hostHeader(host, port)}${WSMAN_PATH}`;
}

function firstHeader(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(', ') : value;
}

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
function excerpt(body: string, max = 300): string {
  const flat = body
    .replace(/\p{Cc}/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T | 'timeout'> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), ms);
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}

/** Builds the probe job. Throws NgtError (USAGE_*) when the parameters cannot be used. */
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
function httpFailureOutcome(
  t: Translate,
  layer: 'identify' | 'basic',
  result: { failure: string; message: string; errorCode?: string },
  requestTimeoutMs: number,
  data: Record<string, unknown>,
): StepOutcome {
  if (result.failure === 'cancelled') throw new NgtError('CANCELLED', 'Cancelled', { category: 'cancelled' });
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

export function createWinRmProbeJob(params: WinRmProbeParams, deps: WinRmProbeDeps): JobDefinition<ProbeState> {
  const { t } = deps;
  const host = normalizeProbeHost(params.host, t);
  const port = params.port ?? WINRM_HTTPS_PORT;
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new NgtError('USAGE_PROBE_PORT', t('probe.usage.port', { port: params.port }), {
      category: 'usage',
      remediation: t('probe.usage.portRemediation'),
    });
  }
  const hasUser = !!params.user;
  const hasPassword = params.password !== undefined && params.password !== '';
  if (hasUser !== hasPassword) {
    throw new NgtError('USAGE_PROBE_CREDENTIALS', t('probe.usage.credentials'), {
      category: 'usage',
      remediation: t('probe.usage.credentialsRemediation'),
    });
  }
  const connectTimeoutMs = deps.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
  const requestTimeoutMs = params.timeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  const network = deps.network ?? nodeProbeNetwork;
  const resolve = deps.resolve ?? ((h: string) => network.resolve(h));
  const url = urlOf(host, port);
  const basicToken =
    hasUser && hasPassword ? Buffer.from(`${params.user}:${params.password}`, 'utf8').toString('base64') : undefined;

  const endpoint = (state: ProbeState): Endpoint => {
    if (!state.address) throw new Error('probe step ran without a connected address');
    return { address: state.address, port, hostName: host };
  };

  const dnsStep: StepDefinition<ProbeState> = {
    id: 'dns',
    phase: 'verify',
    gate: true,
    title: t('probe.steps.dns.title'),
    async run(ctx) {
      if (isIP(host)) {
        ctx.state.addresses = [host];
        return {
          status: 'ok',
          summary: ctx.t('probe.dns.literal', { host }),
          data: { host, addresses: [host], literal: true },
        };
      }
      let answer: string[] | 'timeout';
      try {
        answer = await withTimeout(resolve(host), connectTimeoutMs);
      } catch (error) {
        const e = error as { code?: string; message?: string };
        return {
          status: 'fail',
          code: 'PROBE_DNS_FAILED',
          summary: ctx.t('probe.dns.failed', { host }),
          detail: [e.code, e.message].filter(Boolean).join(': ') || undefined,
          remediation: ctx.t('probe.dns.remediation'),
          data: { host, addresses: [], literal: false, errorCode: e.code },
        };
      }
      if (answer === 'timeout') {
        return {
          status: 'fail',
          code: 'PROBE_DNS_TIMEOUT',
          summary: ctx.t('probe.dns.timeout', {
            host,
            seconds: seconds(connectTimeoutMs),
          }),
          remediation: ctx.t('probe.dns.remediation'),
          data: { host, addresses: [], literal: false },
        };
      }
      const addresses = [...new Set(answer)];
      if (addresses.length === 0) {
        return {
          status: 'fail',
          code: 'PROBE_DNS_FAILED',
          summary: ctx.t('probe.dns.failed', { host }),
          remediation: ctx.t('probe.dns.remediation'),
          data: { host, addresses: [], literal: false },
        };
      }
      ctx.state.addresses = addresses;
      return {
        status: 'ok',
        summary: ctx.t('probe.dns.resolved', {
          host,
          addresses: addresses.join(', '),
        }),
        data: { host, addresses, literal: false },
      };
    },
  };

  const tcpStep: StepDefinition<ProbeState> = {
    id: 'tcp',
    phase: 'verify',
    gate: true,
    title: t('probe.steps.tcp.title'),
    async run(ctx) {
      const attempts: TcpAttempt[] = [];
      for (const address of ctx.state.addresses.slice(0, MAX_ADDRESSES)) {
        ctx.log.info(ctx.t('probe.tcp.attempt', { address, port }));
        const result = await network.connectTcp(
          { address, port, hostName: host },
          { timeoutMs: connectTimeoutMs, signal: ctx.signal },
        );
        if (result.ok) {
          attempts.push({ address, result: 'connected', ms: result.ms });
          ctx.state.address = address;
          return {
            status: 'ok',
            summary: ctx.t('probe.tcp.connected', {
              address,
              port,
              ms: result.ms,
            }),
            data: { port, address, attempts },
          };
        }
        if (result.failure === 'cancelled')
          throw new NgtError('CANCELLED', 'Cancelled', {
            category: 'cancelled',
          });
        attempts.push({
          address,
          result: tcpResultName(result),
          errorCode: result.errorCode,
          message: result.message,
          ms: result.ms,
        });
      }
      return tcpFailure(ctx, attempts);
    },
  };

  function tcpResultName(result: NetworkError): TcpResultName {
    if (result.failure === 'refused' || result.failure === 'timeout' || result.failure === 'unreachable')
      return result.failure;
    return 'error';
  }

  function tcpFailure(ctx: StepContext<ProbeState>, attempts: TcpAttempt[]): StepOutcome {
    const results = attempts.map((a) => a.result);
    const kind: TcpResultName = results.every((r) => r === 'refused')
      ? 'refused'
      : results.includes('timeout')
        ? 'timeout'
        : results.includes('unreachable')
          ? 'unreachable'
          : results.includes('refused')
            ? 'refused'
            : 'error';
    const shown = attempts.find((a) => a.result === kind) ?? attempts[0];
    const code = {
      refused: 'PROBE_TCP_REFUSED',
      timeout: 'PROBE_TCP_TIMEOUT',
      unreachable: 'PROBE_TCP_UNREACHABLE',
      error: 'PROBE_TCP_FAILED',
      connected: 'PROBE_TCP_FAILED',
    }[kind];
    return {
      status: 'fail',
      code,
      summary: ctx.t(`probe.tcp.${kind}`, {
        address: shown?.address ?? host,
        port,
        seconds: seconds(connectTimeoutMs),
        message: shown?.message ?? '',
      }),
      detail:
        attempts.length > 1
          ? attempts
              .map((a) =>
                ctx.t('probe.tcp.attemptLine', {
                  address: a.address,
                  result: a.errorCode ?? a.result,
                }),
              )
              .join('\n')
          : shown?.errorCode,
      remediation: ctx.t(`probe.tcp.remediation.${kind}`),
      data: { port, attempts },
    };
  }

  const tlsStep: StepDefinition<ProbeState> = {
    id: 'tls',
    phase: 'verify',
    gate: true,
    title: t('probe.steps.tls.title'),
    async run(ctx) {
      const result = await network.tlsHandshake(endpoint(ctx.state), {
        timeoutMs: connectTimeoutMs,
        signal: ctx.signal,
      });
      if (!result.ok) {
        if (result.failure === 'cancelled')
          throw new NgtError('CANCELLED', 'Cancelled', {
            category: 'cancelled',
          });
        const timedOut = result.failure === 'timeout';
        return {
          status: 'fail',
          code: timedOut ? 'PROBE_TLS_TIMEOUT' : 'PROBE_TLS_FAILED',
          summary: timedOut
            ? ctx.t('probe.tls.timeout', {
                port,
                seconds: seconds(connectTimeoutMs),
              })
            : ctx.t('probe.tls.failed', { port, message: result.message }),
          detail: result.errorCode,
          remediation: ctx.t(timedOut ? 'probe.tls.remediation.timeout' : 'probe.tls.remediation.failed', { port }),
          data: {
            address: ctx.state.address,
            port,
            failure: result.failure,
            errorCode: result.errorCode,
          },
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
      const expected = params.expectedThumbprint ? normalizeThumbprint(params.expectedThumbprint) : undefined;
      const findings = certificateFindings(ctx.t, info, {
        now,
        host,
        matchesHost,
        expected,
      });
      const remediations = findings.map((f) => ctx.t(`probe.cert.${findingKey(f.code)}.remediation`));
      const worst = findings.find((f) => f.status === 'fail') ?? findings[0];
      const detail = [
        ctx.t('probe.tls.facts.protocol', {
          protocol: result.protocol ?? ctx.t('probe.common.unknown'),
          cipher: result.cipher ?? ctx.t('probe.common.unknown'),
        }),
        ctx.t('probe.tls.facts.subject', { value: info.subject }),
        ctx.t('probe.tls.facts.issuer', { value: info.issuer }),
        ctx.t('probe.tls.facts.sans', {
          value: info.sans.join(', ') || ctx.t('probe.common.none'),
        }),
        ctx.t('probe.tls.facts.validity', {
          notBefore: facts.notBefore,
          notAfter: facts.notAfter,
        }),
        ctx.t('probe.tls.facts.thumbprint', { value: info.sha1Thumbprint }),
        ctx.t('probe.tls.facts.sha256', { value: info.sha256Fingerprint }),
        ctx.t('probe.tls.facts.key', {
          type: info.keyType ?? ctx.t('probe.common.unknown'),
          bits: info.keyBits ?? '?',
          signature: info.signatureAlgorithm ?? ctx.t('probe.common.unknown'),
        }),
        ctx.t('probe.tls.facts.selfSigned', {
          value: ctx.t(info.selfSigned ? 'probe.common.yes' : 'probe.common.no'),
        }),
        ctx.t('probe.tls.facts.hostMatch', {
          host,
          value: ctx.t(matchesHost ? 'probe.common.yes' : 'probe.common.no'),
        }),
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
        ...(expected
          ? {
              expectedThumbprint: expected,
              thumbprintMatches: expected === info.sha1Thumbprint,
            }
          : {}),
        findings,
      };
      if (!worst) {
        return {
          status: 'ok',
          summary: ctx.t('probe.tls.ok', {
            protocol: result.protocol ?? ctx.t('probe.common.unknown'),
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
        summary: ctx.t('probe.tls.okWithFindings', {
          protocol: result.protocol ?? ctx.t('probe.common.unknown'),
          finding: worst.message,
        }),
        detail,
        remediation: remediations.join('\n'),
        data,
      };
    },
  };

  const identifyStep: StepDefinition<ProbeState> = {
    id: 'identify',
    phase: 'verify',
    gate: true,
    title: t('probe.steps.identify.title'),
    async run(ctx) {
      ctx.log.info(ctx.t('probe.identify.request', { url }));
      const result = await network.httpsRequest(
        endpoint(ctx.state),
        {
          method: 'POST',
          path: WSMAN_PATH,
          headers: identifyHeaders(),
          body: identifyEnvelope(),
        },
        { timeoutMs: requestTimeoutMs, signal: ctx.signal },
      );
      if (!result.ok) return httpFailureOutcome(ctx.t, 'identify', result, requestTimeoutMs, { url, ms: result.ms });
      const server = firstHeader(result.headers['server']);
      const contentType = firstHeader(result.headers['content-type']);
      const offered = authSchemes(result.headers['www-authenticate']);
      const answer = readWsmanAnswer(result.body);
      const base = {
        url,
        httpStatus: result.status,
        server,
        contentType,
        ms: result.ms,
      };
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
        offered.length
          ? ctx.t('probe.identify.detail.authenticate', {
              value: offered.join(', '),
            })
          : undefined,
        result.body ? ctx.t('probe.identify.detail.body', { value: excerpt(result.body) }) : undefined,
      ]
        .filter(Boolean)
        .join('\n');
      if (answer.kind === 'fault') {
        return {
          status: 'fail',
          code: 'PROBE_WSMAN_FAULT',
          summary: ctx.t('probe.identify.fault', {
            status: result.status,
            reason: faultText(answer.fault),
          }),
          detail,
          remediation: ctx.t('probe.identify.remediation.fault'),
          data: { ...base, fault: answer.fault },
        };
      }
      if ((result.status === 401 || result.status === 403) && offered.length > 0) {
        return {
          status: 'fail',
          code: 'PROBE_IDENTIFY_REJECTED',
          summary: ctx.t('probe.identify.rejected', { status: result.status }),
          detail,
          remediation: ctx.t('probe.identify.remediation.rejected'),
          data: { ...base, offeredSchemes: offered },
        };
      }
      return {
        status: 'fail',
        code: 'PROBE_NOT_WSMAN',
        summary: ctx.t('probe.identify.notWsman', { status: result.status }),
        detail,
        remediation: ctx.t('probe.identify.remediation.notWsman'),
        data: base,
      };
    },
  };

  const basicStep: StepDefinition<ProbeState> = {
    id: 'basic-auth',
    phase: 'verify',
    gate: true,
    title: t('probe.steps.basicAuth.title'),
    async run(ctx) {
      const user = params.user ?? '';
      ctx.log.info(ctx.t('probe.basic.request', { url, user }));
      const result = await network.httpsRequest(
        endpoint(ctx.state),
        {
          method: 'POST',
          path: WSMAN_PATH,
          headers: {
            'Content-Type': WSMAN_CONTENT_TYPE,
            Authorization: `Basic ${basicToken}`,
          },
          body: configGetEnvelope({ url, messageId: randomUUID() }),
        },
        { timeoutMs: requestTimeoutMs, signal: ctx.signal },
      );
      if (!result.ok) return httpFailureOutcome(ctx.t, 'basic', result, requestTimeoutMs, { url, user });
      const offered = authSchemes(result.headers['www-authenticate']);
      const answer = readWsmanAnswer(result.body);
      const base = {
        url,
        user,
        httpStatus: result.status,
        offeredSchemes: offered,
        ms: result.ms,
      };
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
        data: {
          ...base,
          ...(answer.kind === 'fault' ? { fault: answer.fault } : {}),
        },
      };
    },
  };

  const steps = [dnsStep, tcpStep, tlsStep, identifyStep];
  if (basicToken) steps.push(basicStep);

  return {
    kind: 'probe-winrm',
    target: hostHeader(host, port),
    state: { host, port, addresses: [] },
    steps,
    secrets: basicToken ? [params.password, basicToken, `Basic ${basicToken}`] : [params.password],
  };
}

function faultText(fault: SoapFault): string {
  return [fault.wsmanMessage ?? fault.reason, fault.wsmanCode ? `(${fault.wsmanCode})` : fault.subcode]
    .filter(Boolean)
    .join(' ');
}

function isAccessDenied(fault: SoapFault): boolean {
  return (
    fault.wsmanCode === '5' ||
    /AccessDenied/i.test(fault.subcode ?? '') ||
    /access is denied/i.test(`${fault.reason ?? ''} ${fault.wsmanMessage ?? ''}`)
  );
}

const FINDING_KEYS: Record<string, string> = {
  PROBE_CERT_EXPIRED: 'expired',
  PROBE_CERT_NOT_YET_VALID: 'notYetValid',
  PROBE_THUMBPRINT_MISMATCH: 'thumbprintMismatch',
  PROBE_CERT_NAME_MISMATCH: 'nameMismatch',
  PROBE_CERT_NO_SERVER_AUTH: 'noServerAuth',
  PROBE_CERT_WEAK_KEY: 'weakKey',
  PROBE_CERT_SELF_SIGNED: 'selfSigned',
};

function findingKey(code: string): string {
  return FINDING_KEYS[code];
}

/**
 * What is wrong or notable about the listener's certificate, most important
 * first: fails (expired, not yet valid, not the expected certificate) before
 * warnings (name, EKU, key size, self-signed).
 */
export function certificateFindings(
  t: Translate,
  info: CertificateInfo,
  context: { now: Date; host: string; matchesHost: boolean; expected?: string },
): CertificateFinding[] {
  const out: CertificateFinding[] = [];
  const add = (code: string, status: 'warn' | 'fail', params: Record<string, unknown>) =>
    out.push({
      code,
      status,
      message: t(`probe.cert.${findingKey(code)}.message`, params),
    });
  const notAfter = info.notAfter.toISOString();
  const notBefore = info.notBefore.toISOString();
  if (context.now.getTime() > info.notAfter.getTime()) add('PROBE_CERT_EXPIRED', 'fail', { notAfter });
  if (context.now.getTime() < info.notBefore.getTime()) add('PROBE_CERT_NOT_YET_VALID', 'fail', { notBefore });
  if (context.expected && context.expected !== info.sha1Thumbprint) {
    add('PROBE_THUMBPRINT_MISMATCH', 'fail', {
      actual: info.sha1Thumbprint,
      expected: context.expected,
    });
  }
  if (!context.matchesHost) {
    const names = [...new Set([...(info.commonName ? [info.commonName] : []), ...info.sans])];
    add('PROBE_CERT_NAME_MISMATCH', 'warn', {
      host: context.host,
      names: names.join(', ') || t('probe.common.none'),
    });
  }
  // No EKU extension at all means "any purpose"; an EKU list without Server Authentication does not.
  if (!info.serverAuthEku && info.extendedKeyUsage.length > 0) {
    add('PROBE_CERT_NO_SERVER_AUTH', 'warn', {
      ekus: info.extendedKeyUsage.join(', '),
    });
  }
  if (info.keyType === 'RSA' && info.keyBits !== undefined && info.keyBits < MIN_RSA_BITS) {
    add('PROBE_CERT_WEAK_KEY', 'warn', { bits: info.keyBits });
  }
  if (info.selfSigned) add('PROBE_CERT_SELF_SIGNED', 'warn', {});
  return out;
}
