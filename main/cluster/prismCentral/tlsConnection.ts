/**
 * The TLS edge towards Prism Central. `inspectCertificate` looks at what the
 * server presents without sending anything. `pinnedConnector` makes the
 * sockets the HTTP client uses: the certificate is checked against the
 * decided trust on every connection, after the handshake and BEFORE the
 * socket is handed to node:http — so no request, and no Authorization header,
 * ever reaches a server whose certificate changed.
 */
import { isIP } from 'node:net';
import * as tls from 'node:tls';
import { NgtError } from '../../engine/errors';
import type { Translate } from '../../engine/job';
import { classifyNetworkError } from '../../windows/probe/probeNetwork';
import { fingerprintOfDer, type ConnectionPin, type PresentedCertificate } from './certificateTrust';

export interface PcEndpoint {
  host: string;
  port: number;
}

export interface TlsOptions {
  timeoutMs: number;
  /** CA certificates to trust instead of Node's bundled roots (tests; NODE_EXTRA_CA_CERTS works too). */
  ca?: string | string[];
}

function distinguishedName(name: tls.PeerCertificate['subject'] | undefined): string {
  if (!name) return '';
  return Object.entries(name)
    .map(([k, v]) => `${k}=${Array.isArray(v) ? v.join('+') : v}`)
    .join(', ');
}

function describe(socket: tls.TLSSocket): PresentedCertificate | null {
  const peer = socket.getPeerCertificate(false);
  if (!peer || !Buffer.isBuffer(peer.raw)) return null;
  return {
    fingerprint: fingerprintOfDer(peer.raw),
    subject: distinguishedName(peer.subject),
    issuer: distinguishedName(peer.issuer),
    validFrom: new Date(peer.valid_from).toISOString(),
    validTo: new Date(peer.valid_to).toISOString(),
    subjectAltNames: (peer.subjectaltname ?? '')
      .split(', ')
      .filter(Boolean)
      .map((s) => s.replace(/^(DNS|IP Address):/, '')),
    chainTrusted: socket.authorized,
    chainError: socket.authorized ? undefined : String(socket.authorizationError ?? ''),
  };
}

function connectionError(error: unknown, endpoint: PcEndpoint, t: Translate): NgtError {
  const c = classifyNetworkError(error);
  const where = `${endpoint.host}:${endpoint.port}`;
  if (c.failure === 'timeout')
    return new NgtError('PC_TIMEOUT', t('cluster.errors.timeout', { endpoint: where }), {
      category: 'connect',
      detail: c.message,
    });
  if (c.failure === 'tls')
    return new NgtError('PC_TLS_FAILED', t('cluster.errors.tls', { endpoint: where, reason: c.message }), {
      category: 'connect',
    });
  return new NgtError('PC_CONNECT_FAILED', t('cluster.errors.connect', { endpoint: where, reason: c.message }), {
    category: 'connect',
    remediation: t('cluster.errors.connectFix', { port: endpoint.port }),
    detail: c.errorCode,
  });
}

/** Opens a TLS connection (the name checked by Node's rules), hands the socket over once the handshake is done. */
function handshake(endpoint: PcEndpoint, options: TlsOptions, t: Translate): Promise<tls.TLSSocket> {
  return new Promise((resolve, reject) => {
    const socket = tls.connect({
      host: endpoint.host,
      port: endpoint.port,
      servername: isIP(endpoint.host) ? undefined : endpoint.host,
      ca: options.ca,
      // The chain result is read from socket.authorized; refusal is decided by the trust rules.
      rejectUnauthorized: false,
    });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(connectionError(Object.assign(new Error('timed out'), { code: 'ETIMEDOUT' }), endpoint, t));
    }, options.timeoutMs);
    socket.once('secureConnect', () => {
      clearTimeout(timer);
      resolve(socket);
    });
    socket.once('error', (error) => {
      clearTimeout(timer);
      reject(connectionError(error, endpoint, t));
    });
  });
}

/** The certificate Prism Central presents; nothing is sent over the connection. */
export async function inspectCertificate(
  endpoint: PcEndpoint,
  options: TlsOptions,
  t: Translate,
): Promise<PresentedCertificate> {
  const socket = await handshake(endpoint, options, t);
  try {
    const presented = describe(socket);
    if (!presented)
      throw new NgtError('PC_TLS_NO_CERTIFICATE', t('cluster.errors.noCertificate', { host: endpoint.host }), {
        category: 'connect',
      });
    return presented;
  } finally {
    socket.destroy();
  }
}

export function certificateChangedError(
  endpoint: PcEndpoint,
  presented: PresentedCertificate | null,
  expected: string | undefined,
  t: Translate,
): NgtError {
  return new NgtError(
    'PC_CERT_CHANGED',
    t('cluster.trust.changed', {
      host: endpoint.host,
      port: endpoint.port,
      fingerprint: presented?.fingerprint ?? '?',
      expected: expected ?? '?',
    }),
    { category: 'connect', remediation: t('cluster.trust.changedFix') },
  );
}

/** A `createConnection` for node:https that only yields sockets whose certificate matches the pin. */
export function pinnedConnector(endpoint: PcEndpoint, pin: ConnectionPin, options: TlsOptions, t: Translate) {
  return (_opts: unknown, callback: (error: Error | null, socket?: tls.TLSSocket) => void): undefined => {
    handshake(endpoint, options, t).then(
      (socket) => {
        const presented = describe(socket);
        const ok = pin.kind === 'ca' ? socket.authorized : presented?.fingerprint === pin.fingerprint;
        if (ok) {
          callback(null, socket);
          return;
        }
        socket.destroy();
        callback(
          certificateChangedError(endpoint, presented, pin.kind === 'fingerprint' ? pin.fingerprint : undefined, t),
        );
      },
      (error: Error) => callback(error),
    );
    return undefined;
  };
}
