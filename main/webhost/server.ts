/**
 * The browser host: the same renderer and the same engine, for headless jump
 * hosts and end-to-end tests. Loopback only, Host-header and Origin checks
 * against DNS rebinding and cross-site sockets, and a random per-start token
 * that opens the WebSocket (how it travels: ./sessionToken.ts).
 *
 * The static files (index.html, scripts, styles) are served without the
 * token: they are the public build output and hold no secret. Requiring the
 * token for them would need a credential the browser attaches to every
 * sub-resource load by itself — a cookie — and cookies are not isolated by
 * port, so any other server on 127.0.0.1 would receive it. Everything a
 * session can do goes through the socket, and the socket needs the token.
 *
 * No request and no message may end the process: every path answers an
 * error status or an error envelope, or closes that one socket.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream } from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import * as path from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import type { IpcResult, SequencedJobEvent } from '../ipc/contract';
import { JOB_EVENT_CHANNEL } from '../ipc/channels';
import type { Dispatch } from '../ipc/dispatcher';
import { answerRendererPath, HTML_CONTENT_TYPE, rendererSecurityHeaders } from '../platform/rendererFiles';
import { requestPath, requestPathname } from './requestTarget';
import { sessionUrl, SOCKET_PATH, SOCKET_PROTOCOL, tokenFromProtocolHeader } from '../ipc/sessionToken';
import { parseSocketMessage } from './socketMessage';

const MAX_MESSAGE_BYTES = 1024 * 1024;

const CONTENT_TYPES: Record<string, string> = {
  '.html': HTML_CONTENT_TYPE,
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
  broadcast(event: SequencedJobEvent): void;
  close(): Promise<void>;
}

function sameToken(expected: string, given: string | undefined): boolean {
  if (!given) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
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

  const refuse = (res: http.ServerResponse, status: 400 | 403 | 404 | 405 | 500, text: string) => {
    res.writeHead(status, { ...rendererSecurityHeaders(), 'Content-Type': 'text/plain; charset=utf-8' });
    res.end(text + '\n');
  };

  const serve = async (req: http.IncomingMessage, res: http.ServerResponse) => {
    if (!allowedHosts(port).includes(req.headers.host ?? '')) {
      refuse(res, 403, 'Forbidden: NGT Prep answers only to 127.0.0.1 / localhost.');
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      refuse(res, 405, 'Method not allowed.');
      return;
    }
    const requested = requestPathname(req.url);
    if (requested === null) {
      refuse(res, 400, 'Bad request: the path is not a valid URL path.');
      return;
    }
    // No redirects at all: nothing here can send a browser to another host.
    const answer = await answerRendererPath(requested, rendererDir);
    if (answer.kind === 'refusal') {
      if (answer.status === 400) refuse(res, 400, 'Bad request: the path is not a valid URL path.');
      else refuse(res, 404, 'Not found.');
      return;
    }
    if (answer.kind === 'index') {
      res.writeHead(200, { ...answer.headers, 'Content-Length': Buffer.byteLength(answer.body) });
      res.end(req.method === 'HEAD' ? undefined : answer.body);
      return;
    }
    res.writeHead(200, {
      ...answer.headers,
      'Content-Type': CONTENT_TYPES[path.extname(answer.file)] ?? 'application/octet-stream',
      'Content-Length': answer.size,
    });
    if (req.method === 'HEAD') res.end();
    else
      createReadStream(answer.file)
        .on('error', () => res.destroy())
        .pipe(res);
  };

  const server = http.createServer((req, res) => {
    serve(req, res).catch(() => {
      if (res.headersSent) res.destroy();
      else refuse(res, 500, 'Internal error.');
    });
  });

  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_MESSAGE_BYTES,
    // The token was checked before the upgrade; the server answers with the plain protocol name, never the token.
    handleProtocols: (offered) => (offered.has(SOCKET_PROTOCOL) ? SOCKET_PROTOCOL : false),
  });

  const answer = async (ws: WebSocket, data: Buffer | ArrayBuffer | Buffer[], isBinary: boolean) => {
    const message = parseSocketMessage(data, isBinary);
    const result: IpcResult<unknown> = message.ok
      ? await options
          .dispatch(message.channel, message.payload, { trusted: true, description: 'authenticated browser session' })
          .catch(() => ({ ok: false, error: { code: 'IPC_INTERNAL', message: 'The request failed inside NGT Prep.' } }))
      : message.result;
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ id: message.id, result }));
  };

  const upgrade = (req: http.IncomingMessage, socket: Duplex, head: Buffer) => {
    // A client may reset at any moment; an unhandled socket 'error' would end the process.
    socket.on('error', () => socket.destroy());
    const reject = (status: number, text: string) => {
      socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    };
    // Host first, before anything of the request is parsed (DNS rebinding).
    if (!allowedHosts(port).includes(req.headers.host ?? '')) return reject(403, 'Forbidden');
    const requested = requestPath(req.url);
    if (requested === null) return reject(400, 'Bad Request');
    if (requested !== SOCKET_PATH) return reject(404, 'Not Found');
    if (!allowedOrigins(port).includes(req.headers.origin ?? '')) return reject(403, 'Forbidden');
    if (!sameToken(token, tokenFromProtocolHeader(req.headers['sec-websocket-protocol']))) {
      return reject(401, 'Unauthorized');
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      sockets.add(ws);
      // Too-big frames (1009) and invalid UTF-8 (1007): `ws` closes that socket itself; only this listener keeps the host up.
      ws.on('error', () => ws.terminate());
      ws.on('close', () => sockets.delete(ws));
      ws.on('message', (data, isBinary) => void answer(ws, data, isBinary));
    });
  };
  server.on('upgrade', (req: http.IncomingMessage, socket: Duplex, head: Buffer) => {
    try {
      upgrade(req, socket, head);
    } catch {
      socket.destroy();
    }
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;

  return {
    url: sessionUrl(`http://127.0.0.1:${port}`, token),
    port,
    token,
    broadcast(event) {
      const text = JSON.stringify({ event: JOB_EVENT_CHANNEL, payload: event });
      for (const ws of sockets) if (ws.readyState === ws.OPEN) ws.send(text);
    },
    async close() {
      for (const ws of sockets) ws.terminate();
      wss.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
