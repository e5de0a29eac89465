/**
 * The board's logins beyond the inventory: one sudo password per distinct
 * non-root user (never for root, never where the inventory names a
 * sudo_password_env), the person's ~/.ssh/config applied unless unticked (as
 * `ssh -F none`), and a fleet-wide ProxyJump over the file's, as `fleet
 * install --proxy-jump` gives it; a ProxyJump that cannot be read is a login
 * error with its code, before anything runs.
 */
import { describe, expect, it } from 'vitest';

import { checkFleetInventory, prepareFleet, type FleetInventoryDeps } from '../../../main/fleet/fleetBoardInventory';
import { t } from '../../support/engineHarness';

const HOME = '/home/tech';
const CONFIG = `Host web*
  HostName 10.200.7.2
  User admin
  Port 2222
  IdentityFile ~/.ssh/web_key
`;

function deps(files: Record<string, string> = {}): FleetInventoryDeps & { read: string[] } {
  const read: string[] = [];
  return {
    read,
    t,
    environment: { homedir: HOME, env: { USER: 'tech', SUDO_PW: 'from-env' } },
    readFile: async (p) => {
      read.push(p);
      if (p in files) return Buffer.from(files[p]!);
      throw Object.assign(new Error(`ENOENT: ${p}`), { code: 'ENOENT' });
    },
    knownHostsPath: `${HOME}/.ssh/known_hosts`,
  };
}

const INVENTORY = [
  'r1 ansible_host=10.0.0.1 ansible_user=root',
  'a1 ansible_host=10.0.0.2 ansible_user=admin',
  'a2 ansible_host=10.0.0.3 ansible_user=admin',
  'o1 ansible_host=10.0.0.4 ansible_user=ops ngt_sudo_password_env=SUDO_PW',
  'd1 ansible_host=10.0.0.5 ansible_user=deploy ansible_become=true',
  '',
].join('\n');
/** The INI above as a file; a `text` given is a pasted list. */
const input = (over: { text?: string; proxyJump?: string; useSshConfig?: boolean } = {}) => ({
  inventory: over.text === undefined ? { text: INVENTORY, file: 'hosts.ini' } : { text: over.text },
  defaults: { proxyJump: over.proxyJump, useSshConfig: over.useSshConfig },
});

describe('the board inventory: sudo passwords, ~/.ssh/config, ProxyJump', () => {
  it('lists one sudo password per distinct non-root user without sudo_password_env', async () => {
    const result = await checkFleetInventory(input(), deps());
    expect(result.problems).toEqual([]);
    expect(result.sudoPasswordsFor).toEqual([
      { user: 'admin', hosts: ['a1', 'a2'] },
      { user: 'deploy', hosts: ['d1'] },
    ]);
    expect(result.passwordsFor.map((p) => p.user)).toEqual(['root', 'admin', 'ops', 'deploy']);
  });

  it('gives each host of a user the sudo password given for that user, and no one else', async () => {
    const prepared = await prepareFleet(
      input(),
      (user) => `login-${user}`,
      deps(),
      (user) => (user === 'admin' ? 'sudo-admin' : undefined),
    );
    const sudo = Object.fromEntries([...prepared.logins].map(([name, l]) => [name, l.params.sudoPassword ?? null]));
    expect(sudo).toEqual({ r1: null, a1: 'sudo-admin', a2: 'sudo-admin', o1: 'from-env', d1: null });
    // deploy gave none: the job falls back to the login password for sudo (linuxInstallJob).
    expect(prepared.logins.get('d1')!.params.auth).toEqual({ kind: 'password', password: 'login-deploy' });
  });

  it('applies ~/.ssh/config (HostName, User, Port, IdentityFile) unless told not to read it', async () => {
    const files = { [`${HOME}/.ssh/config`]: CONFIG };
    const on = deps(files);
    const prepared = await prepareFleet(input({ text: 'web1\n' }), () => 'pw', on);
    expect(on.read).toContain(`${HOME}/.ssh/config`);
    const web = prepared.logins.get('web1')!.params;
    expect([web.host, web.port, web.username, web.auth]).toEqual([
      '10.200.7.2',
      2222,
      'admin',
      { kind: 'key', privateKeyPath: `${HOME}/.ssh/web_key` },
    ]);

    const off = deps(files);
    const check = await checkFleetInventory(input({ text: 'root@web1\n', useSshConfig: false }), off);
    expect(off.read).not.toContain(`${HOME}/.ssh/config`);
    expect(check.passwordsFor).toEqual([{ user: 'root', hosts: ['web1'] }]);
    const plain = await prepareFleet(input({ text: 'root@web1\n', useSshConfig: false }), () => 'pw', off);
    expect([plain.logins.get('web1')!.params.host, plain.logins.get('web1')!.params.port]).toEqual(['web1', 22]);
  });

  it('a fleet-wide ProxyJump goes through the bastion; one that cannot be read stops the check with its code', async () => {
    const direct = await prepareFleet(input({ text: 'root@10.0.0.9\n' }), () => 'pw', deps());
    expect(direct.logins.get('10.0.0.9')!.connect).toBeUndefined();
    const jumped = await prepareFleet(
      input({ text: 'root@10.0.0.9\n', proxyJump: 'jump@10.200.5.2:2200' }),
      () => 'pw',
      deps(),
    );
    expect(jumped.logins.get('10.0.0.9')!.connect).toBeTypeOf('function');

    const bad = await checkFleetInventory(input({ text: 'root@10.0.0.9\n', proxyJump: 'jump@:x' }), deps());
    expect(bad.loginError?.code).toBe('USAGE_SSH_CONFIG');
    expect(bad.loginError?.message).toContain('jump@:x');
  });
});
