/**
 * Connecting to Prism Central: look at its certificate, decide trust (pin,
 * fingerprint, CA, or an explicit first-use acceptance), pin a newly accepted
 * one, and only then build the client that carries the credentials.
 */
import { NgtError } from '../../engine/errors';
import type { Translate } from '../../engine/job';
import { connectionPin, decideTrust, type PresentedCertificate, type TrustDecision } from './certificateTrust';
import { createPcClient, nodeTransport, type PcClient, type PcClientOptions, type RetryPolicy } from './httpClient';
import { inspectCertificate, type PcEndpoint } from './tlsConnection';
import type { TrustStore } from './trustStore';

export interface ConnectOptions {
  endpoint: PcEndpoint;
  username: string;
  password: () => string;
  trustStore: TrustStore;
  acceptNew: boolean;
  /** The wizard's question for a certificate seen for the first time: true trusts (and pins) that very certificate. */
  confirmNew?: (certificate: PresentedCertificate) => Promise<boolean>;
  expectedFingerprint?: string;
  ca?: string | string[];
  timeoutMs?: number;
  retry?: RetryPolicy;
  sleep?: PcClientOptions['sleep'];
  onRetry?: PcClientOptions['onRetry'];
  t: Translate;
}

export interface PrismCentralConnection {
  client: PcClient;
  certificate: PresentedCertificate;
  trust: TrustDecision & { trusted: true };
}

/** The lines a person reads about a certificate before deciding. */
export function certificateSummary(c: PresentedCertificate, t: Translate): string {
  return t('cluster.trust.summary', {
    fingerprint: c.fingerprint,
    subject: c.subject,
    issuer: c.issuer,
    validFrom: c.validFrom,
    validTo: c.validTo,
  });
}

/** The line `pc vms` prints and the push job's connect step says once Prism Central is trusted. */
export function connectedSummary(endpoint: PcEndpoint, connection: PrismCentralConnection, t: Translate): string {
  const c = connection.certificate;
  return t('cluster.cli.connected', {
    host: endpoint.host,
    port: endpoint.port,
    fingerprint: c.fingerprint,
    subject: c.subject,
    validTo: c.validTo,
    trust: t(`cluster.cli.trustVia.${connection.trust.via}`),
  });
}

function refusal(
  decision: TrustDecision & { trusted: false },
  options: ConnectOptions,
  c: PresentedCertificate,
): NgtError {
  const { t } = options;
  const { host, port } = options.endpoint;
  const summary = certificateSummary(c, t);
  if (decision.reason === 'unknown')
    return new NgtError('PC_CERT_UNKNOWN', t('cluster.trust.unknown', { host, port, summary }), {
      category: 'connect',
      remediation: t('cluster.trust.unknownFix', { fingerprint: c.fingerprint }),
    });
  if (decision.reason === 'fingerprint-mismatch')
    return new NgtError(
      'PC_CERT_FINGERPRINT_MISMATCH',
      t('cluster.trust.mismatch', { host, port, expected: decision.pinnedFingerprint, summary }),
      {
        category: 'connect',
        remediation: t('cluster.trust.changedFix'),
      },
    );
  return new NgtError(
    'PC_CERT_CHANGED',
    t('cluster.trust.changed', { host, port, fingerprint: c.fingerprint, expected: decision.pinnedFingerprint }),
    {
      category: 'connect',
      remediation: t('cluster.trust.changedFix'),
      detail: summary,
    },
  );
}

export async function connectPrismCentral(options: ConnectOptions): Promise<PrismCentralConnection> {
  const { endpoint, t } = options;
  const timeoutMs = options.timeoutMs ?? 20_000;
  const tlsOptions = { timeoutMs, ca: options.ca };
  const certificate = await inspectCertificate(endpoint, tlsOptions, t);
  const pinned = await options.trustStore.pinnedFor(endpoint.host, endpoint.port);
  let decision = decideTrust({
    presented: certificate,
    pinnedFingerprint: pinned?.fingerprint,
    expectedFingerprint: options.expectedFingerprint,
    acceptNew: options.acceptNew,
  });
  // Asked only about a first sighting: a changed certificate is refused without a question.
  if (!decision.trusted && decision.reason === 'unknown' && (await options.confirmNew?.(certificate)))
    decision = { trusted: true, via: 'accepted-new' };
  if (!decision.trusted) throw refusal(decision, options, certificate);
  if (decision.via === 'accepted-new') await options.trustStore.pin(endpoint.host, endpoint.port, certificate);
  const transport = nodeTransport(
    endpoint,
    connectionPin(decision, certificate),
    { ...tlsOptions, requestTimeoutMs: timeoutMs },
    t,
  );
  const client = createPcClient({
    transport,
    username: options.username,
    password: options.password,
    t,
    retry: options.retry,
    sleep: options.sleep,
    onRetry: options.onRetry,
  });
  return { client, certificate, trust: decision };
}
