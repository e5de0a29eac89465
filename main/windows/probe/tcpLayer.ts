/**
 * Probe layer 2: a TCP connection to the listener's port, trying the looked-up
 * addresses in turn; the first that accepts is the one later layers use.
 */
import type { StepContext, StepDefinition } from '../../engine/job';
import type { StepOutcome } from '../../engine/types';
import type { NetworkError } from './probeNetwork';
import { cancelled, gateStep, seconds, type ProbeState, type ProbeTarget } from './probeTarget';

/** Addresses tried in turn when a name resolves to several. */
const MAX_ADDRESSES = 4;

type TcpResultName = 'connected' | 'refused' | 'timeout' | 'unreachable' | 'error';

export interface TcpAttempt {
  address: string;
  result: TcpResultName;
  errorCode?: string;
  message?: string;
  ms: number;
}

const FAILURE_CODES: Record<TcpResultName, string> = {
  refused: 'PROBE_TCP_REFUSED',
  timeout: 'PROBE_TCP_TIMEOUT',
  unreachable: 'PROBE_TCP_UNREACHABLE',
  error: 'PROBE_TCP_FAILED',
  connected: 'PROBE_TCP_FAILED',
};

function tcpResultName(result: NetworkError): TcpResultName {
  if (result.failure === 'refused' || result.failure === 'timeout' || result.failure === 'unreachable')
    return result.failure;
  return 'error';
}

/** Every address failed: the outcome names the most telling failure (all refused, else a timeout, …). */
function tcpFailure(
  ctx: StepContext<ProbeState>,
  { host, port, connectTimeoutMs }: ProbeTarget,
  attempts: TcpAttempt[],
): StepOutcome {
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
  return {
    status: 'fail',
    code: FAILURE_CODES[kind],
    summary: ctx.t(`probe.tcp.${kind}`, {
      address: shown?.address ?? host,
      port,
      seconds: seconds(connectTimeoutMs),
      message: shown?.message ?? '',
    }),
    detail:
      attempts.length > 1
        ? attempts
            .map((a) => ctx.t('probe.tcp.attemptLine', { address: a.address, result: a.errorCode ?? a.result }))
            .join('\n')
        : shown?.errorCode,
    remediation: ctx.t(`probe.tcp.remediation.${kind}`),
    data: { port, attempts },
  };
}

export function tcpStep(target: ProbeTarget): StepDefinition<ProbeState> {
  const { t, host, port, connectTimeoutMs, network } = target;
  return gateStep('tcp', t('probe.steps.tcp.title'), async (ctx) => {
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
          summary: ctx.t('probe.tcp.connected', { address, port, ms: result.ms }),
          data: { port, address, attempts },
        };
      }
      if (result.failure === 'cancelled') cancelled();
      attempts.push({
        address,
        result: tcpResultName(result),
        errorCode: result.errorCode,
        message: result.message,
        ms: result.ms,
      });
    }
    return tcpFailure(ctx, target, attempts);
  });
}
