/** The browser host's guards, exercised for real over HTTP and WebSocket on loopback. */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import * as http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { AppService } from '../../main/app/appService';
import { SettingsStore } from '../../main/app/settingsStore';
import type { JobEvent } from '../../main/engine/types';
import { createDispatcher } from '../../main/ipc/dispatcher';
import { nodeEnvironment, nodePorts } from '../../main/platform/nodePorts';
import { startWebHost, TOKEN_COOKIE, type WebHost } from '../../main/webhost/server';

const work = mkdtempSync(path.join(tmpdir(), 'ngtp-web-'));
let host: WebHost;

function request(options: {
  path: string;
  headers?: Record<string, string>;
  method?: string;
}): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port: host.port,
        path: options.path,
        method: options.method ?? 'GET',
        headers: options.headers,
      },
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

function upgrade(headers: Record<string, string>): Promise<{ opened: boolean; status?: number; ws?: WebSocket }> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`ws://127.0.0.1:${host.port}/ws`, { headers });
    ws.on('open', () => resolve({ opened: true, ws }));
    ws.on('unexpected-response', (_req, res) => resolve({ opened: false, status: res.statusCode }));
    ws.on('error', () => resolve({ opened: false }));
  });
}

beforeAll(async () => {
  const rendererDir = path.join(work, 'renderer');
  mkdirSync(rendererDir);
  writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>NGT Prep</title>');
  writeFileSync(path.join(work, 'secret.txt'), 'outside the renderer');
  const ports = nodePorts({ environment: nodeEnvironment({ appDataDir: path.join(work, 'data') }) });
  const service = new AppService({
    ports,
    settings: new SettingsStore(path.join(work, 'data'), ports.fs),
    host: 'web',
    systemLocale: 'en-US',
    broadcast: (event: JobEvent) => host.broadcast(event),
  });
  host = await startWebHost({ rendererDir, dispatch: createDispatcher(service.handlers()) });
});

afterAll(async () => {
  await host.close();
  rmSync(work, { recursive: true, force: true });
});

describe('browser host guards', () => {
  const good = () => ({ Host: `127.0.0.1:${host.port}` });

  it('prints a loopback URL that carries a random token', () => {
    expect(host.url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${host.port}/\\?token=[A-Za-z0-9_-]{32}$`));
  });

  it('refuses requests without the token (401) and with a wrong token (401)', async () => {
    expect((await request({ path: '/', headers: good() })).status).toBe(401);
    expect((await request({ path: '/?token=wrong', headers: good() })).status).toBe(401);
    expect((await request({ path: '/', headers: { ...good(), Cookie: `${TOKEN_COOKIE}=nope` } })).status).toBe(401);
  });

  it('exchanges the URL token for an HttpOnly SameSite cookie, then serves the page with a CSP', async () => {
    const first = await request({ path: `/?token=${host.token}`, headers: good() });
    expect(first.status).toBe(302);
    expect(first.headers.location).toBe('/');
    expect(first.headers['set-cookie']?.[0]).toMatch(
      new RegExp(`^${TOKEN_COOKIE}=${host.token}; HttpOnly; SameSite=Strict`),
    );
    const page = await request({ path: '/', headers: { ...good(), Cookie: `${TOKEN_COOKIE}=${host.token}` } });
    expect(page.status).toBe(200);
    expect(page.body).toContain('<title>NGT Prep</title>');
    const csp = String(page.headers['content-security-policy']);
    const nonce = /script-src 'nonce-([^']+)' 'strict-dynamic'/.exec(csp)?.[1];
    expect(nonce).toMatch(/^[A-Za-z0-9+/=]{24}$/);
    expect(csp).not.toContain('unsafe-inline');
    expect(page.headers['x-frame-options']).toBe('DENY');
  });

  it('refuses a foreign Host header even with the right token (DNS rebinding)', async () => {
    const r = await request({ path: `/?token=${host.token}`, headers: { Host: `evil.example:${host.port}` } });
    expect(r.status).toBe(403);
    const r2 = await request({
      path: '/',
      headers: { Host: 'attacker.test', Cookie: `${TOKEN_COOKIE}=${host.token}` },
    });
    expect(r2.status).toBe(403);
  });

  it('never serves files outside the renderer folder, and only GET/HEAD', async () => {
    const auth = { ...good(), Cookie: `${TOKEN_COOKIE}=${host.token}` };
    expect((await request({ path: '/../secret.txt', headers: auth })).status).toBe(404);
    expect((await request({ path: '/%2e%2e/secret.txt', headers: auth })).status).toBe(404);
    expect((await request({ path: '/', method: 'POST', headers: auth })).status).toBe(405);
  });

  it('refuses WebSocket upgrades from another Origin, without the token, or with a foreign Host', async () => {
    const cookie = `${TOKEN_COOKIE}=${host.token}`;
    const origin = `http://127.0.0.1:${host.port}`;
    expect(await upgrade({ Origin: 'http://evil.example', Cookie: cookie })).toMatchObject({
      opened: false,
      status: 403,
    });
    expect(await upgrade({ Origin: origin })).toMatchObject({ opened: false, status: 401 });
    expect(await upgrade({ Origin: origin, Cookie: cookie, Host: 'evil.example' })).toMatchObject({
      opened: false,
      status: 403,
    });
  });

  it('speaks the IPC contract over an authenticated socket and streams job events', async () => {
    const { opened, ws } = await upgrade({
      Origin: `http://localhost:${host.port}`,
      Cookie: `${TOKEN_COOKIE}=${host.token}`,
    });
    expect(opened).toBe(true);
    const messages: {
      id?: number;
      result?: { ok: boolean; value?: { jobId: string }; error?: { code: string } };
      event?: string;
      payload?: JobEvent;
    }[] = [];
    const finished = new Promise<void>((resolve) =>
      ws!.on('message', (raw) => {
        const m = JSON.parse(raw.toString());
        messages.push(m);
        if (m.event === 'job:event' && m.payload.type === 'job-finished') resolve();
      }),
    );
    ws!.send(JSON.stringify({ id: 1, channel: 'job:start', payload: { kind: 'doctor', params: {} } }));
    ws!.send(JSON.stringify({ id: 2, channel: 'job:start', payload: { kind: 'nope' } }));
    await finished;
    const reply = messages.find((m) => m.id === 1)!;
    expect(reply.result?.ok).toBe(true);
    expect(messages.find((m) => m.id === 2)?.result).toMatchObject({
      ok: false,
      error: { code: 'IPC_INVALID_PAYLOAD' },
    });
    const types = messages.filter((m) => m.event).map((m) => m.payload!.type);
    expect(types[0]).toBe('job-started');
    expect(types.filter((x) => x === 'step-finished')).toHaveLength(6);
    ws!.close();
  });
});
