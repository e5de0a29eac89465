/**
 * The browser host: the same renderer and the same engine, for headless jump
 * hosts and end-to-end tests. Loopback only, a random per-start token,
 * Host-header and Origin checks against DNS rebinding and cross-site sockets.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import type { JobEvent } from '../engine/types';
import type { Dispatch } from '../ipc/dispatcher';
import { contentSecurityPolicy, newNonce, renderIndexHtml } from '../platform/rendererPage';

export const TOKEN_COOKIE = 'ngt_prep_token';
export const TOKEN_HEADER = 'x-ngt-prep-token';
export const SOCKET_PATH = '/ws';
const MAX_MESSAGE_BYTES = 1024 * 1024;

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
};

export interface WebHostOptions {
  port?: number;
  rendererDir: string;
  dispatch: Dispatch;
  token?: string;
}

export interface WebHost {
  url: string;
  port: number;
  token: string;
  broadcast(event: JobEvent): void;
  close(): Promise<void>;
}

function sameToken(expected: string, given: string | undefined): boolean {
  if (!given) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return v.join('=');
  }
  return undefined;
}

export function allowedHosts(port: number): string[] {
  return [`127.0.0.1:${port}`, `localhost:${port}`];
}

export function allowedOrigins(port: number): string[] {
  return allowedHosts(port).map((h) => `http://${h}`);
}

export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  const rendererDir = path.resolve(options.rendererDir);
  const sockets = new Set<WebSocket>();
  let port = 0;

  const securityHeaders = (res: http.ServerResponse, nonce = newNonce()) => {
    res.setHeader('Content-Security-Policy', contentSecurityPolicy(nonce));
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.setHeader('X-Frame-Options', 'DENY');
    res.setHeader('Cache-Control', 'no-store');
  };

  const refuse = (res: http.ServerResponse, status: 401 | 403 | 404 | 405, text: string) => {
    securityHeaders(res);
    res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' });
    res.end(text + '\n');
  };

  const isAuthenticated = (req: http.IncomingMessage) =>
    sameToken(token, cookieValue(req.headers.cookie, TOKEN_COOKIE)) ||
    sameToken(token, req.headers[TOKEN_HEADER] as string | undefined);

  const server = http.createServer(async (req, res) => {
    if (!allowedHosts(port).includes(req.headers.host ?? '')) {
      refuse(res, 403, 'Forbidden: NGT Prep answers only to 127.0.0.1 / localhost.');
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      refuse(res, 405, 'Method not allowed.');
      return;
    }
    const url = new URL(req.url ?? '/', `http://${req.headers.host}`);
    const given = url.searchParams.get('token');
    if (given !== null) {
      if (!sameToken(token, given)) {
        refuse(res, 401, 'Unauthorised: the access token is wrong. Open the URL NGT Prep printed when it started.');
        return;
      }
      url.searchParams.delete('token');
      securityHeaders(res);
      res.writeHead(302, {
        'Set-Cookie': `${TOKEN_COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`,
        Location: url.pathname + (url.search || ''),
      });
      res.end();
      return;
    }
    if (!isAuthenticated(req)) {
      refuse(res, 401, 'Unauthorised: open the URL NGT Prep printed when it started (it carries the access token).');
      return;
    }
    const relative = decodeURIComponent(url.pathname === '/' ? '/index.html' : url.pathname);
    const file = path.resolve(rendererDir, '.' + relative);
    if (!file.startsWith(rendererDir + path.sep)) {
      refuse(res, 404, 'Not found.');
      return;
    }
    try {
      const info = await stat(file);
      if (!info.isFile()) throw new Error('not a file');
      if (path.basename(file) === 'index.html') {
        const nonce = newNonce();
        const body = renderIndexHtml(await readFile(file, 'utf8'), nonce);
        securityHeaders(res, nonce);
        res.writeHead(200, { 'Content-Type': CONTENT_TYPES['.html'], 'Content-Length': Buffer.byteLength(body) });
        res.end(req.method === 'HEAD' ? undefined : body);
        return;
      }
      securityHeaders(res);
      res.writeHead(200, {
        'Content-Type': CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream',
        'Content-Length': info.size,
      });
      if (req.method === 'HEAD') res.end();
      else createReadStream(file).pipe(res);
    } catch {
      refuse(res, 404, 'Not found.');
    }
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  server.on('upgrade', (req, socket, head) => {
    const reject = (status: number, text: string) => {
      socket.write(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      socket.destroy();
    };
    const url = new URL(req.url ?? '/', 'http://placeholder');
    if (url.pathname !== SOCKET_PATH) return reject(404, 'Not Found');
    if (!allowedHosts(port).includes(req.headers.host ?? '')) return reject(403, 'Forbidden');
    if (!allowedOrigins(port).includes(req.headers.origin ?? '')) return reject(403, 'Forbidden');
    if (!isAuthenticated(req)) return reject(401, 'Unauthorized');
    wss.handleUpgrade(req, socket, head, (ws) => {
      sockets.add(ws);
      ws.on('close', () => sockets.delete(ws));
      ws.on('message', async (raw) => {
        let message: { id?: unknown; channel?: unknown; payload?: unknown };
        try {
          message = JSON.parse(raw.toString());
        } catch {
          ws.send(
            JSON.stringify({
              id: null,
              result: { ok: false, error: { code: 'IPC_BAD_MESSAGE', message: 'Not JSON.' } },
            }),
          );
          return;
        }
        const id = typeof message.id === 'number' || typeof message.id === 'string' ? message.id : null;
        const result = await options.dispatch(String(message.channel), message.payload, {
          trusted: true,
          description: 'authenticated browser session',
        });
        if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ id, result }));
      });
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    token,
    broadcast(event) {
      const text = JSON.stringify({ event: 'job:event', payload: event });
      for (const ws of sockets) if (ws.readyState === ws.OPEN) ws.send(text);
    },
    async close() {
      for (const ws of sockets) ws.terminate();
      wss.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
