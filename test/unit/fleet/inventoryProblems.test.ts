/**
 * Bad inventories: every problem at once, each with file, line, host and a
 * message that says what to do, in every language.
 */
import { describe, expect, it } from 'vitest';

import { createTranslator } from '../../../main/i18n/catalogue';
import type { InventoryFormat } from '../../../main/fleet/inventory/inventoryModel';
import { parseInventory } from '../../../main/fleet/inventory/inventorySource';
import { inventoryError, problemLine, runnableHosts } from '../../../main/fleet/inventory/inventoryValidation';

const en = createTranslator('en');
const FILE: Record<InventoryFormat, string> = {
  'ansible-ini': 'hosts.ini',
  'ansible-yaml': 'hosts.yml',
  csv: 'fleet.csv',
  json: 'fleet.json',
  list: 'pasted',
};

type Case = [
  name: string,
  format: InventoryFormat,
  text: string,
  problems: [key: string, line?: number, host?: string][],
  message: string,
];

const CASES: Case[] = [
  [
    'a range that runs backwards',
    'ansible-ini',
    '[web]\nvm[09:01].lab\n',
    [['badRange', 2, 'vm[09:01].lab']],
    'hosts.ini:2: host vm[09:01].lab: The host range [09:01] in "vm[09:01].lab" is not valid (order).',
  ],
  ['a padded range of unequal widths', 'ansible-ini', 'vm[01:100]\n', [['badRange', 1, 'vm[01:100]']], '(width)'],
  [
    'a range past 10,000 hosts',
    'ansible-ini',
    'vm[0:20000]\n',
    [['rangeTooLarge', 1, 'vm[0:20000]']],
    'names more than 10,000 hosts',
  ],
  [
    'an inline variable without =',
    'ansible-ini',
    '[web]\nvm1 ansible_user\n',
    [['badHostLine', 2, 'vm1']],
    'hosts.ini:2: host vm1: "ansible_user" is neither a host name nor a key=value variable.',
  ],
  ['an unclosed quote', 'ansible-ini', 'vm1 note="half\n', [['badQuote', 1]], 'A quote is opened and never closed'],
  [
    'a :vars line without =',
    'ansible-ini',
    '[web:vars]\nansible_user root\n',
    [['badVarLine', 2]],
    '"ansible_user root" in a :vars section',
  ],
  [
    'an unknown section kind',
    'ansible-ini',
    '[web:hostvars]\nvm1\n',
    [['badSection', 1]],
    'Write [group], [group:vars] or [group:children].',
  ],
  [
    'groups that contain each other',
    'ansible-ini',
    '[a:children]\nb\n[b:children]\na\n[a]\nvm1\n',
    [['groupCycle', 1]],
    'a → b → a',
  ],
  [
    'a password in clear',
    'ansible-ini',
    'vm1 ansible_password=hunter2\n',
    [['clearSecret', 1, 'vm1']],
    'hosts.ini:1: host vm1: ansible_password puts a secret in clear in the inventory; NGT Prep refuses it. Remove ansible_password, put the secret in an environment variable and name that variable with ngt_password_env',
  ],
  [
    'a become password in clear in group vars',
    'ansible-ini',
    '[web]\nvm1\n[web:vars]\nansible_become_password=s3cret\n',
    [['clearSecret', 4]],
    'ngt_sudo_password_env',
  ],
  [
    'a port that is not a number',
    'ansible-ini',
    '[web]\nvm1\n[web:vars]\nansible_port=ssh\n',
    [['badPort', 4, 'vm1']],
    '"ssh" is not a port number.',
  ],
  [
    'become neither yes nor no',
    'ansible-ini',
    'vm1 ansible_become=maybe\n',
    [['badBoolean', 1, 'vm1']],
    'become is "maybe", which is neither yes nor no.',
  ],
  [
    'a host name with a space',
    'ansible-ini',
    'vm1 ansible_host="10.0.0.1 10.0.0.2"\n',
    [['badAddress', 1, 'vm1']],
    'is not a valid host name',
  ],
  ['a bad group name', 'ansible-ini', '[web servers]\nvm1\n', [['badSection', 1]], 'is not a section header'],
  [
    'YAML that does not parse',
    'ansible-yaml',
    'all:\n  hosts:\n    vm1: {ansible_port: 22\n',
    [['yamlSyntax', 4]],
    'The YAML cannot be read:',
  ],
  [
    'YAML hosts as a list',
    'ansible-yaml',
    'all:\n  hosts:\n    - vm1\n    - vm2\n',
    [['yamlShape', 3]],
    'all.hosts should be a mapping.',
  ],
  [
    'a YAML key Ansible does not know',
    'ansible-yaml',
    'all:\n  host:\n    vm1:\n',
    [['yamlShape', 2]],
    'all.host should be a hosts, vars, children.',
  ],
  [
    'a password in clear in YAML group vars',
    'ansible-yaml',
    'all:\n  hosts:\n    vm1:\n  vars:\n    ansible_ssh_pass: x\n',
    [['clearSecret', 5]],
    'ansible_ssh_pass puts a secret in clear',
  ],
  [
    'a YAML range with a bad step',
    'ansible-yaml',
    'all:\n  hosts:\n    vm[1:9:0]:\n',
    [['badRange', 3, 'vm[1:9:0]']],
    '(step)',
  ],
  [
    'a CSV without name or host column',
    'csv',
    'user,port\nroot,22\n',
    [['csvMissingColumn', 1]],
    'The header row has no name / host column.',
  ],
  [
    'a CSV column nobody knows',
    'csv',
    'name,colour\nvm1,blue\n',
    [['csvUnknownColumn', 1]],
    'The column "colour" is not known. Use only these columns: name, host, port',
  ],
  [
    'a CSV password column',
    'csv',
    'name,password\nvm1,x\n',
    [['clearSecret', 1]],
    'password puts a secret in clear in the inventory; NGT Prep refuses it. Remove password, put the secret in an environment variable and name that variable with password_env',
  ],
  [
    'a CSV row with too many fields',
    'csv',
    'name,host\nvm1,10.0.0.1,extra\nvm2,10.0.0.2\n',
    [['csvSyntax', 2, 'vm1']],
    '(3 / 2)',
  ],
  [
    'an unclosed CSV quote',
    'csv',
    'name,host\n"vm1,10.0.0.1\n',
    [['csvSyntax', 2]],
    'The CSV row cannot be read (Quote Not Closed',
  ],
  [
    'a CSV password auth without its variable',
    'csv',
    'name,auth\nvm1,password\n',
    [['missingPasswordEnv', 2, 'vm1']],
    'auth is password, but no environment variable holds the password.',
  ],
  ['a CSV key auth without a key', 'csv', 'name,auth\nvm1,key\n', [['missingKey', 2, 'vm1']], 'no key file is given'],
  [
    'a CSV secret given instead of a variable name',
    'csv',
    'name,password_env\nvm1,hunter 2\n',
    [['badEnvName', 2, 'vm1']],
    'password_env is "hunter 2", which is not an environment variable name.',
  ],
  [
    'a CSV OS NGT Prep does not handle',
    'csv',
    'name,os\nvm1,solaris\n',
    [['badOs', 2, 'vm1']],
    'Write one of: linux, windows.',
  ],
  [
    'a CSV auth method nobody knows',
    'csv',
    'name,auth\nvm1,kerberos\n',
    [['badAuth', 2, 'vm1']],
    'The authentication "kerberos" is not known.',
  ],
  [
    'JSON that does not parse',
    'json',
    '[\n  {"host": "a"},\n  {"host": "b",}\n]\n',
    [['jsonSyntax', 3]],
    'The JSON cannot be read:',
  ],
  [
    'JSON with a port out of range and an unknown property',
    'json',
    '[\n  {"host": "a",\n   "port": 70000,\n   "colour": "blue"}\n]\n',
    [
      ['jsonSchema', 3, 'a'],
      ['jsonSchema', 4, 'a'],
    ],
    'fleet.json:3: host a: 0.port:',
  ],
  [
    'JSON with a password',
    'json',
    '[\n  {"host": "a",\n   "password": "x"}\n]\n',
    [['clearSecret', 3, 'a']],
    'Remove password',
  ],
  ['JSON that is not an array', 'json', '{"hosts": []}\n', [['jsonSchema', 1]], 'fleet.json:1: (top):'],
  [
    'a pasted line that is not a host',
    'list',
    'vm1\nroot@@vm2\nvm3 vm4\n',
    [
      ['listBadLine', 2],
      ['listBadLine', 3],
    ],
    'pasted:2: "root@@vm2" is not a host.',
  ],
  [
    'the same address and port twice',
    'list',
    'root@10.0.0.1\nadmin@10.0.0.1:22\n10.0.0.1:2222\n',
    [['duplicateHost', 2, '10.0.0.1:22']],
    'pasted:2: host 10.0.0.1:22: 10.0.0.1 port 22 is already in the inventory as 10.0.0.1 (pasted:1). Remove one of the two entries',
  ],
  [
    'two INI names for one ansible_host',
    'ansible-ini',
    'a ansible_host=10.0.0.5\nb ansible_host=10.0.0.5\n',
    [['duplicateHost', 2, 'b']],
    'as a (hosts.ini:1)',
  ],
  ['an empty file', 'ansible-yaml', '# nothing yet\n', [['empty']], 'hosts.yml: The inventory names no host.'],
];

