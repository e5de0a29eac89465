/**
 * Each inventory format as its users write it: ranges, children, variable
 * precedence, connection variables. The Ansible cases follow Ansible's
 * "How to build your inventory" guide (docs.ansible.com, inventory_guide/
 * intro_inventory): ranges, :vars/:children, the YAML layout, and "host vars
 * over child group vars over parent group vars over all".
 */
import { readFileSync } from 'node:fs';

import Ajv2020 from 'ajv/dist/2020';
import { describe, expect, it } from 'vitest';

import { parseAnsibleIni, shellSplit, splitHostPort } from '../../../main/fleet/inventory/ansibleIni';
import { parseAnsibleYaml } from '../../../main/fleet/inventory/ansibleYaml';
import { parseCsvInventory } from '../../../main/fleet/inventory/csvInventory';
import { expandHostRange } from '../../../main/fleet/inventory/hostRange';
import { jsonInventoryJsonSchema, parseJsonInventory } from '../../../main/fleet/inventory/jsonInventory';
import { parsePastedList } from '../../../main/fleet/inventory/pastedList';
import {
  detectInventoryFormat,
  fileInventorySource,
  pastedInventorySource,
} from '../../../main/fleet/inventory/inventorySource';
import type { InventoryResult } from '../../../main/fleet/inventory/inventoryModel';

const byName = (r: InventoryResult) => Object.fromEntries(r.hosts.map((h) => [h.name, h]));

describe('host ranges', () => {
  it.each([
    ['vm[01:03].lab', ['vm01.lab', 'vm02.lab', 'vm03.lab']],
    ['10.0.0.[1:3]', ['10.0.0.1', '10.0.0.2', '10.0.0.3']],
    ['web[8:10]', ['web8', 'web9', 'web10']],
    ['db[001:010:4]', ['db001', 'db005', 'db009']],
    ['[:2]x', ['0x', '1x', '2x']],
    ['node-[a:c]', ['node-a', 'node-b', 'node-c']],
    ['r[1:2]c[1:2]', ['r1c1', 'r1c2', 'r2c1', 'r2c2']],
    ['plain.example', ['plain.example']],
  ])('%s', (pattern, names) => {
    expect(expandHostRange(pattern)).toEqual({ ok: true, names });
  });

  it.each([
    ['vm[05:01]', 'order'],
    ['vm[01:100]', 'width'],
    ['vm[1:x]', 'syntax'],
    ['vm[1:9:0]', 'step'],
    ['vm[0:99999]', 'tooLarge'],
  ])('%s is refused (%s)', (pattern, reason) => {
    expect(expandHostRange(pattern)).toMatchObject({ ok: false, reason });
  });
});

describe('INI tokens', () => {
  it('splits the shell way, quotes kept together, # starting a comment', () => {
    expect(shellSplit(`h1 a="x y" b='c "d"' c=\\ e # note`)).toEqual({
      ok: true,
      tokens: ['h1', 'a=x y', 'b=c "d"', 'c= e'],
    });
    expect(shellSplit('h1 a="open')).toEqual({ ok: false });
  });
  it('reads host:port, bracketed IPv6 and ranges with ports', () => {
    expect(splitHostPort('db.lab:2222')).toEqual({ host: 'db.lab', port: '2222' });
    expect(splitHostPort('[2001:db8::1]:2200')).toEqual({ host: '2001:db8::1', port: '2200' });
    expect(splitHostPort('vm[01:09]:2222')).toEqual({ host: 'vm[01:09]', port: '2222' });
    expect(splitHostPort('vm[01:09]')).toEqual({ host: 'vm[01:09]' });
    expect(splitHostPort('2001:db8::1')).toEqual({ host: '2001:db8::1' });
  });
});

const INI = `# lab fleet
bastion.lab ansible_user=jump

[web]
vm[01:03].lab
vm04.lab ansible_host=10.0.0.44 ansible_port=2204 role="front end"

[db]
10.0.0.[8:9] ansible_user=postgres

[rocky:children]
web
db

[datacentre:children]
rocky

[all:vars]
ansible_user=root
ansible_ssh_private_key_file=~/.ssh/fleet
tier=all

[datacentre:vars]
tier=datacentre
ansible_port=2222

[rocky:vars]
tier=rocky
ansible_become=yes
ansible_become_user=root
ngt_sudo_password_env=FLEET_SUDO

[web:vars]
tier=web
`;

