/**
 * The Linux job against a sandbox VM (test/sandbox), logged in with a password
 * and the VM's host key pinned by fingerprint, as the wizard builds it after
 * the person trusted the key. One place for the parameters every sandbox test
 * starts from; a test passes only what it varies.
 */
import { join } from 'node:path';

import { createLinuxInstallJob } from '../../main/linux/linuxInstallJob';
import type { Report } from '../../main/engine/types';
import type { Sandbox } from '../sandbox';
import { runToEnd, t } from './engineHarness';

type InstallParams = Parameters<typeof createLinuxInstallJob>[0];
type InstallDeps = Parameters<typeof createLinuxInstallJob>[1];

export interface SandboxLogin {
  password: string;
  knownHostsPath: string;
  /** root unless given. */
  user?: string;
}

export function sandboxInstallJob(
  sandbox: Sandbox,
  login: SandboxLogin,
  params: Partial<InstallParams> = {},
  deps: Partial<InstallDeps> = {},
) {
  return createLinuxInstallJob(
    {
      host: sandbox.host,
      port: 22,
      username: login.user ?? 'root',
      auth: { kind: 'password', password: login.password },
      phase: 'all',
      dryRun: false,
      force: false,
      ...params,
    },
    { t, hostKeyPolicy: { fingerprint: sandbox.hostKeyFingerprint, knownHostsPath: login.knownHostsPath }, ...deps },
  );
}

/** Installs NGT on the sandbox with the real job, every prompt accepted; throws unless the job ends ok. */
export async function installNgtOn(sandbox: Sandbox, login: SandboxLogin): Promise<void> {
  const { report } = await runToEnd(sandboxInstallJob(sandbox, login), {
    answerPrompt: async () => ({ accept: true }),
  });
  if (report.result !== 'ok') {
    const steps = report.steps.map((s) => `${s.id}: ${s.status} ${s.summary}`).join('\n');
    throw new Error(`installing NGT on the sandbox ended ${report.result}:\n${steps}`);
  }
}

/**
 * A known_hosts file of its own for this sandbox's host key under `dir`: keyed by the key, not the
 * address, because later sandboxes reuse addresses with new keys (a file per address would then
 * hold another key for it and the connection would be refused as a changed key).
 */
export function knownHostsFileFor(dir: string, sandbox: Sandbox): string {
  return join(dir, `kh-${sandbox.host}-${sandbox.hostKeyFingerprint.replace(/[^A-Za-z0-9]/g, '')}`);
}

/** A report's steps by id. */
export function stepsById(report: Report): Record<string, Report['steps'][number]> {
  return Object.fromEntries(report.steps.map((s) => [s.id, s]));
}

/** The CLI's login flags for a sandbox VM, the password read from NGTP_PW. */
export function sandboxLoginArgs(sandbox: Sandbox, knownHostsPath: string, user = 'root'): string[] {
  return ['--host', sandbox.host, '--user', user, '--password-env', 'NGTP_PW', '--known-hosts', knownHostsPath];
}
