/** Starts the real browser host (the built product) for a test file and hands its URL (token in the fragment) to the tests. */
import { test as base, expect } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { TOKEN_FRAGMENT_KEY } from '../../main/ipc/sessionToken';

export interface WebHostInfo {
  url: string;
  origin: string;
  port: number;
  token: string;
  dataDir: string;
  downloadsDir: string;
}

export async function launchWebHost(
  env: NodeJS.ProcessEnv = {},
): Promise<{ info: WebHostInfo; child: ChildProcess; stop: () => Promise<void> }> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'ngtp-e2e-'));
  const child = spawn(process.execPath, [path.resolve('dist/main/webhost.js'), '--no-open'], {
    env: { ...process.env, NGT_PREP_DATA_DIR: dataDir, LANG: 'en_US.UTF-8', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    // A bound against hanging only: a busy machine may take a while to start Node.
    const timer = setTimeout(() => reject(new Error(`browser host did not start: ${out}`)), 60_000);
    child.stdout!.on('data', (chunk) => {
      out += chunk;
      const m = /(http:\/\/127\.0\.0\.1:\d+\/#token=[\w-]+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.on('exit', (code) => reject(new Error(`browser host exited ${code}: ${out}`)));
  });
  const parsed = new URL(url);
  return {
    info: {
      url,
      origin: parsed.origin,
      port: Number(parsed.port),
      token: new URLSearchParams(parsed.hash.slice(1)).get(TOKEN_FRAGMENT_KEY)!,
      dataDir,
      downloadsDir: path.join(dataDir, 'downloads'),
    },
    child,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export const test = base.extend<{ webHost: WebHostInfo }>({
  webHost: async ({}, use) => {
    const host = await launchWebHost();
    await use(host.info);
    await host.stop();
  },
});

export { expect };
