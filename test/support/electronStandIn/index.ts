/**
 * A stand-in for the `electron` module of the main process, for machines
 * without the Electron binary. It follows Electron's API documentation
 * (https://www.electronjs.org/docs/latest/api/…, docs/api/*.md in
 * electron/electron), and only the parts NGT Prep's shell uses:
 *
 * - protocol.md: `registerSchemesAsPrivileged(customSchemes)` may be called
 *   only before the app is ready, and once; `handle(scheme, handler)` only
 *   after ready, one handler per scheme, and the handler receives a Fetch
 *   `Request` and returns a `Response` or a promise of one.
 * - net.md: `net.fetch(url)` works like the renderer's fetch and reads
 *   `file:` URLs (and custom protocols). A missing file rejects
 *   (net::ERR_FILE_NOT_FOUND); the Content-Type comes from the extension.
 * - app.md: `whenReady()` resolves once Electron has initialised (here: when
 *   the test says so with `control.ready()`), `requestSingleInstanceLock()`,
 *   `getPath(name)`, `getLocale()`, `quit()`, and the events 'ready',
 *   'web-contents-created', 'login', 'second-instance', 'window-all-closed'.
 * - browser-window.md and structures/web-preferences.md: `new BrowserWindow(options)`
 *   with `webPreferences`, 'ready-to-show' after the first load, `show()`,
 *   `loadURL()`, `getAllWindows()`.
 * - web-contents.md: `loadURL(url)` (resolves when the page has loaded,
 *   rejects when it fails), 'will-navigate' / 'will-redirect' /
 *   'will-attach-webview' with a preventable event, `setWindowOpenHandler`
 *   whose `{action: 'deny'}` stops the window, `send(channel, ...args)`,
 *   `mainFrame` (web-frame-main.md: `url`).
 * - ipc-main.md: `handle(channel, listener)`; a second handler for the same
 *   channel throws; the listener gets an IpcMainInvokeEvent
 *   (structures/ipc-main-invoke-event.md: `sender`, `senderFrame`).
 * - session.md: `defaultSession.setPermissionRequestHandler`,
 *   `setPermissionCheckHandler`, `setDevicePermissionHandler`. Without a
 *   handler Electron approves every permission request (tutorial/security.md,
 *   "Handle session permission requests from remote content").
 *
 * Not modelled: rendering, processes, directory listings for file: URLs,
 * anything the shell does not call. The `control` object is the test's side.
 */
import { EventEmitter } from 'node:events';
import { readFile, stat } from 'node:fs/promises';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

type ProtocolHandler = (request: Request) => Response | Promise<Response>;
type InvokeListener = (event: InvokeEvent, ...args: unknown[]) => unknown;

export interface StandInOptions {
  /** Where app.getPath('userData') and friends point. */
  userDataDir: string;
  locale?: string;
  /** What requestSingleInstanceLock() answers (false: another instance holds it). */
  singleInstanceLock?: boolean;
}

export interface FrameStandIn {
  url: string;
}

export interface InvokeEvent {
  sender: EventEmitter;
  senderFrame: FrameStandIn | null;
  processId: number;
  frameId: number;
}

/** A preventable Electron event (Event in structures/event.md). */
function preventableEvent(extra: Record<string, unknown> = {}) {
  let prevented = false;
  return {
    event: { ...extra, preventDefault: () => void (prevented = true) },
    prevented: () => prevented,
  };
}

const MIME_BY_EXTENSION: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
};

export interface LoadRecord {
  url: string;
  /** Settles when the load has finished or failed. */
  done: Promise<void>;
  response?: Response;
  error?: Error;
}

