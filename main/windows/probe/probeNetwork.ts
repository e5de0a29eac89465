/**
 * The probe's only contact with the network: name lookup, a TCP connect, a
 * TLS handshake, one HTTPS request. Every call is bounded by a timeout and by
 * the job's abort signal, and reports failures as values (never throws), so
 * the steps can name each failure precisely. Tests may pass another
 * implementation; the integration tests use this one against loopback servers.
 */
import { promises as dns } from 'node:dns';
import * as https from 'node:https';
import { isIP } from 'node:net';
import * as net from 'node:net';
import * as tls from 'node:tls';
import { formatHostPort } from '../../engine/network';

export type NetworkFailure = 'refused' | 'timeout' | 'unreachable' | 'reset' | 'tls' | 'cancelled' | 'error';

export interface NetworkError {
  ok: false;
  failure: NetworkFailure;
  errorCode?: string;
  message: string;
  ms: number;
}

export interface Endpoint {
  /** The IP address to connect to. */
  address: string;
  port: number;
  /** The name to send as TLS SNI and in the Host header (the host as the person typed it). */
  hostName: string;
}

export interface CallOptions {
  timeoutMs: number;
  signal?: AbortSignal;
}

export type TcpConnectResult = { ok: true; ms: number } | NetworkError;

export type TlsHandshakeResult =
  | {
      ok: true;
      ms: number;
      protocol?: string;
      cipher?: string;
      /** The peer's leaf certificate, DER; absent when the server sent none. */
      certificateDer?: Buffer;
      /** Whether this computer's trust store accepts the chain for this name. */
      authorized: boolean;
      authorizationError?: string;
    }
  | NetworkError;

export interface HttpsRequest {
  method: 'POST' | 'GET';
  path: string;
  headers: Record<string, string>;
  body?: string;
  maxBodyBytes?: number;
}

export type HttpsResult =
  | {
      ok: true;
      ms: number;
      status: number;
      statusText?: string;
      headers: Record<string, string | string[] | undefined>;
      body: string;
      truncated: boolean;
    }
  | NetworkError;

export interface ProbeNetwork {
  /** Addresses for a host name; throws (with the resolver's code) when it does not resolve. */
  resolve(host: string): Promise<string[]>;
  connectTcp(endpoint: Endpoint, options: CallOptions): Promise<TcpConnectResult>;
  tlsHandshake(endpoint: Endpoint, options: CallOptions): Promise<TlsHandshakeResult>;
  httpsRequest(endpoint: Endpoint, request: HttpsRequest, options: CallOptions): Promise<HttpsResult>;
}

const DEFAULT_MAX_BODY = 256 * 1024;

export function classifyNetworkError(error: unknown): {
  failure: NetworkFailure;
  errorCode?: string;
  message: string;
} {
  const e = error as { code?: string; message?: string } | undefined;
  const code = e?.code;
  const raw = e?.message ?? String(error);
  const message = readableMessage(raw);
  let failure: NetworkFailure = 'error';
  if (code === 'ECONNREFUSED') failure = 'refused';
  else if (code === 'ETIMEDOUT') failure = 'timeout';
  else if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH' || code === 'EADDRNOTAVAIL') failure = 'unreachable';
  else if (code === 'ECONNRESET' || code === 'EPIPE') failure = 'reset';
  else if (
    (code && (code.startsWith('ERR_SSL') || code.startsWith('ERR_TLS') || code === 'EPROTO')) ||
    /SSL|TLS/.test(raw)
  )
    failure = 'tls';
  return { failure, errorCode: code, message };
}

/**
 * OpenSSL messages come as "80EC…:error:0A00010B:SSL routines:ssl3_get_record:wrong version number:…/ssl3_record.c:350:";
 * people need only the reason ("wrong version number").
 */
export function readableMessage(message: string): string {
  const openssl = /SSL routines:[^:]*:([^:]+):/.exec(message);
  const text = openssl ? openssl[1] : message;
  return text.replace(/\s+/g, ' ').trim();
}

/** Runs `work` with a deadline and the abort signal; `destroy` releases the socket when either fires. */
function bounded<T extends { ok: boolean }>(
  options: CallOptions,
  work: (settle: (result: T | NetworkError) => void, elapsed: () => number) => { destroy(): void },
): Promise<T | NetworkError> {
  const started = Date.now();
  const elapsed = () => Date.now() - started;
  return new Promise((resolve) => {
    let settled = false;
    let handle: { destroy(): void } | undefined;
    const settle = (result: T | NetworkError) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      handle?.destroy();
      resolve(result);
    };
    const onAbort = () =>
      settle({
        ok: false,
        failure: 'cancelled',
        message: 'cancelled',
        ms: elapsed(),
      });
    const timer = setTimeout(
      () =>
        settle({
          ok: false,
          failure: 'timeout',
          message: `no answer within ${options.timeoutMs} ms`,
          ms: elapsed(),
        }),
      options.timeoutMs,
    );
    if (options.signal?.aborted) {
      onAbort();
      return;
    }
    options.signal?.addEventListener('abort', onAbort, { once: true });
    handle = work(settle, elapsed);
    if (settled) handle.destroy();
  });
}

