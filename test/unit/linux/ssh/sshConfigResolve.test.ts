/**
 * ~/.ssh/config resolution, following ssh_config(5) (OpenSSH 9.2, Debian 12):
 * "for each parameter, the first obtained value will be used"; a Host entry
 * matches when one pattern matches and no negated one does; IdentityFile
 * accumulates and expands ~ and %-tokens; ProxyJump is "[user@]host[:port]"
 * or an ssh:// URI, comma-separated, "none" disabling it; command-line
 * values override the file.
 */
import { describe, expect, it } from 'vitest';

import { createTranslator } from '../../../../main/i18n/catalogue';

import {
  SshConfigError,
  parseProxyJump,
  readSshConfig,
  resolveSshTarget,
  sshConfigNgtError,
} from '../../../../main/linux/ssh/sshConfigResolve';

const context = { homedir: '/home/tech', localUser: 'tech' };

const CONFIG = `# field laptop
Host db?.lab
  Port 2300
  ProxyJump admin@edge.example:2022,bastion.lab

Host *.lab !bastion.lab !direct.lab
  User labuser
  ProxyJump bastion.lab
  IdentityFile ~/.ssh/%h_%r
  IdentityFile %d/.ssh/lab_%u_%p

Host bastion.lab
  HostName 10.200.9.2
  Port 2222
  User jump

HOST vm01.lab
  hostname %h.internal
  user first-but-too-late
  port 2201

Host edge.example
  HostName 192.0.2.10

Host direct.lab
  ProxyJump none
  Include other.conf

Host *
  User everyone
  IdentityFile ~/.ssh/id_ed25519
  ServerAliveInterval 30
`;

describe('resolveSshTarget', () => {
  it('first match wins per keyword; HostName %h; IdentityFile accumulates with tokens expanded', () => {
    const target = resolveSshTarget(CONFIG, 'vm01.lab', {}, context);
    expect(target).toMatchObject({
      alias: 'vm01.lab',
      host: 'vm01.lab.internal',
      port: 2201,
      user: 'labuser', // from the first matching block, not vm01's later "user"
      identityFiles: [
        '/home/tech/.ssh/vm01.lab.internal_labuser',
        '/home/tech/.ssh/lab_tech_2201',
        '/home/tech/.ssh/id_ed25519',
      ],
    });
    expect(target.jumps).toEqual([
      {
        alias: 'bastion.lab',
        host: '10.200.9.2',
        port: 2222,
        user: 'jump',
        identityFiles: ['/home/tech/.ssh/id_ed25519'],
      },
    ]);
  });

  it('a negated pattern keeps the bastion itself out of the block that jumps through it', () => {
    const bastion = resolveSshTarget(CONFIG, 'bastion.lab', {}, context);
    expect(bastion).toMatchObject({ host: '10.200.9.2', port: 2222, user: 'jump', jumps: [] });
  });

  it('? matches one character; a chain of hops is resolved hop by hop, each through the file', () => {
    const db = resolveSshTarget(CONFIG, 'db1.lab', {}, context);
    expect(db.port).toBe(2300);
    expect(db.jumps.map((j) => [j.alias, j.host, j.port, j.user])).toEqual([
      ['edge.example', '192.0.2.10', 2022, 'admin'],
      ['bastion.lab', '10.200.9.2', 2222, 'jump'],
    ]);
    // db10.lab is not db?.lab: the *.lab block's ProxyJump is the first one obtained.
    const db10 = resolveSshTarget(CONFIG, 'db10.lab', {}, context);
    expect([db10.port, db10.jumps.map((j) => j.alias)]).toEqual([22, ['bastion.lab']]);
  });

  it('explicit values beat the file, and an explicit ProxyJump replaces it', () => {
    const target = resolveSshTarget(
      CONFIG,
      'vm01.lab',
      { user: 'root', port: 22, identityFile: '/keys/fleet', proxyJump: 'ops@edge.example' },
      context,
    );
    expect(target).toMatchObject({ user: 'root', port: 22 });
    expect(target.identityFiles[0]).toBe('/keys/fleet');
    expect(target.identityFiles[1]).toBe('/home/tech/.ssh/vm01.lab.internal_root');
    expect(target.jumps.map((j) => [j.host, j.user])).toEqual([['192.0.2.10', 'ops']]);
    expect(resolveSshTarget(CONFIG, 'vm01.lab', { proxyJump: 'none' }, context).jumps).toEqual([]);
  });

  it('ProxyJump none in the file; what is not followed is said', () => {
    const direct = resolveSshTarget(CONFIG, 'direct.lab', {}, context);
    expect(direct.jumps).toEqual([]);
    expect(direct.ignored).toEqual(['include']);
    expect(direct.user).toBe('everyone');
  });

  it('a host no block names gets the defaults and no user from nowhere', () => {
    expect(resolveSshTarget('', '10.0.0.5', {}, context)).toEqual({
      alias: '10.0.0.5',
      host: '10.0.0.5',
      port: 22,
      identityFiles: [],
      jumps: [],
      ignored: [],
    });
  });

  it('Match exec is never run', () => {
    const text = 'Match exec "touch /tmp/ngtp-should-not-exist"\n  User evil\nHost *\n  User fine\n';
    expect(resolveSshTarget(text, 'h', {}, context).user).toBe('fine');
  });

  it.each([
    ['a loop of bastions', 'Host a\n  ProxyJump b\nHost b\n  ProxyJump a\n', 'a', 'jumpLoop'],
    ['a bastion jumping through itself', 'Host *\n  ProxyJump bastion\n', 'vm', 'jumpLoop'],
    ['a ProxyJump that is not a host', 'Host a\n  ProxyJump user@@b\n', 'a', 'badProxyJump'],
    ['a port that is not a number', 'Host a\n  Port ssh\n', 'a', 'badPort'],
    ['an unknown %-token', 'Host a\n  IdentityFile ~/.ssh/%Z\n', 'a', 'badToken'],
  ])('refuses %s', (_name, text, alias, reason) => {
    let error: unknown;
    try {
      resolveSshTarget(text, alias, {}, context);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SshConfigError);
    expect((error as SshConfigError).reason).toBe(reason);
  });
});

