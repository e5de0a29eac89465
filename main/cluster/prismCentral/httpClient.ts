/**
 * The HTTP client for Prism Central's v4 API: Basic authentication held in
 * memory only, JSON in and out, bounded retries with backoff for 5xx answers
 * and lost or timed-out connections (the same NTNX-Request-Id is sent again,
 * which the reference documents as the idempotence token "for safely retrying
 * requests in case of network errors"). The transport is a parameter; the
 * default one sends through `pinnedConnector`, so trust is checked first.
 */
import * as https from 'node:https';
import { NgtError } from '../../engine/errors';
import type { Translate } from '../../engine/job';
import type { ConnectionPin } from './certificateTrust';
import { httpError, isRetryable } from './pcErrors';
import { pinnedConnector, type PcEndpoint, type TlsOptions } from './tlsConnection';
import { formatHostPort } from '../../engine/network';

export interface TransportRequest {
  method: 'GET' | 'POST';
  /** Path and query below the host, e.g. /api/vmm/v4.0/ahv/config/vms?$page=0 */
  path: string;
  headers: Record<string, string>;
  body?: string;
}

export interface TransportResponse {
  status: number;
  headers: Record<string, string | undefined>;
  body: string;
}

export type Transport = (request: TransportRequest) => Promise<TransportResponse>;

export interface PcResponse<T = unknown> {
  status: number;
  etag?: string;
  json: T;
}

export interface RetryPolicy {
  /** Attempts in all, the first one included. */
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 4, baseDelayMs: 500, maxDelayMs: 8000 };

export interface PcClient {
  get<T = unknown>(path: string, context?: { vmExtId?: string }): Promise<PcResponse<T>>;
  post<T = unknown>(
    path: string,
    body: unknown,
    headers: Record<string, string>,
    context?: { vmExtId?: string },
  ): Promise<PcResponse<T>>;
}

export interface PcClientOptions {
  transport: Transport;
  username: string;
  /** Read when a request is made; never stored elsewhere, never logged. */
  password: () => string;
  t: Translate;
  sleep?: (ms: number) => Promise<void>;
  retry?: RetryPolicy;
  /** Told about each retry (attempt number, the error's code), for progress lines. */
  onRetry?: (attempt: number, code: string) => void;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Exponential backoff: base, 2×base, 4×base… capped. */
export function backoffDelay(attempt: number, policy: RetryPolicy): number {
  return Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
}

export function createPcClient(options: PcClientOptions): PcClient {
  const { transport, t } = options;
  const sleep = options.sleep ?? defaultSleep;
  const retry = options.retry ?? DEFAULT_RETRY;

  async function once(request: TransportRequest, context: { vmExtId?: string }): Promise<PcResponse> {
    const authorization =
      'Basic ' + Buffer.from(`${options.username}:${options.password()}`, 'utf8').toString('base64');
    const response = await transport({
      ...request,
      headers: { Accept: 'application/json', ...request.headers, Authorization: authorization },
    });
    let json: unknown = undefined;
    if (response.body) {
      try {
        json = JSON.parse(response.body);
      } catch {
        json = undefined;
      }
    }
    if (response.status < 200 || response.status > 299) {
      throw httpError(
        response.status,
        json,
        { method: request.method, path: request.path.split('?')[0], vmExtId: context.vmExtId },
        t,
      );
    }
    if (json === undefined)
      throw new NgtError(
        'PC_BAD_RESPONSE',
        t('cluster.errors.badResponse', { request: `${request.method} ${request.path}` }),
      );
    return { status: response.status, etag: response.headers.etag, json };
  }

  async function withRetries(request: TransportRequest, context: { vmExtId?: string } = {}): Promise<PcResponse> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await once(request, context);
      } catch (error) {
        if (!isRetryable(error) || attempt >= retry.attempts) throw error;
        options.onRetry?.(attempt, (error as NgtError).code);
        await sleep(backoffDelay(attempt, retry));
      }
    }
  }

  return {
    get: (path, context) => withRetries({ method: 'GET', path, headers: {} }, context) as Promise<PcResponse<never>>,
    post: (path, body, headers, context) =>
      withRetries(
        {
          method: 'POST',
          path,
          headers: { 'Content-Type': 'application/json', ...headers },
          body: JSON.stringify(body),
        },
        context,
      ) as Promise<PcResponse<never>>,
  };
}

const MAX_BODY = 8 * 1024 * 1024;

/** The real transport: node:https over sockets that passed the pin check. */
export function nodeTransport(
  endpoint: PcEndpoint,
  pin: ConnectionPin,
  tlsOptions: TlsOptions & { requestTimeoutMs: number },
  t: Translate,
): Transport {
  const createConnection = pinnedConnector(endpoint, pin, tlsOptions, t);
  const hostHeader = formatHostPort(endpoint.host, endpoint.port);
  return (request) =>
    new Promise((resolve, reject) => {
      const body = request.body === undefined ? undefined : Buffer.from(request.body, 'utf8');
      const headers: Record<string, string> = { Host: hostHeader, ...request.headers };
      if (body) headers['Content-Length'] = String(body.length);
      const req = https.request(
        {
          // No agent: node:http then asks createConnection for each request's socket (and sends Connection: close).
          createConnection: createConnection as never,
          method: request.method,
          path: request.path,
          headers,
        },
        (res) => {
          const chunks: Buffer[] = [];
          let size = 0;
          res.on('data', (c: Buffer) => {
            size += c.length;
            if (size > MAX_BODY) req.destroy(new Error('response too large'));
            else chunks.push(c);
          });
          res.on('end', () => {
            const out: Record<string, string | undefined> = {};
            for (const [k, v] of Object.entries(res.headers)) out[k] = Array.isArray(v) ? v.join(', ') : v;
            resolve({ status: res.statusCode ?? 0, headers: out, body: Buffer.concat(chunks).toString('utf8') });
          });
          res.on('error', reject);
        },
      );
      req.setTimeout(tlsOptions.requestTimeoutMs, () =>
        req.destroy(
          new NgtError('PC_TIMEOUT', t('cluster.errors.timeout', { endpoint: `${endpoint.host}:${endpoint.port}` }), {
            category: 'connect',
          }),
        ),
      );
      req.on('error', (error) => {
        if (error instanceof NgtError) reject(error);
        else
          reject(
            new NgtError(
              'PC_CONNECTION_LOST',
              t('cluster.errors.connectionLost', { endpoint: `${endpoint.host}:${endpoint.port}` }),
              {
                category: 'connect',
                detail: error.message,
              },
            ),
          );
      });
      req.end(body);
    });
}
