/**
 * A browser host whose HOME is a fresh temporary folder, so SSH jobs read and
 * write a known_hosts of their own (never the real ~/.ssh/known_hosts of the
 * person running the tests). Tests may seed that known_hosts first.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { launchWebHost, test as base, type WebHostInfo } from '../webHostFixture';

export interface HermeticWebHost extends WebHostInfo {
  home: string;
  knownHostsPath: string;
}

/** Starts a browser host with HOME set to a new folder (seeded with knownHosts lines when given). */
export async function launchHermeticWebHost(
  knownHosts: string[] = [],
): Promise<{ info: HermeticWebHost; stop: () => Promise<void> }> {
  const home = mkdtempSync(path.join(tmpdir(), 'ngtp-e2e-home-'));
  const knownHostsPath = path.join(home, '.ssh', 'known_hosts');
  if (knownHosts.length) {
    mkdirSync(path.dirname(knownHostsPath), { recursive: true, mode: 0o700 });
    writeFileSync(knownHostsPath, knownHosts.join('\n') + '\n', { mode: 0o600 });
  }
  // No agent from the environment either: the job must use what the form says.
  const host = await launchWebHost({ HOME: home, SSH_AUTH_SOCK: '' });
  return {
    info: { ...host.info, home, knownHostsPath },
    stop: async () => {
      await host.stop();
      rmSync(home, { recursive: true, force: true });
    },
  };
}

/** An ed25519 public key line body nobody has the private key for (a "changed" host key). */
export function foreignEd25519KeyBase64(): string {
  const field = (b: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(b.length);
    return Buffer.concat([len, b]);
  };
  return Buffer.concat([field(Buffer.from('ssh-ed25519')), field(randomBytes(32))]).toString('base64');
}

/** Like webHostFixture's test, plus `hermetic`: a browser host with an empty HOME of its own. */
export const test = base.extend<{ hermetic: HermeticWebHost }>({
  hermetic: async ({}, use) => {
    const host = await launchHermeticWebHost();
    await use(host.info);
    await host.stop();
  },
});

export { expect } from '../webHostFixture';