export function createElectronStandIn(options: StandInOptions) {
  let isReady = false;
  let privilegedSchemes: unknown[] | null = null;
  const protocolHandlers = new Map<string, ProtocolHandler>();
  const invokeHandlers = new Map<string, InvokeListener>();
  const windows: BrowserWindow[] = [];
  const windowWaiters: ((w: BrowserWindow) => void)[] = [];
  let nextId = 1;
  let resolveReady: () => void = () => undefined;
  const readyPromise = new Promise<void>((resolve) => (resolveReady = resolve));

  const app = Object.assign(new EventEmitter(), {
    whenReady: () => readyPromise,
    isReady: () => isReady,
    requestSingleInstanceLock: () => options.singleInstanceLock ?? true,
    quitCalls: 0,
    quit() {
      app.quitCalls++;
    },
    getPath(name: string): string {
      const known: Record<string, string> = {
        userData: options.userDataDir,
        appData: path.dirname(options.userDataDir),
        temp: path.join(options.userDataDir, 'tmp'),
        logs: path.join(options.userDataDir, 'logs'),
      };
      if (!(name in known)) throw new Error(`Failed to get '${name}' path`);
      return known[name];
    },
    getLocale: () => options.locale ?? 'en-US',
  });

  async function fetchUrl(input: string | Request): Promise<Response> {
    const request = typeof input === 'string' ? new Request(input) : input;
    const scheme = new URL(request.url).protocol.replace(/:$/, '');
    const custom = protocolHandlers.get(scheme);
    if (custom) return custom(request);
    if (scheme !== 'file') throw new TypeError(`net::ERR_UNKNOWN_URL_SCHEME (${scheme}: is not modelled)`);
    const file = fileURLToPath(request.url);
    const info = await stat(file).catch(() => null);
    if (!info?.isFile()) throw new TypeError('net::ERR_FILE_NOT_FOUND');
    const body = await readFile(file);
    const type = MIME_BY_EXTENSION[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
    return new Response(body, {
      status: 200,
      headers: { 'Content-Type': type, 'Content-Length': String(body.length) },
    });
  }

  const protocol = {
    registerSchemesAsPrivileged(customSchemes: unknown[]) {
      if (isReady) throw new Error('protocol.registerSchemesAsPrivileged should be called before app is ready');
      if (privilegedSchemes) throw new Error('protocol.registerSchemesAsPrivileged can only be called once');
      privilegedSchemes = customSchemes;
    },
    handle(scheme: string, handler: ProtocolHandler) {
      if (!isReady) throw new Error('protocol.handle can only be used after the app is ready');
      if (protocolHandlers.has(scheme)) throw new Error(`Failed to register protocol: ${scheme}`);
      protocolHandlers.set(scheme, handler);
    },
    unhandle(scheme: string) {
      protocolHandlers.delete(scheme);
    },
    isProtocolHandled: (scheme: string) => protocolHandlers.has(scheme),
  };

  const net = { fetch: fetchUrl };

  class WebContentsStandIn extends EventEmitter {
    readonly id = nextId++;
    readonly mainFrame: FrameStandIn = { url: '' };
    readonly loads: LoadRecord[] = [];
    readonly sent: { channel: string; args: unknown[] }[] = [];
    private windowOpenHandler: ((details: { url: string }) => { action: 'allow' | 'deny' }) | null = null;

    loadURL(url: string): Promise<void> {
      const record = { url } as LoadRecord;
      this.loads.push(record);
      const load = fetchUrl(url).then(
        (response) => {
          record.response = response;
          // Chromium commits the navigation whatever the HTTP status.
          this.mainFrame.url = url;
          this.emit('did-finish-load', {});
        },
        (error: Error) => {
          record.error = error;
          this.emit('did-fail-load', {}, -2, 'ERR_FAILED', url, true);
          throw error;
        },
      );
      record.done = load.catch(() => undefined);
      return load;
    }

    getURL(): string {
      return this.mainFrame.url;
    }

    send(channel: string, ...args: unknown[]): void {
      this.sent.push({ channel, args });
    }

    setWindowOpenHandler(handler: (details: { url: string }) => { action: 'allow' | 'deny' }): void {
      this.windowOpenHandler = handler;
    }

    /** The test's side: the page asks to navigate; true when the navigation goes ahead. */
    navigate(url: string, event: 'will-navigate' | 'will-redirect' = 'will-navigate'): boolean {
      const e = preventableEvent({ url, isMainFrame: true });
      this.emit(event, e.event, url, false, true);
      return !e.prevented();
    }

    /** The test's side: window.open(url) from the page; true when a window would open. */
    openWindow(url: string): boolean {
      const details = {
        url,
        frameName: '',
        features: '',
        disposition: 'new-window',
        referrer: { url: '', policy: 'default' },
      };
      return (this.windowOpenHandler?.(details) ?? { action: 'allow' }).action === 'allow';
    }

    /** The test's side: a <webview> asks to attach; true when it would be attached. */
    attachWebview(src: string): boolean {
      const e = preventableEvent();
      this.emit('will-attach-webview', e.event, {}, { src });
      return !e.prevented();
    }
  }

  class BrowserWindow extends EventEmitter {
    static getAllWindows = (): BrowserWindow[] => [...windows];
    readonly webContents = new WebContentsStandIn();
    visible = false;
    minimized = false;
    focused = false;
    constructor(readonly options: { webPreferences?: Record<string, unknown> } & Record<string, unknown> = {}) {
      super();
      if (!isReady) throw new Error('Cannot create BrowserWindow before app is ready');
      windows.push(this);
      app.emit('web-contents-created', preventableEvent().event, this.webContents);
      for (const waiter of windowWaiters.splice(0)) waiter(this);
    }
    async loadURL(url: string): Promise<void> {
      await this.webContents.loadURL(url);
      if (windows.includes(this) && this.webContents.loads.length === 1) this.emit('ready-to-show');
    }
    show(): void {
      this.visible = true;
    }
    isVisible = () => this.visible;
    isMinimized = () => this.minimized;
    restore(): void {
      this.minimized = false;
    }
    focus(): void {
      this.focused = true;
    }
  }

  type PermissionRequestHandler = (
    contents: WebContentsStandIn,
    permission: string,
    callback: (granted: boolean) => void,
    details: Record<string, unknown>,
  ) => void;
  type PermissionCheckHandler = (
    contents: WebContentsStandIn | null,
    permission: string,
    origin: string,
    details: Record<string, unknown>,
  ) => boolean;
  const permissionHandlers: {
    request: PermissionRequestHandler | null;
    check: PermissionCheckHandler | null;
    device: ((details: Record<string, unknown>) => boolean) | null;
  } = { request: null, check: null, device: null };

  const defaultSession = {
    setPermissionRequestHandler: (h: PermissionRequestHandler | null) => void (permissionHandlers.request = h),
    setPermissionCheckHandler: (h: PermissionCheckHandler | null) => void (permissionHandlers.check = h),
    setDevicePermissionHandler: (h: ((details: Record<string, unknown>) => boolean) | null) =>
      void (permissionHandlers.device = h),
  };

  const ipcMain = Object.assign(new EventEmitter(), {
    handle(channel: string, listener: InvokeListener) {
      if (invokeHandlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
      invokeHandlers.set(channel, listener);
    },
    removeHandler: (channel: string) => void invokeHandlers.delete(channel),
  });

  const electron = { app, protocol, net, BrowserWindow, ipcMain, session: { defaultSession } };

  const control = {
    /** Electron has initialised: resolves whenReady() and emits 'ready'. */
    ready(): void {
      isReady = true;
      app.emit('ready', preventableEvent().event, {});
      resolveReady();
    },
    privilegedSchemes: () => privilegedSchemes,
    handledSchemes: () => [...protocolHandlers.keys()],
    /** Asks the scheme's registered handler, as Chromium does for a request to it. */
    request(url: string, init?: RequestInit): Promise<Response> {
      return fetchUrl(new Request(url, init));
    },
    invokeChannels: () => [...invokeHandlers.keys()],
    /** ipcRenderer.invoke(channel, ...args) arriving from `sender`'s `frame`. */
    async invoke(
      channel: string,
      from: { sender: WebContentsStandIn; frame: FrameStandIn | null },
      ...args: unknown[]
    ) {
      const listener = invokeHandlers.get(channel);
      if (!listener) throw new Error(`No handler registered for '${channel}'`);
      return listener({ sender: from.sender, senderFrame: from.frame, processId: 1, frameId: 1 }, ...args);
    },
    /** A web contents that is not one of the app's windows (another page, a webview). */
    foreignWebContents: () => new WebContentsStandIn(),
    nextWindow(): Promise<BrowserWindow> {
      return windows.length ? Promise.resolve(windows[0]) : new Promise((resolve) => windowWaiters.push(resolve));
    },
    /** A page asks for a permission; resolves with what the session answers. */
    requestPermission(contents: WebContentsStandIn, permission: string): Promise<boolean> {
      const handler = permissionHandlers.request;
      if (!handler) return Promise.resolve(true);
      return new Promise((resolve) => handler(contents, permission, resolve, { requestingUrl: contents.getURL() }));
    },
    checkPermission(contents: WebContentsStandIn, permission: string): boolean {
      return permissionHandlers.check?.(contents, permission, contents.getURL(), {}) ?? true;
    },
    checkDevicePermission(details: Record<string, unknown>): boolean {
      return permissionHandlers.device?.(details) ?? true;
    },
  };

  return { electron, control };
}

export type ElectronStandIn = ReturnType<typeof createElectronStandIn>;
