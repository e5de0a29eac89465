/**
 * The Electron lock-down without the Electron binary: security.ts only uses
 * Electron's types, so its rules are tested with recorded-shape objects.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { APP_ORIGIN, denyAllPermissions, isTrustedSender, lockDownWebContents } from '../../../main/electron/security';
import { contentSecurityPolicy, NONCE_PLACEHOLDER, renderIndexHtml } from '../../../main/platform/rendererPage';

type Handler = (...args: unknown[]) => unknown;

function fakeContents() {
  const handlers = new Map<string, Handler>();
  let windowOpen: Handler | undefined;
  const mainFrame = { url: `${APP_ORIGIN}/index.html` };
  return {
    mainFrame,
    handlers,
    on(event: string, handler: Handler) {
      handlers.set(event, handler);
    },
    setWindowOpenHandler(handler: Handler) {
      windowOpen = handler;
    },
    openWindow: (url: string) => windowOpen!({ url }),
  };
}

function preventable() {
  let prevented = false;
  return { event: { preventDefault: () => (prevented = true) }, prevented: () => prevented };
}

describe('Electron lock-down', () => {
  it('denies navigation away from the app, redirects, webviews and every new window', () => {
    const contents = fakeContents();
    lockDownWebContents(contents as never);
    const away = preventable();
    contents.handlers.get('will-navigate')!(away.event, 'https://evil.example/');
    expect(away.prevented()).toBe(true);
    const fileUrl = preventable();
    contents.handlers.get('will-navigate')!(fileUrl.event, 'file:///etc/passwd');
    expect(fileUrl.prevented()).toBe(true);
    const inside = preventable();
    contents.handlers.get('will-navigate')!(inside.event, `${APP_ORIGIN}/index.html`);
    expect(inside.prevented()).toBe(false);
    const redirect = preventable();
    contents.handlers.get('will-redirect')!(redirect.event, 'https://evil.example/');
    expect(redirect.prevented()).toBe(true);
    const webview = preventable();
    contents.handlers.get('will-attach-webview')!(webview.event);
    expect(webview.prevented()).toBe(true);
    expect(contents.openWindow('https://example.com')).toEqual({ action: 'deny' });
    expect(contents.openWindow(`${APP_ORIGIN}/index.html`)).toEqual({ action: 'deny' });
  });

  it('denies every permission request and check', () => {
    const recorded: Record<string, Handler> = {};
    denyAllPermissions({
      setPermissionRequestHandler: (h: Handler) => (recorded.request = h),
      setPermissionCheckHandler: (h: Handler) => (recorded.check = h),
      setDevicePermissionHandler: (h: Handler) => (recorded.device = h),
    } as never);
    const answers: boolean[] = [];
    recorded.request(null, 'media', (ok: boolean) => answers.push(ok));
    recorded.request(null, 'clipboard-read', (ok: boolean) => answers.push(ok));
    expect(answers).toEqual([false, false]);
    expect(recorded.check(null, 'notifications')).toBe(false);
    expect(recorded.device()).toBe(false);
  });

  it('trusts IPC only from the main frame of our window showing our origin', () => {
    const contents = fakeContents();
    const window = { webContents: contents };
    const event = (over: Record<string, unknown>) =>
      ({ sender: contents, senderFrame: contents.mainFrame, ...over }) as never;
    expect(isTrustedSender(event({}), window as never)).toBe(true);
    expect(isTrustedSender(event({ senderFrame: { url: `${APP_ORIGIN}/index.html` } }), window as never)).toBe(false); // a subframe
    expect(isTrustedSender(event({ sender: fakeContents() }), window as never)).toBe(false); // another web contents
    contents.mainFrame.url = 'https://evil.example/';
    expect(isTrustedSender(event({}), window as never)).toBe(false);
    expect(isTrustedSender(event({ senderFrame: null }), window as never)).toBe(false);
    expect(isTrustedSender(event({}), null)).toBe(false);
  });
});

describe('Content Security Policy', () => {
  it('index.html carries the same policy the hosts send (less frame-ancestors, which a meta tag cannot set)', () => {
    const html = readFileSync('renderer/index.html', 'utf8');
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)![1];
    const header = contentSecurityPolicy(NONCE_PLACEHOLDER)
      .split('; ')
      .filter((d) => !d.startsWith('frame-ancestors'))
      .join('; ');
    expect(meta).toBe(header);
  });

  it('allows scripts and styles only with the per-response nonce, no inline, no eval, no remote hosts', () => {
    const policy = contentSecurityPolicy('abc123XYZ');
    expect(policy).toContain("script-src 'nonce-abc123XYZ' 'strict-dynamic'");
    expect(policy).toContain("style-src 'self' 'nonce-abc123XYZ'");
    expect(policy).not.toMatch(/unsafe-inline|unsafe-eval|https?:|\*/);
    expect(policy).toContain("object-src 'none'");
    expect(policy).toContain("frame-ancestors 'none'");
    expect(renderIndexHtml(`<meta nonce="${NONCE_PLACEHOLDER}"><script nonce="${NONCE_PLACEHOLDER}">`, 'N1')).toBe(
      '<meta nonce="N1"><script nonce="N1">',
    );
  });
});
