/**
 * `npm run start:web -- [--port N] [--no-open]`: starts the browser host and
 * prints one line with the URL that carries the access token in its fragment
 * (main/ipc/sessionToken.ts), and opens it when there is a desktop.
 */
import { parseArgs } from 'node:util';
import { AppService } from '../app/appService';
import { SettingsStore } from '../app/settingsStore';
import { createDispatcher } from '../ipc/dispatcher';
import { rendererDir } from '../platform/assets';
import { nodePorts } from '../platform/nodePorts';
import { openInBrowser } from '../platform/openInBrowser';
import { startWebHost, type WebHost } from './server';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { port: { type: 'string' }, 'no-open': { type: 'boolean', default: false }, help: { type: 'boolean' } },
    strict: true,
  });
  if (values.help) {
    process.stdout.write('Usage: ngt-prep-web [--port N] [--no-open]\n');
    return;
  }
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    process.stderr.write(`Invalid --port ${values.port}: give a number from 1 to 65535.\n`);
    process.exit(2);
  }
  const ports = nodePorts();
  let host: WebHost | undefined;
  const service = new AppService({
    ports,
    settings: new SettingsStore(ports.environment.appDataDir, ports.fs),
    host: 'web',
    systemLocale: Intl.DateTimeFormat().resolvedOptions().locale || process.env.LANG || 'en',
    broadcast: (event) => host?.broadcast(event),
    log: (level, text) => process.stderr.write(`[${level}] ${text}\n`),
  });
  host = await startWebHost({ port, rendererDir: rendererDir(), dispatch: createDispatcher(service.handlers()) });
  process.stdout.write(`NGT Prep browser host: ${host.url}\n`);
  const opened = values['no-open'] ? undefined : await openInBrowser(host.url, ports.processes);
  const stop = async () => {
    service.cancelAll();
    await host?.close();
    await opened?.cleanup().catch(() => undefined);
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error) => {
  process.stderr.write(
    `NGT Prep browser host failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