function serverName(endpoint: Endpoint): string | undefined {
  return isIP(endpoint.hostName) ? undefined : endpoint.hostName;
}

export function hostHeader(hostName: string, port: number): string {
  return formatHostPort(hostName, port);
}

export const nodeProbeNetwork: ProbeNetwork = {
  async resolve(host) {
    const answers = await dns.lookup(host, { all: true, verbatim: true });
    return answers.map((a) => a.address);
  },

  connectTcp(endpoint, options) {
    return bounded<{ ok: true; ms: number }>(options, (settle, elapsed) => {
      const socket = net.connect({
        host: endpoint.address,
        port: endpoint.port,
      });
      socket.once('connect', () => settle({ ok: true, ms: elapsed() }));
      socket.on('error', (error) => settle({ ok: false, ...classifyNetworkError(error), ms: elapsed() }));
      return { destroy: () => socket.destroy() };
    });
  },

  tlsHandshake(endpoint, options) {
    return bounded(options, (settle, elapsed) => {
      const socket = tls.connect({
        host: endpoint.address,
        port: endpoint.port,
        servername: serverName(endpoint),
        // Prism Central accepts self-signed listeners: look at the certificate, do not refuse it.
        rejectUnauthorized: false,
      });
      socket.once('secureConnect', () => {
        const peer = socket.getPeerCertificate(false) as tls.PeerCertificate | Record<string, never>;
        const raw = 'raw' in peer && Buffer.isBuffer(peer.raw) ? peer.raw : undefined;
        const cipher = socket.getCipher();
        settle({
          ok: true,
          ms: elapsed(),
          protocol: socket.getProtocol() ?? undefined,
          cipher: cipher?.standardName ?? cipher?.name,
          certificateDer: raw,
          authorized: socket.authorized,
          authorizationError: socket.authorizationError ? String(socket.authorizationError) : undefined,
        });
      });
      socket.on('error', (error) => {
        const classified = classifyNetworkError(error);
        // Any error before the handshake completes is a TLS failure unless the connection itself failed.
        const failure =
          classified.failure === 'refused' || classified.failure === 'unreachable' ? classified.failure : 'tls';
        settle({ ok: false, ...classified, failure, ms: elapsed() });
      });
      socket.once('close', () =>
        settle({
          ok: false,
          failure: 'tls',
          message: 'the server closed the connection during the TLS handshake',
          ms: elapsed(),
        }),
      );
      return { destroy: () => socket.destroy() };
    });
  },

  httpsRequest(endpoint, request, options) {
    return bounded(options, (settle, elapsed) => {
      const body = request.body === undefined ? undefined : Buffer.from(request.body, 'utf8');
      const headers: Record<string, string> = {
        Host: hostHeader(endpoint.hostName, endpoint.port),
        ...request.headers,
      };
      if (body) headers['Content-Length'] = String(body.length);
      const req = https.request({
        host: endpoint.address,
        port: endpoint.port,
        servername: serverName(endpoint),
        method: request.method,
        path: request.path,
        headers,
        rejectUnauthorized: false,
        agent: false,
      });
      const limit = request.maxBodyBytes ?? DEFAULT_MAX_BODY;
      req.once('response', (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        let truncated = false;
        const finish = () =>
          settle({
            ok: true,
            ms: elapsed(),
            status: res.statusCode ?? 0,
            statusText: res.statusMessage,
            headers: res.headers,
            body: Buffer.concat(chunks).toString('utf8'),
            truncated,
          });
        res.on('data', (chunk: Buffer) => {
          if (size + chunk.length > limit) {
            chunks.push(chunk.subarray(0, limit - size));
            size = limit;
            truncated = true;
            finish();
            return;
          }
          chunks.push(chunk);
          size += chunk.length;
        });
        res.once('end', finish);
        res.on('error', (error) => settle({ ok: false, ...classifyNetworkError(error), ms: elapsed() }));
      });
      req.on('error', (error) => settle({ ok: false, ...classifyNetworkError(error), ms: elapsed() }));
      req.end(body);
      return { destroy: () => req.destroy() };
    });
  },
};
