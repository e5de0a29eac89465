/**
 * The real built Electron shell (dist/main/electron.js, from
 * `node scripts/build.mjs`) under Node, with the documented stand-in for the
 * `electron` module (test/support/electronStandIn, which names the Electron
 * API pages it follows). This runs everywhere, without the Electron binary;
 * test/e2e-electron drives the real window where the binary exists.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi, type MockInstance } from 'vitest';
import { invokeSchemas } from '../../../main/ipc/contract';
import { createElectronStandIn, type ElectronStandIn } from '../../support/electronStandIn';
import { loadMainProcess } from '../../support/electronStandIn/loadMainProcess';

const BUNDLE = path.resolve('dist/main/electron.js');

let standIn: ElectronStandIn;
let loaded: { unload(): void };
let userData: string;
let window: Awaited<ReturnType<ElectronStandIn['control']['nextWindow']>>;
let warnings: MockInstance<typeof console.warn>;
const DAMAGED_SETTINGS = '{"lang": "ja", "recentHo';

beforeAll(async () => {
  userData = mkdtempSync(path.join(tmpdir(), 'ngtp-electron-shell-'));
  writeFileSync(path.join(userData, 'settings.json'), DAMAGED_SETTINGS);
  warnings = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
  standIn = createElectronStandIn({ userDataDir: userData, locale: 'fr-FR' });
  loaded = loadMainProcess(BUNDLE, standIn);
  standIn.control.ready();
  window = await standIn.control.nextWindow();
  await window.webContents.loads[0].done;
});

afterAll(() => {
  warnings?.mockRestore();
  loaded?.unload();
  if (userData) rmSync(userData, { recursive: true, force: true });
});

describe('the Electron shell, loaded from dist/main/electron.js', () => {
  it('registers app:// as a privileged standard scheme before ready, and handles it after', () => {
    expect(standIn.control.privilegedSchemes()).toEqual([
      { scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true }) },
    ]);
    expect(standIn.control.handledSchemes()).toEqual(['app']);
  });

  it("serves the window's first URL: 200, HTML, a CSP whose nonce is the page's", async () => {
    expect(window.webContents.loads).toHaveLength(1);
    const first = window.webContents.loads[0];
    expect(first.url).toBe('app://ngt-prep/index.html');
    expect(first.error).toBeUndefined();
    const response = first.response!;
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    const csp = response.headers.get('content-security-policy') ?? '';
    const nonce = /script-src 'nonce-([A-Za-z0-9+/=]+)'/.exec(csp)?.[1];
    expect(nonce).toBeTruthy();
    expect(csp).toContain("frame-ancestors 'none'");
    const html = await response.text();
    expect(html).toContain('<div id="root">');
    expect(html).toContain(`nonce="${nonce}"`);
    expect(html).not.toContain('__NGT_PREP_NONCE__');
    // The window is shown once its first page is ready.
    expect(window.isVisible()).toBe(true);
  });

  it('serves the renderer bundle the page loads, with its own type', async () => {
    const html = readFileSync('dist/renderer/index.html', 'utf8');
    const script = /<script[^>]+src="([^"]+)"/.exec(html)![1];
    const response = await standIn.control.request(new URL(script, 'app://ngt-prep/index.html').toString());
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/javascript/);
    expect((await response.text()).length).toBeGreaterThan(1000);
    expect((await standIn.control.request('app://ngt-prep/')).status).toBe(200);
  });

  it('refuses traversal, encoded or not, backslashes, NUL, directories and missing files', async () => {
    const outside = path.resolve('package.json');
    expect(existsSync(outside)).toBe(true);
    const refused = [
      'app://ngt-prep/..%2f..%2fpackage.json',
      'app://ngt-prep/assets/..%2F..%2F..%2Fpackage.json',
      'app://ngt-prep/%2e%2e/%2e%2e/package.json', // the URL parser folds these: /package.json, not shipped
      'app://ngt-prep/..%5c..%5cpackage.json',
      'app://ngt-prep/index.html%00.png',
      'app://ngt-prep/assets',
      'app://ngt-prep/assets/',
      'app://ngt-prep/no-such-file.js',
      'app://ngt-prep/%2fetc%2fpasswd',
    ];
    for (const url of refused) {
      const response = await standIn.control.request(url);
      expect([url, response.status]).toEqual([url, 404]);
      expect(await response.text()).not.toContain('"name": "ngt-prep"');
    }
  });

  it('answers 400 to malformed %-escapes instead of throwing', async () => {
    for (const url of ['app://ngt-prep/%E0%A4%A', 'app://ngt-prep/%', 'app://ngt-prep/assets/%zz.js']) {
      const response = await standIn.control.request(url);
      expect([url, response.status]).toEqual([url, 400]);
    }
  });

  it('refuses URLs of any other origin on the app scheme, and other methods', async () => {
    for (const url of ['app://evil/index.html', 'app://ngt-prep.evil/index.html', 'app://ngt-prep:8080/index.html']) {
      const response = await standIn.control.request(url);
      expect([url, response.status]).toEqual([url, 404]);
    }
    const post = await standIn.control.request('app://ngt-prep/index.html', { method: 'POST', body: 'x' });
    expect(post.status).toBe(405);
  });

  it('keeps a damaged settings file aside, logs it and tells the window', async () => {
    const ours = { sender: window.webContents, frame: window.webContents.mainFrame };
    const info = (await standIn.control.invoke('app:info', ours, {})) as {
      ok: true;
      value: { settingsNotices: { code: string; keptAs: string }[] };
    };
    expect(info.value.settingsNotices).toEqual([
      expect.objectContaining({ code: 'SETTINGS_CORRUPT', keptAs: expect.stringContaining('settings.json.corrupt-') }),
    ]);
    expect(readFileSync(info.value.settingsNotices[0].keptAs, 'utf8')).toBe(DAMAGED_SETTINGS);
    expect(warnings).toHaveBeenCalledWith(expect.stringContaining('SETTINGS_CORRUPT'));
  });

  it('registers every invoke channel of the contract, through the validating dispatcher', async () => {
    expect(standIn.control.invokeChannels().sort()).toEqual(Object.keys(invokeSchemas).sort());
    const ours = { sender: window.webContents, frame: window.webContents.mainFrame };

    const info = await standIn.control.invoke('app:info', ours, {});
    expect(info).toEqual({ ok: true, value: expect.objectContaining({ host: 'electron', systemLanguage: 'fr' }) });

    const saved = await standIn.control.invoke('settings:set', ours, { lang: 'ja' });
    expect(saved).toEqual({ ok: true, value: expect.objectContaining({ lang: 'ja' }) });
    expect(JSON.parse(readFileSync(path.join(userData, 'settings.json'), 'utf8')).lang).toBe('ja');

    expect(await standIn.control.invoke('settings:set', ours, { lang: 'xx', extra: 1 })).toMatchObject({
      ok: false,
      error: { code: 'IPC_INVALID_PAYLOAD' },
    });

    const subframe = { sender: window.webContents, frame: { url: 'app://ngt-prep/index.html' } };
    const otherContents = standIn.control.foreignWebContents();
    otherContents.mainFrame.url = 'https://evil.example/';
    const foreign = { sender: otherContents, frame: otherContents.mainFrame };
    for (const from of [subframe, foreign, { sender: window.webContents, frame: null }]) {
      for (const channel of Object.keys(invokeSchemas)) {
        expect(await standIn.control.invoke(channel, from, {})).toMatchObject({
          ok: false,
          error: { code: 'IPC_UNTRUSTED_SENDER' },
        });
      }
    }
  });

  it('opens one locked-down window', () => {
    const prefs = window.options.webPreferences!;
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
    });
    expect(prefs.preload).toBe(path.resolve('dist/preload/index.js'));
    expect(existsSync(prefs.preload as string)).toBe(true);
    expect(standIn.electron.BrowserWindow.getAllWindows()).toHaveLength(1);
  });

  it('denies every permission request and check', async () => {
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal']) {
      expect(await standIn.control.requestPermission(window.webContents, permission)).toBe(false);
      expect(standIn.control.checkPermission(window.webContents, permission)).toBe(false);
    }
    expect(standIn.control.checkDevicePermission({ deviceType: 'usb', origin: 'app://ngt-prep' })).toBe(false);
  });

  it('denies navigation away, redirects, new windows and webviews', () => {
    const contents = window.webContents;
    expect(contents.navigate('app://ngt-prep/index.html')).toBe(true);
    for (const url of [
      'https://evil.example/',
      'file:///etc/passwd',
      'app://ngt-prep.evil/',
      'app://evil/index.html',
    ]) {
      expect([url, contents.navigate(url)]).toEqual([url, false]);
      expect([url, contents.navigate(url, 'will-redirect')]).toEqual([url, false]);
    }
    expect(contents.openWindow('https://example.com/')).toBe(false);
    expect(contents.openWindow('app://ngt-prep/index.html')).toBe(false);
    expect(contents.attachWebview('https://example.com/')).toBe(false);
  });
});
