/** The browser host's guards, exercised for real over HTTP and WebSocket on loopback. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobEvent } from '../../main/engine/types';
import type { SequencedJobEvent } from '../../main/ipc/contract';
import { SOCKET_PROTOCOL, socketProtocols, TOKEN_PROTOCOL_PREFIX } from '../../main/ipc/sessionToken';
import { httpGet, nextReply, openSocket, startTestWebHost, type TestWebHost } from '../support/inProcessWebHost';

let t: TestWebHost;
const request = (options: Parameters<typeof httpGet>[1]) => httpGet(t.host.port, options);
const upgrade = (headers: Record<string, string>, protocols?: string[]) =>
  openSocket(t.host.port, { headers, protocols });

beforeAll(async () => {
  t = await startTestWebHost();
});

afterAll(async () => {
  await t.close();
});

describe('browser host guards', () => {
  const good = () => ({ Host: `127.0.0.1:${t.host.port}` });

  it('prints a loopback URL that carries a random token in its fragment, never in the path or query', () => {
    expect(t.host.url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${t.host.port}/#token=[A-Za-z0-9_-]{32}$`));
    expect(new URL(t.host.url).search).toBe('');
  });

  it('serves the static page without the token, with a nonce CSP, and never sets a cookie', async () => {
    const page = await request({ path: '/', headers: good() });
    expect(page.status).toBe(200);
    expect(page.body).toContain('<title>NGT Prep</title>');
    expect(page.headers['set-cookie']).toBeUndefined();
    const csp = String(page.headers['content-security-policy']);
    const nonce = /script-src 'nonce-([^']+)' 'strict-dynamic'/.exec(csp)?.[1];
    expect(nonce).toMatch(/^[A-Za-z0-9+/=]{24}$/);
    expect(csp).not.toContain('unsafe-inline');
    expect(page.headers['x-frame-options']).toBe('DENY');
    // The old query-string hand-over is gone: no redirect, no cookie, the token in a query grants nothing.
    const old = await request({ path: `/?token=${t.host.token}`, headers: good() });
    expect(old.status).toBe(200);
    expect(old.headers.location).toBeUndefined();
    expect(old.headers['set-cookie']).toBeUndefined();
  });

  it('refuses a foreign Host header even with the right token (DNS rebinding)', async () => {
    const r = await request({ path: '/', headers: { Host: `evil.example:${t.host.port}` } });
    expect(r.status).toBe(403);
    const r2 = await request({ path: '/', headers: { Host: 'attacker.test' } });
    expect(r2.status).toBe(403);
  });

  it('never serves files outside the renderer folder, and only GET/HEAD', async () => {
    const auth = good();
    expect((await request({ path: '/../secret.txt', headers: auth })).status).toBe(404);
    expect((await request({ path: '/%2e%2e/secret.txt', headers: auth })).status).toBe(404);
    expect((await request({ path: '/', method: 'POST', headers: auth })).status).toBe(405);
  });

  it('refuses WebSocket upgrades from another Origin, without the token, or with a foreign Host', async () => {
    const protocols = socketProtocols(t.host.token);
    const origin = `http://127.0.0.1:${t.host.port}`;
    expect(await upgrade({ Origin: 'http://evil.example' }, protocols)).toMatchObject({ opened: false, status: 403 });
    // Another loopback port is another origin.
    expect(await upgrade({ Origin: `http://127.0.0.1:${t.host.port + 1}` }, protocols)).toMatchObject({
      opened: false,
      status: 403,
    });
    expect(await upgrade({ Origin: origin })).toMatchObject({ opened: false, status: 401 });
    expect(await upgrade({ Origin: origin }, [SOCKET_PROTOCOL])).toMatchObject({ opened: false, status: 401 });
    expect(await upgrade({ Origin: origin }, [SOCKET_PROTOCOL, `${TOKEN_PROTOCOL_PREFIX}wrong`])).toMatchObject({
      opened: false,
      status: 401,
    });
    // Two tokens offered (one right, one wrong): refused rather than guessed.
    expect(
      await upgrade({ Origin: origin }, [...protocols, `${TOKEN_PROTOCOL_PREFIX}${'x'.repeat(32)}`]),
    ).toMatchObject({ opened: false, status: 401 });
    expect(await upgrade({ Origin: origin, Host: 'evil.example' }, protocols)).toMatchObject({
      opened: false,
      status: 403,
    });
    // The token where the old design accepted it (a cookie) or in the query string opens nothing.
    expect(await upgrade({ Origin: origin, Cookie: `ngt_prep_token=${t.host.token}` })).toMatchObject({
      opened: false,
      status: 401,
    });
  });

  it('a non-browser client with a forged Origin and no token cannot call settings:get', async () => {
    const forged = await upgrade({ Origin: `http://127.0.0.1:${t.host.port}`, Host: `127.0.0.1:${t.host.port}` });
    expect(forged).toMatchObject({ opened: false, status: 401 });
  });

  it('answers with the plain sub-protocol name, never echoing the token', async () => {
    const { opened, ws } = await upgrade({ Origin: `http://127.0.0.1:${t.host.port}` }, socketProtocols(t.host.token));
    expect(opened).toBe(true);
    expect(ws!.protocol).toBe(SOCKET_PROTOCOL);
    ws!.send(JSON.stringify({ id: 3, channel: 'settings:get' }));
    expect((await nextReply(ws!)).message).toMatchObject({ id: 3, result: { ok: true } });
    ws!.close();
  });

  it('speaks the IPC contract over an authenticated socket and streams job events', async () => {
    const { opened, ws } = await upgrade(
      { Origin: `http://localhost:${t.host.port}`, Host: `localhost:${t.host.port}` },
      socketProtocols(t.host.token),
    );
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
    // one step-finished event per step of the doctor job's report
    const finishedEvent = messages.find((m) => m.payload?.type === 'job-finished')!.payload!;
    const steps = finishedEvent.type === 'job-finished' ? finishedEvent.report.steps : [];
    expect(steps.length).toBeGreaterThan(0);
    expect(types.filter((x) => x === 'step-finished')).toHaveLength(steps.length);
    ws!.close();
  });
  it("hands a job list and a job's history over the socket, numbered as the streamed events", async () => {
    const { ws } = await upgrade(
      { Origin: `http://127.0.0.1:${t.host.port}`, Host: `127.0.0.1:${t.host.port}` },
      socketProtocols(t.host.token),
    );
    const events: SequencedJobEvent[] = [];
    const replies = new Map<number, { ok: boolean; value?: unknown }>();
    let jobId = '';
    let notify = () => {};
    ws!.on('message', (raw) => {
      const m = JSON.parse(raw.toString());
      if (m.event === 'job:event') events.push(m.payload);
      else replies.set(m.id, m.result);
      notify();
    });
    const until = (done: () => boolean) =>
      new Promise<void>((resolve) => {
        notify = () => done() && resolve();
        notify();
      });
    ws!.send(JSON.stringify({ id: 1, channel: 'job:start', payload: { kind: 'doctor', params: {} } }));
    await until(() => replies.has(1));
    jobId = (replies.get(1)!.value as { jobId: string }).jobId;
    await until(() => events.some((e) => e.jobId === jobId && e.type === 'job-finished'));
    ws!.send(JSON.stringify({ id: 2, channel: 'job:list', payload: {} }));
    ws!.send(JSON.stringify({ id: 3, channel: 'job:attach', payload: { jobId } }));
    await until(() => replies.has(2) && replies.has(3));
    const listed = replies.get(2)!.value as { jobs: { jobId: string; kind: string; state: string }[] };
    expect(listed.jobs[0]).toMatchObject({ jobId, kind: 'doctor', state: 'finished' });
    const attached = replies.get(3)!.value as { events: SequencedJobEvent[]; lastSeq: number };
    const mine = events.filter((e) => e.jobId === jobId);
    expect(attached.events).toEqual(mine);
    expect(attached.lastSeq).toBe(mine.length);
    ws!.close();
  });
});
