/**
 * The browser host against another web page on the same machine, in real
 * Chromium: a second HTTP listener on another 127.0.0.1 port (what another
 * user's or a hostile local service's page is) must not obtain anything that
 * opens the session's socket or calls settings:get, and its requests — the
 * crashing ones included — must not take the host down.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import WebSocket from 'ws';
import type { ProcessRunner } from '../../main/engine/ports';
import { openInBrowser } from '../../main/platform/openInBrowser';
import { SOCKET_PROTOCOL } from '../../main/ipc/sessionToken';
import { expect, launchWebHost, test } from './webHostFixture';

interface OtherPort {
  origin: string;
  /** Every request the browser sent to the other port, with its headers. */
  seen: http.IncomingHttpHeaders[];
  close(): Promise<void>;
}

/** A plain loopback server on a free port serving one page (no CSP: an attacker's page has none). */
async function otherLoopbackListener(html: (hostPort: number) => string, hostPort: number): Promise<OtherPort> {
  const seen: http.IncomingHttpHeaders[] = [];
  const server = http.createServer((req, res) => {
    seen.push(req.headers);
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end(html(hostPort));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

const attackerPage = (hostPort: number) => `<!doctype html><title>another port</title>
<img id="crash1" src="http://127.0.0.1:${hostPort}//a:99999/">
<img id="crash2" src="http://127.0.0.1:${hostPort}/%E0%A4%A">
<img id="crash3" src="http://127.0.0.1:${hostPort}/.//evil.com/">
<script>
  window.loot = (async () => {
    const tryOpen = (protocols) => new Promise((resolve) => {
      const ws = new WebSocket('ws://127.0.0.1:${hostPort}/ws', protocols);
      ws.onopen = () => { ws.send(JSON.stringify({ id: 1, channel: 'settings:get' })); };
      ws.onmessage = (m) => resolve('answered: ' + m.data);
      ws.onerror = () => resolve('refused');
    });
    return {
      cookie: document.cookie,
      session: JSON.stringify(Object.assign({}, sessionStorage)),
      local: JSON.stringify(Object.assign({}, localStorage)),
      plain: await tryOpen(['${SOCKET_PROTOCOL}']),
      noProtocol: await tryOpen([]),
    };
  })();
</script>`;

test('a page on another loopback port gets no credential, cannot use the socket, and cannot crash the host', async ({
  page,
  context,
}) => {
  const host = await launchWebHost();
  const other = await otherLoopbackListener(attackerPage, host.info.port);
  try {
    // The user opens the printed URL: the app connects and works.
    await page.goto(host.info.url);
    await expect(page.getByRole('heading', { name: 'What do you want to prepare?' })).toBeVisible();
    await expect(page).toHaveURL(`${host.info.origin}/`);
    expect(await page.evaluate(() => sessionStorage.getItem('ngt-prep.token'))).toBe(host.info.token);
    // Nothing the browser keeps per host (cookies are shared across ports) holds the token.
    expect(await context.cookies()).toEqual([]);

    // Same browser, same tab, another port on 127.0.0.1.
    await page.goto(`${other.origin}/`);
    const loot = await page.evaluate(() => (window as unknown as { loot: Promise<Record<string, string>> }).loot);
    expect(loot).toEqual({ cookie: '', session: '{}', local: '{}', plain: 'refused', noProtocol: 'refused' });
    for (const headers of other.seen) expect(JSON.stringify(headers)).not.toContain(host.info.token);
    // Its images asked the host for //a:99999/, /%E0%A4%A and /.//evil.com/: each finished as a failed image.
    await page.waitForFunction(() =>
      ['crash1', 'crash2', 'crash3'].every((id) => (document.getElementById(id) as HTMLImageElement).complete),
    );
    expect(
      await page.evaluate(() =>
        ['crash1', 'crash2', 'crash3'].map((id) => (document.getElementById(id) as HTMLImageElement).naturalWidth),
      ),
    ).toEqual([0, 0, 0]);

    // A non-browser client with everything the browser holds for 127.0.0.1 and a forged Origin: refused.
    const cookieHeader = (await context.cookies(`${host.info.origin}/`)).map((c) => `${c.name}=${c.value}`).join('; ');
    const forged = await new Promise<number | 'opened'>((resolve) => {
      const ws = new WebSocket(`ws://127.0.0.1:${host.info.port}/ws`, [SOCKET_PROTOCOL], {
        headers: { Origin: host.info.origin, ...(cookieHeader ? { Cookie: cookieHeader } : {}) },
      });
      ws.on('open', () => resolve('opened'));
      ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      ws.on('error', () => resolve(0));
    });
    expect(forged).toBe(401);

    // The host is still up, and the user's tab (back on its own origin) still has its session.
    expect(host.child.exitCode).toBeNull();
    await page.goto(`${host.info.origin}/`);
    await expect(page.getByRole('heading', { name: 'What do you want to prepare?' })).toBeVisible();
    await page.getByTestId('target-doctor').getByRole('button').click();
    await page.getByRole('button', { name: 'Run the check' }).click();
    await expect(page.getByTestId('job-result')).toBeVisible();
  } finally {
    await other.close();
    await host.stop();
  }
});

test('the launcher page the host hands to the desktop opener leads the browser into a working session', async ({
  page,
}) => {
  const host = await launchWebHost();
  const launched: string[] = [];
  const runner: ProcessRunner = {
    which: async (command) => `/usr/bin/${command}`,
    run: async (_command, args) => {
      launched.push(...args);
      return { code: 0, signal: null, stdout: '', stderr: '', timedOut: false };
    },
  };
  const opened = await openInBrowser(host.info.url, runner, 'darwin');
  try {
    expect(launched).toHaveLength(1);
    expect(launched[0]).not.toContain(host.info.token);
    await page.goto(pathToFileURL(launched[0]!).href);
    await expect(page.getByRole('heading', { name: 'What do you want to prepare?' })).toBeVisible();
    await expect(page).toHaveURL(`${host.info.origin}/`);
  } finally {
    await opened.cleanup();
    await host.stop();
  }
});
