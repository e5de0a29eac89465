/**
 * Bad requests and bad messages against the real browser host over real HTTP
 * (raw bytes on a net.Socket where a client library would refuse to send them)
 * and a real WebSocket: each gets an error answer or a closed socket, and the
 * host keeps serving — checked by a valid request after every bad one.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type WebSocket from 'ws';
import { socketProtocols } from '../../main/ipc/sessionToken';
import {
  httpGet,
  nextReply,
  openSocket,
  rawRequest,
  type TestWebHost,
  startTestWebHost,
} from '../support/inProcessWebHost';

let t: TestWebHost;
const port = () => t.host.port;
const hostHeader = () => `127.0.0.1:${port()}`;
const origin = () => `http://127.0.0.1:${port()}`;

beforeAll(async () => {
  t = await startTestWebHost();
});
afterAll(async () => {
  await t.close();
});

/** A valid request after a bad one: the page is still served. */
async function stillServing(): Promise<void> {
  const page = await httpGet(port(), { path: '/', headers: { Host: hostHeader() } });
  expect(page.status).toBe(200);
  expect(page.body).toContain('<title>NGT Prep</title>');
}

async function authenticatedSocket(): Promise<WebSocket> {
  const { opened, ws } = await openSocket(port(), {
    protocols: socketProtocols(t.host.token),
    headers: { Origin: origin() },
  });
  expect(opened).toBe(true);
  return ws!;
}

/** A valid call on a fresh socket still answers: the host survived. */
async function stillAnswering(): Promise<void> {
  const ws = await authenticatedSocket();
  ws.send(JSON.stringify({ id: 7, channel: 'settings:get' }));
  const reply = await nextReply(ws);
  expect(reply.message).toMatchObject({ id: 7, result: { ok: true } });
  ws.close();
}

describe('bad HTTP request lines and paths', () => {
  const cases: [string, string, number][] = [
    ['a scheme-relative path with an impossible port', `GET //a:99999/ HTTP/1.1`, 404],
    ['an absolute-form target that is not a URL', `GET http://[ HTTP/1.1`, 400],
    ['an absolute-form target to another host', `GET http://evil.example/ HTTP/1.1`, 400],
    ['a truncated percent escape', `GET /%E0%A4%A HTTP/1.1`, 400],
    ['a lone percent sign', `GET /% HTTP/1.1`, 400],
    ['an asterisk target', `GET * HTTP/1.1`, 400],
    ['a NUL byte, percent-encoded', `GET /index.html%00.js HTTP/1.1`, 404],
  ];
  for (const [what, line, status] of cases) {
    it(`${what} (${line}) gets ${status} and the host keeps serving`, async () => {
      const answer = await rawRequest(port(), `${line}\r\nHost: ${hostHeader()}\r\nConnection: close\r\n\r\n`);
      expect(answer.status).toBe(status);
      await stillServing();
    });
  }

  it('a bad request line without a Host header is refused (400, by the Host rule of the Node HTTP server) before the URL is looked at', async () => {
    const answer = await rawRequest(port(), `GET http://[ HTTP/1.1\r\nConnection: close\r\n\r\n`);
    expect(answer.status).toBe(400);
    await stillServing();
  });

  it('never redirects off the host: /.//evil.com/?token=<valid> answers without a Location', async () => {
    const answer = await httpGet(port(), {
      path: `/.//evil.com/?token=${t.host.token}`,
      headers: { Host: hostHeader() },
    });
    expect(answer.headers.location).toBeUndefined();
    expect(answer.status).toBe(404);
    await stillServing();
  });
});

