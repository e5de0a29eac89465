/**
 * Inventory hosts through ~/.ssh/config: inventory values over fleet-wide
 * defaults over the file (ssh_config(5): command-line values first), and a
 * host whose entry is unusable is set apart without stopping the others.
 */
import { describe, expect, it } from 'vitest';

import { hostSshTargets } from '../../../main/fleet/hostSshTarget';
import { parseInventory } from '../../../main/fleet/inventory/inventorySource';

const context = { homedir: '/home/tech', localUser: 'tech' };
const CONFIG = `Host *.lab !bastion.lab
  ProxyJump bastion.lab
  User labuser
Host bastion.lab
  HostName 10.200.9.2
Host loop.test
  ProxyJump loop.test
Host *
  IdentityFile ~/.ssh/id_ed25519
`;

describe('hostSshTargets', () => {
  const inventory = parseInventory(
    [
      '[web]',
      'vm01.lab',
      'vm02.lab ansible_user=root ansible_port=2222 ansible_ssh_private_key_file=/keys/web',
      'direct ansible_host=10.0.0.7 ngt_proxy_jump=none',
      'loop.test',
    ].join('\n'),
    'ansible-ini',
    'hosts.ini',
  );

  it('ranks inventory over fleet defaults over the file, per host', () => {
    expect(inventory.problems).toEqual([]);
    const targets = hostSshTargets(inventory.hosts, CONFIG, context, { user: 'cli-user', keyPath: '/keys/cli' });
    const [vm01, vm02, direct, loop] = targets;
    expect(vm01).toMatchObject({
      ok: true,
      target: {
        host: 'vm01.lab',
        port: 22,
        user: 'cli-user',
        identityFiles: ['/keys/cli', '/home/tech/.ssh/id_ed25519'],
      },
    });
    expect(vm01.ok && vm01.target.jumps.map((j) => j.host)).toEqual(['10.200.9.2']);
    expect(vm02).toMatchObject({
      ok: true,
      target: { port: 2222, user: 'root', identityFiles: ['/keys/web', '/home/tech/.ssh/id_ed25519'] },
    });
    expect(direct).toMatchObject({ ok: true, target: { host: '10.0.0.7', jumps: [] } });
    expect(loop).toMatchObject({ ok: false, host: { name: 'loop.test' }, error: { reason: 'jumpLoop' } });
  });

  it('without defaults the file decides the user', () => {
    const [vm01] = hostSshTargets(inventory.hosts, CONFIG, context);
    expect(vm01).toMatchObject({ ok: true, target: { user: 'labuser' } });
  });
});
