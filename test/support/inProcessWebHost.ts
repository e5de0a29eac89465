/**
 * The real browser host (server, dispatcher, app service) started in this
 * process on a free loopback port, with a throw-away renderer folder and data
 * folder, plus clients that speak to it the way a browser, curl or a hostile
 * script would: Node's HTTP client, raw bytes over net.Socket, and `ws`.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import { AppService } from '../../main/app/appService';
import { SettingsStore } from '../../main/app/settingsStore';
import { createDispatcher } from '../../main/ipc/dispatcher';
import { nodeEnvironment, nodePorts } from '../../main/platform/nodePorts';
import { startWebHost, type WebHost } from '../../main/webhost/server';

export interface TestWebHost {
  host: WebHost;
  work: string;
  close(): Promise<void>;
}

export async function startTestWebHost(): Promise<TestWebHost> {
  const work = mkdtempSync(path.join(tmpdir(), 'ngtp-web-'));
  const rendererDir = path.join(work, 'renderer');
  mkdirSync(rendererDir);
  writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>NGT Prep</title>');
  writeFileSync(path.join(work, 'secret.txt'), 'outside the renderer');
  const ports = nodePorts({ environment: nodeEnvironment({ appDataDir: path.join(work, 'data') }) });
  let host: WebHost | undefined;
  const service = new AppService({
    ports,
    settings: new SettingsStore(path.join(work, 'data'), ports.fs),
    host: 'web',
    systemLocale: 'en-US',
    broadcast: (event) => host?.broadcast(event),
  });
  host = await startWebHost({ rendererDir, dispatch: createDispatcher(service.handlers()) });
  const started = host;
  return {
    host: started,
    work,
    close: async () => {
      await started.close();
      rmSync(work, { recursive: true, force: true });
    },
  };
}

export interface HttpAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export function httpGet(
  port: number,
  options: { path: string; headers?: Record<string, string>; method?: string },
): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port, path: options.path, method: options.method ?? 'GET', headers: options.headers },
      (res) => {
        let body = '';
        res.on('data', (c) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

/**
 * Writes `bytes` as they are (no client-side URL parsing or header checks) and
 * reads until the server closes the connection. Returns the status code of the
 * first response line, or 0 when the server closed without answering.
 */
export function rawRequest(port: number, bytes: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    let text = '';
    socket.setEncoding('latin1');
    socket.on('connect', () => socket.write(bytes, 'latin1'));
    socket.on('data', (c: string) => (text += c));
    socket.on('error', reject);
    socket.on('close', () => resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0), text }));
  });
}

export function openSocket(
  port: number,
  options: { protocols?: string[]; headers?: Record<string, string> },
): Promise<{ opened: boolean; status?: number; ws?: WebSocket }> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/ws`, options.protocols ?? [], { headers: options.headers });
    ws.on('open', () => resolve({ opened: true, ws }));
    ws.on('unexpected-response', (_req, res) => resolve({ opened: false, status: res.statusCode }));
    ws.on('error', () => resolve({ opened: false }));
  });
}

/** The next message on `ws` parsed as JSON, or `{ closed: code }` when the server closes it first. */
export function nextReply(ws: WebSocket): Promise<{ closed?: number; message?: Record<string, unknown> }> {
  return new Promise((resolve) => {
    const onMessage = (raw: WebSocket.RawData) => {
      ws.off('close', onClose);
      resolve({ message: JSON.parse(raw.toString()) as Record<string, unknown> });
    };
    const onClose = (code: number) => {
      ws.off('message', onMessage);
      resolve({ closed: code });
    };
    ws.once('message', onMessage);
    ws.once('close', onClose);
  });
}
