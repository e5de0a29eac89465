/**
 * What every layer of the WinRM probe shares: the parameters as given, the
 * target they resolve to (host, port, WS-Management URL, timeouts, network),
 * the state one layer leaves for the next, and the host rule. Each layer
 * (dnsLayer, tcpLayer, tlsLayer, identifyLayer, basicAuthLayer) builds its
 * step from a ProbeTarget; winrmProbeJob.ts composes them.
 */
import { isIP } from 'node:net';
import { NgtError } from '../../engine/errors';
import type { StepDefinition, Translate } from '../../engine/job';
import type { CertificateFacts } from '../certificates';
import type { Endpoint, ProbeNetwork } from './probeNetwork';
import type { IdentifyFacts } from './wsmanMessages';
import { unbracketHost } from '../../engine/network';

export const DEFAULT_CONNECT_TIMEOUT_MS = 5_000;
export const DEFAULT_REQUEST_TIMEOUT_MS = 15_000;

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

/** The probe's parameters, checked and resolved once, as the layers use them. */
export interface ProbeTarget {
  t: Translate;
  /** Trimmed, without IPv6 brackets (normalizeProbeHost). */
  host: string;
  port: number;
  /** The WS-Management URL as Prism Central would address it. */
  url: string;
  connectTimeoutMs: number;
  requestTimeoutMs: number;
  network: ProbeNetwork;
  resolve: (host: string) => Promise<string[]>;
  /** As given (normalised by the TLS layer). */
  expectedThumbprint?: string;
  user?: string;
  /** base64 of user:password; set only when both were given. */
  basicToken?: string;
}

/** The host as it must be used: trimmed, IPv6 brackets removed; throws NgtError USAGE_PROBE_HOST when unusable. */
export function normalizeProbeHost(host: string, t: Translate): string {
  const trimmed = unbracketHost(host.trim());
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

/** The address the TCP layer connected to, for the layers after it. */
export function connectedEndpoint(target: ProbeTarget, state: ProbeState): Endpoint {
  if (!state.address) throw new Error('probe step ran without a connected address');
  return { address: state.address, port: target.port, hostName: target.host };
}

/** A cancelled network call ends the job (the engine reports it as cancelled). */
export function cancelled(): never {
  throw new NgtError('CANCELLED', 'Cancelled', { category: 'cancelled' });
}

/** Milliseconds as seconds with one decimal, for messages. */
export function seconds(ms: number): string {
  return String(Math.round(ms / 100) / 10);
}

/** One probe layer: a verify-phase gate step, so the first failing layer skips the rest. */
export function gateStep(
  id: ProbeStepId,
  title: string,
  run: StepDefinition<ProbeState>['run'],
): StepDefinition<ProbeState> {
  return { id, phase: 'verify', gate: true, title, run };
}