describe('malformed WebSocket upgrade requests', () => {
  const upgrade = (target: string, headers: string) =>
    `GET ${target} HTTP/1.1\r\n${headers}Connection: Upgrade\r\nUpgrade: websocket\r\n` +
    `Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n`;
  const cases: [string, () => string, number][] = [
    [
      'a scheme-relative target',
      () => upgrade('//a:99999/ws', `Host: ${hostHeader()}\r\nOrigin: ${origin()}\r\n`),
      404,
    ],
    [
      'an unparsable absolute-form target',
      () => upgrade('http://[', `Host: ${hostHeader()}\r\nOrigin: ${origin()}\r\n`),
      400,
    ],
    [
      'a truncated percent escape',
      () => upgrade('/ws%E0%A4%A', `Host: ${hostHeader()}\r\nOrigin: ${origin()}\r\n`),
      400,
    ],
    ['no Host header and an unparsable target', () => upgrade('http://[', `Origin: ${origin()}\r\n`), 403],
    ['a foreign Host and an unparsable target', () => upgrade('//a:99999/', `Host: evil.example\r\n`), 403],
    ['no Origin header', () => upgrade('/ws', `Host: ${hostHeader()}\r\n`), 403],
  ];
  for (const [what, bytes, status] of cases) {
    it(`${what} gets ${status} and the host keeps serving`, async () => {
      const answer = await rawRequest(port(), bytes());
      expect(answer.status).toBe(status);
      await stillServing();
    });
  }

  // With Host, Origin and token right, the handshake itself is malformed: `ws` refuses it (RFC 6455 §4.2.1).
  const authenticated = (extra: string) =>
    `GET /ws HTTP/1.1\r\nHost: ${hostHeader()}\r\nOrigin: ${origin()}\r\nConnection: Upgrade\r\n` +
    `Upgrade: websocket\r\nSec-WebSocket-Protocol: ${socketProtocols(t.host.token).join(', ')}\r\n${extra}\r\n`;
  const handshakes: [string, () => string, number][] = [
    [
      'WebSocket version 7',
      () => authenticated('Sec-WebSocket-Version: 7\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n'),
      400,
    ],
    ['no Sec-WebSocket-Key', () => authenticated('Sec-WebSocket-Version: 13\r\n'), 400],
    [
      'a Sec-WebSocket-Key that is not 16 bytes',
      () => authenticated('Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: short\r\n'),
      400,
    ],
  ];
  for (const [what, bytes, status] of handshakes) {
    it(`an authenticated upgrade with ${what} gets ${status} and the host keeps serving`, async () => {
      const answer = await rawRequest(port(), bytes());
      expect(answer.status).toBe(status);
      await stillServing();
    });
  }

  it('a client that resets the connection mid-upgrade does not take the host down', async () => {
    const { connect } = await import('node:net');
    await new Promise<void>((resolve) => {
      const socket = connect({ host: '127.0.0.1', port: port() }, () => {
        socket.write(upgrade('/ws', `Host: ${hostHeader()}\r\nOrigin: ${origin()}\r\n`).slice(0, -2));
        socket.resetAndDestroy();
        resolve();
      });
      socket.on('error', () => undefined);
    });
    await stillServing();
  });
});

describe('bad messages over an authenticated WebSocket', () => {
  const badMessages: [string, (ws: WebSocket) => void][] = [
    ['the JSON value null', (ws) => ws.send('null')],
    ['a JSON array', (ws) => ws.send('[1,2]')],
    ['a channel that is an object with a non-function toString', (ws) => ws.send('{"channel": {"toString": 1}}')],
    ['an id that is an object', (ws) => ws.send('{"id": {"valueOf": 1}, "channel": "settings:get"}')],
    ['text that is not JSON', (ws) => ws.send('{')],
    ['a binary frame', (ws) => ws.send(Buffer.from('{"id":1,"channel":"settings:get"}'), { binary: true })],
  ];
  for (const [what, send] of badMessages) {
    it(`${what} gets an enveloped error and the host keeps answering`, async () => {
      const ws = await authenticatedSocket();
      const reply = nextReply(ws);
      send(ws);
      expect((await reply).message).toMatchObject({
        id: null,
        result: { ok: false, error: { code: 'IPC_BAD_MESSAGE' } },
      });
      ws.close();
      await stillAnswering();
    });
  }

  it('a 10 MB frame closes that socket with 1009 (too big) and the host keeps answering', async () => {
    const ws = await authenticatedSocket();
    ws.on('error', () => undefined);
    const reply = nextReply(ws);
    ws.send('x'.repeat(10 * 1024 * 1024));
    expect((await reply).closed).toBe(1009);
    await stillAnswering();
  });

  it('a text frame that is not UTF-8 closes that socket with 1007 and the host keeps answering', async () => {
    const ws = await authenticatedSocket();
    ws.on('error', () => undefined);
    const reply = nextReply(ws);
    // `ws` does not validate what it sends: these bytes go out as a text frame.
    ws.send(Buffer.from([0x7b, 0xc3, 0x28, 0xff, 0x7d]), { binary: false });
    expect((await reply).closed).toBe(1007);
    await stillAnswering();
  });
});