describe('parseProxyJump', () => {
  it('reads hops, URIs and IPv6', () => {
    expect(parseProxyJump('ssh://ops@[2001:db8::1]:2022,bastion')).toEqual([
      { user: 'ops', host: '2001:db8::1', port: 2022 },
      { user: undefined, host: 'bastion', port: undefined },
    ]);
    expect(parseProxyJump('NONE')).toEqual([]);
    expect(parseProxyJump(undefined)).toEqual([]);
  });
});

describe('readSshConfig', () => {
  it('a missing file is an empty configuration; other errors are not hidden', async () => {
    const enoent = Object.assign(new Error('no'), { code: 'ENOENT' });
    const eacces = Object.assign(new Error('denied'), { code: 'EACCES' });
    await expect(readSshConfig('/x', async () => Promise.reject(enoent))).resolves.toBe('');
    await expect(readSshConfig('/x', async () => Promise.reject(eacces))).rejects.toThrow('denied');
    await expect(readSshConfig('/x', async () => 'Host a\n')).resolves.toBe('Host a\n');
  });
});

describe('sshConfigNgtError', () => {
  it.each(['en', 'fr', 'ja'] as const)(
    '%s: a usage error (exit 2) naming the value, the file and what to do',
    (lang) => {
      const error = sshConfigNgtError(
        createTranslator(lang),
        new SshConfigError('jumpLoop', 'a → b → a'),
        '/home/tech/.ssh/config',
      );
      expect(error.code).toBe('USAGE_SSH_CONFIG');
      expect(error.category).toBe('usage');
      expect(error.message).toContain('a → b → a');
      expect(error.remediation).toContain('/home/tech/.ssh/config');
      expect(`${error.message}${error.remediation}`).not.toMatch(/sshConfig\.|{{/);
    },
  );
});
