/**
 * The command-line edge of ssh_config: the file is read through the injected
 * reader, flags beat it, bastions come back as a connect function, and a bad
 * ProxyJump is a usage error naming the file.
 */
import { describe, expect, it } from 'vitest';

import { NgtError } from '../../../../main/engine/errors';
import { createTranslator } from '../../../../main/i18n/catalogue';
import { sshViaConfig } from '../../../../main/linux/ssh/sshViaConfig';

const t = createTranslator('en');
const environment = { homedir: '/home/tech', env: { USER: 'tech' } };
const files: Record<string, string> = {
  '/home/tech/.ssh/config':
    'Host vm1\n  HostName 10.0.0.1\n  User admin\n  IdentityFile ~/.ssh/vm1_%r\n  ProxyJump ops@bastion:2222\n',
};
const readFile = async (path: string) => {
  if (files[path] === undefined) throw Object.assign(new Error(`ENOENT: ${path}`), { code: 'ENOENT' });
  return Buffer.from(files[path]);
};
const policy = { knownHostsPath: '/home/tech/.ssh/known_hosts' };

describe('sshViaConfig', () => {
  it('resolves the alias through ~/.ssh/config and returns a connect through the bastion', async () => {
    const via = await sshViaConfig({ alias: 'vm1', hostKeyPolicy: policy }, { t, environment, readFile });
    expect(via).toMatchObject({
      host: '10.0.0.1',
      port: 22,
      user: 'admin',
      identityFile: '/home/tech/.ssh/vm1_admin',
      jumps: ['bastion:2222'],
    });
    expect(typeof via.connect).toBe('function');
  });

  it('the flags beat the file; --proxy-jump none removes the bastion; no file is no change', async () => {
    const via = await sshViaConfig(
      { alias: 'vm1', user: 'root', port: 2200, proxyJump: 'none', hostKeyPolicy: policy },
      { t, environment, readFile },
    );
    expect(via).toMatchObject({ host: '10.0.0.1', port: 2200, user: 'root', jumps: [] });
    expect(via.connect).toBeUndefined();
    const plain = await sshViaConfig(
      { alias: '10.9.9.9', configPath: '/nowhere/config', hostKeyPolicy: policy },
      { t, environment, readFile },
    );
    expect(plain).toEqual({ host: '10.9.9.9', port: 22, user: undefined, identityFile: undefined, jumps: [] });
  });

  it('a ProxyJump that cannot be read is USAGE_SSH_CONFIG naming the file', async () => {
    const error = await sshViaConfig(
      { alias: 'vm1', proxyJump: 'a@@b', hostKeyPolicy: policy },
      { t, environment, readFile },
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NgtError);
    expect((error as NgtError).code).toBe('USAGE_SSH_CONFIG');
    expect((error as NgtError).message).toBe('The ProxyJump "a@@b" cannot be read.');
    expect((error as NgtError).remediation).toContain('/home/tech/.ssh/config');
  });
});
