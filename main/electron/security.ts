/**
 * Electron lock-down in one place: the window's web preferences, the CSP,
 * denied navigation, new windows, webviews and permissions, and the check
 * that an IPC message comes from our own top-level frame.
 */
import type { IpcMainInvokeEvent, Session, WebContents } from 'electron';

export const APP_SCHEME = 'app';
export const APP_HOST = 'ngt-prep';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

/**
 * True when `url` is one of ours: app://ngt-prep/…, no credentials, no port.
 * The one place that decides it (the protocol handler, navigation and IPC
 * all ask here). Node's URL gives app:// URLs the origin "null" (not a
 * special scheme), so the parts are compared, never `.origin`.
 */
export function isAppUrl(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return (
    parsed.protocol === `${APP_SCHEME}:` &&
    parsed.hostname === APP_HOST &&
    parsed.port === '' &&
    parsed.username === '' &&
    parsed.password === '' &&
    parsed.pathname.startsWith('/')
  );
}

/** Denies navigation away from the app, new windows and webviews for every web contents. */
export function lockDownWebContents(contents: WebContents): void {
  contents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}

export function denyAllPermissions(session: Session): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
}

/** True only for a message from the main frame of our window, showing our own origin. */
export function isTrustedSender(event: IpcMainInvokeEvent, window: { webContents: WebContents } | null): boolean {
  const frame = event.senderFrame;
  if (!window || !frame) return false;
  if (event.sender !== window.webContents) return false;
  if (frame !== window.webContents.mainFrame) return false;
  return isAppUrl(frame.url);
}