function withoutTrailingUndefined(values: (string | number | undefined)[]) {
  const out = [...values];
  while (out.length > 0 && out[out.length - 1] === undefined) out.pop();
  return out;
}

describe('bad inventories', () => {
  it.each(CASES)('%s', (_name, format, text, expected, message) => {
    const result = parseInventory(text, format, FILE[format]);
    expect(result.problems.map((p) => withoutTrailingUndefined([p.key, p.line, p.host]))).toEqual(expected);
    const lines = result.problems.map((p) => problemLine(en, p));
    expect(lines.join('\n')).toContain(message);
    for (const line of lines) {
      expect(line).not.toMatch(/fleet\.inventory|{{|undefined/);
      expect(line).toMatch(/\.$/); // a message, then what to do
    }
  });

  it('there are at least 20 of them, covering every format', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(20);
    expect(new Set(CASES.map((c) => c[1]))).toEqual(new Set(['ansible-ini', 'ansible-yaml', 'csv', 'json', 'list']));
  });

  it('reports every problem of a file at once, in line order, and no secret value', () => {
    const text =
      '[web]\nvm[3:1]\nvm1 ansible_password=hunter2 ansible_port=0\n[web:vars]\nansible_become=perhaps\n[db:nope]\n';
    const result = parseInventory(text, 'ansible-ini', 'hosts.ini');
    expect(result.problems.map((p) => [p.key, p.line])).toEqual([
      ['badRange', 2],
      ['clearSecret', 3],
      ['badPort', 3],
      ['badBoolean', 5],
      ['badSection', 6],
    ]);
    const error = inventoryError(en, result);
    expect(error.code).toBe('USAGE_INVENTORY_INVALID');
    expect(error.category).toBe('usage');
    expect(error.message).toBe('The inventory has 5 problems; nothing runs until they are fixed.');
    expect(error.detail!.split('\n')).toHaveLength(5);
    expect(error.detail).not.toContain('hunter2');
  });

  it('lets the person skip the bad hosts, but never a problem of the file itself', () => {
    const result = parseInventory('good1\nbad1 ansible_port=x\ngood2\n', 'ansible-ini', 'hosts.ini');
    expect(runnableHosts(result)).toBeUndefined();
    expect(runnableHosts(result, { skipBadHosts: true })).toEqual({
      hosts: [expect.objectContaining({ name: 'good1' }), expect.objectContaining({ name: 'good2' })],
      skipped: ['bad1'],
    });
    const broken = parseInventory('good1\n[web:nope]\n', 'ansible-ini', 'hosts.ini');
    expect(runnableHosts(broken, { skipBadHosts: true })).toBeUndefined();
    expect(runnableHosts(parseInventory('good1\n', 'ansible-ini', 'h'))?.hosts).toHaveLength(1);
  });

  it.each(['fr', 'ja'] as const)('%s: every problem is worded in the language, with its parameters', (lang) => {
    const t = createTranslator(lang);
    for (const [, format, text] of CASES) {
      for (const problem of parseInventory(text, format, FILE[format]).problems) {
        const line = problemLine(t, problem);
        expect(line).not.toMatch(/fleet\.inventory|{{/);
        expect(line).not.toBe(problemLine(en, problem));
      }
    }
  });
});