describe('Ansible INI', () => {
  const result = parseAnsibleIni(INI, 'hosts.ini');
  const hosts = byName(result);

  it('finds every host, ranges expanded, in the order written, with no problem', () => {
    expect(result.problems).toEqual([]);
    expect(result.hosts.map((h) => h.name)).toEqual([
      'bastion.lab',
      'vm01.lab',
      'vm02.lab',
      'vm03.lab',
      'vm04.lab',
      '10.0.0.8',
      '10.0.0.9',
    ]);
    expect(hosts['vm02.lab'].origin).toEqual({ file: 'hosts.ini', line: 5 });
  });

  it('applies precedence: host > child group > parent group > all', () => {
    expect(hosts['vm01.lab'].vars.tier).toBe('web'); // web (child) over rocky over datacentre over all
    expect(hosts['10.0.0.8'].vars.tier).toBe('rocky'); // db sets no tier
    expect(hosts['bastion.lab'].vars.tier).toBe('all');
    expect(hosts['vm04.lab'].vars.role).toBe('front end');
    expect(hosts['vm04.lab'].port).toBe(2204); // host over datacentre's 2222
    expect(hosts['vm01.lab'].port).toBe(2222);
    expect(hosts['bastion.lab'].port).toBeUndefined(); // left to ~/.ssh/config or 22
    expect(hosts['10.0.0.9'].user).toBe('postgres');
    expect(hosts['bastion.lab'].user).toBe('jump');
    expect(hosts['vm03.lab'].user).toBe('root');
  });

  it('maps the connection variables', () => {
    expect(hosts['vm04.lab']).toMatchObject({
      address: '10.0.0.44',
      keyPath: '~/.ssh/fleet',
      become: true,
      becomeUser: 'root',
      sudoPasswordEnv: 'FLEET_SUDO',
      groups: ['datacentre', 'rocky', 'web'],
    });
    expect(hosts['bastion.lab'].become).toBeUndefined();
    expect(hosts['bastion.lab'].groups).toEqual(['ungrouped']);
  });

  it('lists group members through children', () => {
    expect(result.groups.datacentre).toEqual(['vm01.lab', 'vm02.lab', 'vm03.lab', 'vm04.lab', '10.0.0.8', '10.0.0.9']);
    expect(result.groups.ungrouped).toEqual(['bastion.lab']);
    expect(result.groups.all).toHaveLength(7);
  });

  it('accepts a password read from the environment the Ansible way', () => {
    const r = parseAnsibleIni(`h1 ansible_password="{{ lookup('env', 'H1_PW') }}"`, 'i.ini');
    expect(r.problems).toEqual([]);
    expect(r.hosts[0].passwordEnv).toBe('H1_PW');
  });

  it('a host named in two groups is one host with both groups', () => {
    const r = parseAnsibleIni('[a]\nh1 x=1\n[b]\nh1 y=2\n', 'i.ini');
    expect(r.hosts).toHaveLength(1);
    expect(r.hosts[0]).toMatchObject({ groups: ['a', 'b'], vars: { x: '1', y: '2' } });
  });
});

const YAML = `all:
  hosts:
    bastion.lab:
      ansible_user: jump
  vars:
    ansible_user: root
    tier: all
  children:
    datacentre:
      vars:
        tier: datacentre
        ansible_port: 2222
      children:
        rocky:
          vars: { tier: rocky, ansible_become: true }
          children:
            web:
              hosts:
                vm[01:03].lab:
                vm04.lab:
                  ansible_host: 10.0.0.44
                  ansible_port: 2204
              vars:
                tier: web
            db:
              hosts:
                10.0.0.[8:9]:
                  ansible_user: postgres
    windows:
      hosts:
        win01.lab:
          ansible_connection: winrm
`;

describe('Ansible YAML', () => {
  const result = parseAnsibleYaml(YAML, 'hosts.yml');
  const hosts = byName(result);

  it('gives the same hosts and precedence as the INI layout', () => {
    expect(result.problems).toEqual([]);
    expect(result.hosts.map((h) => h.name)).toEqual([
      'bastion.lab',
      'vm01.lab',
      'vm02.lab',
      'vm03.lab',
      'vm04.lab',
      '10.0.0.8',
      '10.0.0.9',
      'win01.lab',
    ]);
    expect(hosts['vm01.lab']).toMatchObject({ port: 2222, user: 'root', become: true, vars: { tier: 'web' } });
    expect(hosts['vm04.lab']).toMatchObject({ address: '10.0.0.44', port: 2204 });
    expect(hosts['10.0.0.8']).toMatchObject({ user: 'postgres', vars: { tier: 'rocky' } });
    expect(hosts['bastion.lab']).toMatchObject({ user: 'jump', vars: { tier: 'all' }, groups: ['ungrouped'] });
    expect(hosts['vm02.lab'].origin.line).toBe(19);
  });

  it('takes ansible_connection winrm as a Windows host', () => {
    expect(hosts['win01.lab'].os).toBe('windows');
    expect(hosts['vm01.lab'].os).toBeUndefined();
  });
});

