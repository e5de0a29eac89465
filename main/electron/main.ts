/**
 * The Electron shell: one locked-down window around the same engine the CLI
 * and the browser host use. Nothing here runs commands itself.
 */
import { app, BrowserWindow, ipcMain, net, protocol, session } from 'electron';
import * as path from 'node:path';
import { AppService } from '../app/appService';
import { SettingsStore } from '../app/settingsStore';
import { JOB_EVENT_CHANNEL } from '../ipc/channels';
import { invokeSchemas } from '../ipc/contract';
import { createDispatcher } from '../ipc/dispatcher';
import { rendererDir } from '../platform/assets';
import { nodeEnvironment, nodePorts } from '../platform/nodePorts';
import { rendererProtocolHandler } from './appProtocol';
import { APP_ORIGIN, APP_SCHEME, denyAllPermissions, isTrustedSender, lockDownWebContents } from './security';

protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
]);

let mainWindow: BrowserWindow | null = null;

function serveRenderer(): void {
  protocol.handle(
    APP_SCHEME,
    rendererProtocolHandler(rendererDir(), (fileUrl) => net.fetch(fileUrl)),
  );
}

function createWindow(): BrowserWindow {
  const window = new BrowserWindow({
    width: 1200,
    height: 820,
    minWidth: 900,
    minHeight: 600,
    title: 'NGT Prep',
    show: false,
    // Written out here, not built by a helper, so reviewers and electronegativity see every setting.
    webPreferences: {
      preload: path.join(__dirname, '..', 'preload', 'index.js'),
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
      spellcheck: false,
      // Middle-click must not open links in new windows.
      disableBlinkFeatures: 'Auxclick',
    },
  });
  window.once('ready-to-show', () => window.show());
  void window.loadURL(`${APP_ORIGIN}/index.html`);
  return window;
}

app.on('web-contents-created', (_event, contents) => lockDownWebContents(contents));

// A proxy or server asking for credentials is never answered from the renderer.
// (TLS errors keep Electron's default: refused. The app loads no remote content.)
app.on('login', (event) => event.preventDefault());

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    if (mainWindow?.isMinimized()) mainWindow.restore();
    mainWindow?.focus();
  });

  void app.whenReady().then(() => {
    denyAllPermissions(session.defaultSession);
    serveRenderer();
    const environment = nodeEnvironment({ appDataDir: app.getPath('userData') });
    const ports = nodePorts({ environment });
    const service = new AppService({
      ports,
      settings: new SettingsStore(environment.appDataDir, ports.fs),
      host: 'electron',
      systemLocale: app.getLocale(),
      broadcast: (event) => mainWindow?.webContents.send(JOB_EVENT_CHANNEL, event),
      log: (level, text) => console[level === 'info' ? 'log' : level](text),
    });
    const dispatch = createDispatcher(service.handlers());
    for (const channel of Object.keys(invokeSchemas)) {
      ipcMain.handle(channel, (event, payload: unknown) =>
        dispatch(channel, payload, {
          trusted: isTrustedSender(event, mainWindow),
          description: `frame ${event.senderFrame?.url ?? 'unknown'}`,
        }),
      );
    }
    mainWindow = createWindow();
    mainWindow.on('closed', () => {
      service.cancelAll();
      mainWindow = null;
    });
  });

  app.on('window-all-closed', () => app.quit());
}