describe('CSV', () => {
  const CSV = `# exported from the CMDB
Name,Address,Port,User,Auth,Key,Password_Env,Sudo_Password_Env,OS,Group
web01,10.0.0.1,,root,key,~/.ssh/id_ed25519,,,linux,web;rocky
web02,10.0.0.2,2222,admin,password,,WEB_PW,WEB_SUDO,linux,web
"win,01",10.0.0.9,,,,,,,windows,windows

`;
  const result = parseCsvInventory(CSV, 'fleet.csv');

  it('reads the header in any case, rows with their lines and groups', () => {
    expect(result.problems).toEqual([]);
    expect(result.hosts).toHaveLength(3);
    expect(byName(result).web01).toMatchObject({
      address: '10.0.0.1',
      user: 'root',
      auth: 'key',
      keyPath: '~/.ssh/id_ed25519',
      os: 'linux',
      groups: ['rocky', 'web'],
      origin: { file: 'fleet.csv', line: 3 },
    });
    expect(byName(result).web02).toMatchObject({ port: 2222, passwordEnv: 'WEB_PW', sudoPasswordEnv: 'WEB_SUDO' });
    expect(byName(result)['win,01'].os).toBe('windows');
    expect(result.groups.web).toEqual(['web01', 'web02']);
  });
});

describe('JSON', () => {
  const JSON_TEXT = `[
  { "name": "web01", "host": "10.0.0.1", "user": "root", "groups": ["web"] },
  { "host": "2001:db8::7", "port": 2200, "auth": "agent", "os": "linux", "vars": { "tier": "gold" } }
]`;
  it('reads an array of hosts, each with its line', () => {
    const result = parseJsonInventory(JSON_TEXT, 'fleet.json');
    expect(result.problems).toEqual([]);
    expect(result.hosts.map((h) => [h.name, h.address, h.port, h.origin.line])).toEqual([
      ['web01', '10.0.0.1', undefined, 2],
      ['2001:db8::7', '2001:db8::7', 2200, 3],
    ]);
    expect(result.hosts[1].vars).toEqual({ tier: 'gold' });
  });

  it('publishes the JSON Schema derived from the one zod schema, and ajv agrees with it', () => {
    const published = JSON.parse(readFileSync('main/fleet/inventory/inventory.schema.json', 'utf8'));
    expect(published).toEqual(jsonInventoryJsonSchema());
    const validate = new Ajv2020({ allErrors: true, strict: true }).compile(published);
    expect(validate(JSON.parse(JSON_TEXT))).toBe(true);
    expect(validate([{ host: 'a', port: 70000 }])).toBe(false);
    expect(validate([{ host: 'a', password: 'x' }])).toBe(false);
    expect(validate([{ name: 'no-host' }])).toBe(false);
  });
});

describe('pasted list', () => {
  it('reads host, user@host, user@host:port and IPv6', () => {
    const result = parsePastedList(
      'vm1.lab\n  root@10.0.0.2:2222  # the db\n\nadmin@[2001:db8::5]:2200\nfe80::1\nops@2001:db8::9\n',
    );
    expect(result.problems).toEqual([]);
    expect(result.hosts.map((h) => [h.name, h.address, h.user, h.port, h.origin.line])).toEqual([
      ['vm1.lab', 'vm1.lab', undefined, undefined, 1],
      ['10.0.0.2:2222', '10.0.0.2', 'root', 2222, 2],
      ['[2001:db8::5]:2200', '2001:db8::5', 'admin', 2200, 4],
      ['fe80::1', 'fe80::1', undefined, undefined, 5],
      ['2001:db8::9', '2001:db8::9', 'ops', undefined, 6],
    ]);
  });
});

describe('sources', () => {
  it('tells the format from the extension, else from the content', () => {
    expect(detectInventoryFormat('x/hosts.yml', '')).toBe('ansible-yaml');
    expect(detectInventoryFormat('x/fleet.CSV', '')).toBe('csv');
    expect(detectInventoryFormat('x/hosts', '# c\nall:\n  hosts:\n')).toBe('ansible-yaml');
    expect(detectInventoryFormat('x/hosts', '[web]\nvm1\n')).toBe('ansible-ini');
    expect(detectInventoryFormat('x/hosts', '[{"host":"a"}]')).toBe('json');
  });

  it('loads a file through the injected reader and validates it', async () => {
    const files: Record<string, string> = { '/inv/hosts': '[web]\nvm[1:2] ansible_host=10.0.0.5\n' };
    const source = fileInventorySource('/inv/hosts', undefined, { readFile: async (p) => files[p] });
    const result = await source.load();
    expect(source.id).toBe('/inv/hosts');
    expect(result.format).toBe('ansible-ini');
    expect(result.problems.map((p) => [p.key, p.host, p.line])).toEqual([['duplicateHost', 'vm2', 2]]);
  });

  it('reports a missing file as a problem, not a throw', async () => {
    const result = await fileInventorySource('/nope/hosts.yml').load();
    expect(result.problems).toEqual([
      { key: 'readFailed', file: '/nope/hosts.yml', line: undefined, host: undefined, params: { reason: 'ENOENT' } },
    ]);
  });

  it('a pasted list is a source too', async () => {
    const result = await pastedInventorySource('a.lab\nb.lab\n').load();
    expect(result.hosts.map((h) => h.name)).toEqual(['a.lab', 'b.lab']);
  });
});
