/**
 * What the Ansible INI and YAML inventories share: groups with hosts, vars
 * and children, `all` and `ungrouped`, and Ansible's variable precedence —
 * `all`, then parent groups before their children (by depth, then by name,
 * as Ansible sorts them), then the host's own variables; a later
 * declaration of the same host or group variable wins. The `ansible_*`
 * connection variables are mapped onto the common host fields; passwords in
 * clear are refused at the line that holds them. Pure.
 */
import { buildHost, type HostFieldValues } from './hostFields';
import type { InventoryFormat, InventoryHost, InventoryResult, ProblemList } from './inventoryModel';

interface VarEntry {
  value: unknown;
  line?: number;
}

interface GroupDecl {
  vars: Map<string, VarEntry>;
  children: Set<string>;
  hosts: Set<string>;
  line?: number;
}

interface HostDecl {
  vars: Map<string, VarEntry>;
  line?: number;
}

/** Variables that would put a secret in the inventory, and the NGT Prep variable naming its environment variable. */
const CLEAR_SECRET_VARS: Record<string, string> = {
  ansible_password: 'ngt_password_env',
  ansible_ssh_pass: 'ngt_password_env',
  ansible_ssh_password: 'ngt_password_env',
  ansible_become_password: 'ngt_sudo_password_env',
  ansible_become_pass: 'ngt_sudo_password_env',
  ansible_sudo_pass: 'ngt_sudo_password_env',
  ansible_ssh_private_key_passphrase: 'ngt_passphrase_env',
};

/** `{{ lookup('env', 'NAME') }}`: the Ansible way to read an environment variable — accepted, mapped to its *_env. */
const ENV_LOOKUP =
  /^\{\{\s*lookup\(\s*['"](?:ansible\.builtin\.)?env['"]\s*,\s*['"]([A-Za-z_][A-Za-z0-9_]*)['"]\s*\)\s*\}\}$/;

/** Which variables a problem found by buildHost comes from, to point at their line. */
const PROBLEM_VARS: Partial<Record<string, string[]>> = {
  badAddress: ['ansible_host', 'ansible_user', 'ansible_ssh_user'],
  badPort: ['ansible_port', 'ansible_ssh_port'],
  badBoolean: ['ansible_become'],
  badOs: ['ngt_os'],
  badAuth: ['ngt_auth'],
  missingPasswordEnv: ['ngt_auth'],
  missingKey: ['ngt_auth'],
  badEnvName: ['ngt_password_env', 'ngt_sudo_password_env', 'ngt_passphrase_env'],
};

const GROUP_NAME = /^[A-Za-z_][A-Za-z0-9_-]*$/;

export class AnsibleInventoryBuilder {
  private readonly groupDecls = new Map<string, GroupDecl>();
  private readonly hostDecls = new Map<string, HostDecl>();

  constructor(readonly problems: ProblemList) {
    this.group('all');
    this.group('ungrouped');
  }

  group(name: string, line?: number): GroupDecl {
    let decl = this.groupDecls.get(name);
    if (!decl) {
      if (!GROUP_NAME.test(name)) this.problems.add('badGroupName', { line }, { group: name });
      decl = { vars: new Map(), children: new Set(), hosts: new Set(), line };
      this.groupDecls.set(name, decl);
    }
    return decl;
  }

  addHost(group: string, name: string, line?: number): void {
    this.group(group, line).hosts.add(name);
    if (!this.hostDecls.has(name)) this.hostDecls.set(name, { vars: new Map(), line });
  }

  addChild(parent: string, child: string, line?: number): void {
    this.group(child, line);
    this.group(parent, line).children.add(child);
  }

  setGroupVar(group: string, key: string, value: unknown, line?: number): void {
    this.setVar(this.group(group, line).vars, key, value, { line });
  }

  setHostVar(host: string, key: string, value: unknown, line?: number): void {
    const decl = this.hostDecls.get(host) ?? { vars: new Map(), line };
    this.hostDecls.set(host, decl);
    this.setVar(decl.vars, key, value, { line, host });
  }

  private setVar(target: Map<string, VarEntry>, key: string, value: unknown, where: { line?: number; host?: string }) {
    const envVar = CLEAR_SECRET_VARS[key];
    if (envVar === undefined) {
      target.set(key, { value, line: where.line });
      return;
    }
    const lookup = typeof value === 'string' ? ENV_LOOKUP.exec(value.trim()) : null;
    if (lookup) target.set(envVar, { value: lookup[1], line: where.line });
    else this.problems.add('clearSecret', where, { field: key, instead: envVar });
  }

  /** Group → direct parents, and the depth of each group (the longest path from `all`), or the groups in a cycle. */
  private depths(): { depth: Map<string, number>; parents: Map<string, string[]> } {
    const parents = new Map<string, string[]>();
    for (const [name, decl] of this.groupDecls) {
      if (name !== 'all' && !parents.has(name)) parents.set(name, []);
      for (const child of decl.children) parents.set(child, [...(parents.get(child) ?? []), name]);
    }
    // Every top-level group is a child of `all`.
    for (const list of parents.values()) if (list.length === 0) list.push('all');
    const depth = new Map<string, number>([['all', 0]]);
    const visiting: string[] = [];
    const reported = new Set<string>();
    const visit = (name: string): number => {
      const known = depth.get(name);
      if (known !== undefined) return known;
      if (visiting.includes(name)) {
        const cycle = [...visiting.slice(visiting.indexOf(name)), name];
        if (!cycle.some((g) => reported.has(g))) {
          cycle.forEach((g) => reported.add(g));
          this.problems.add('groupCycle', { line: this.groupDecls.get(name)?.line }, { groups: cycle.join(' → ') });
        }
        return 0;
      }
      visiting.push(name);
      const value = 1 + Math.max(...(parents.get(name) ?? ['all']).map(visit));
      visiting.pop();
      depth.set(name, value);
      return value;
    };
    for (const name of this.groupDecls.keys()) visit(name);
    return { depth, parents };
  }

  build(format: InventoryFormat): InventoryResult {
    const { depth, parents } = this.depths();
    const problems = this.problems;
    // Hosts named in no group but `all` belong to `ungrouped`, as in Ansible.
    const direct = new Map<string, Set<string>>();
    for (const [group, decl] of this.groupDecls)
      for (const host of decl.hosts) direct.set(host, new Set([...(direct.get(host) ?? []), group]));
    const ancestorsOf = (group: string, seen = new Set<string>()): Set<string> => {
      if (seen.has(group)) return seen;
      seen.add(group);
      for (const parent of parents.get(group) ?? []) ancestorsOf(parent, seen);
      return seen;
    };

    const groups: Record<string, string[]> = {};
    const hosts: InventoryHost[] = [];
    for (const [name, decl] of this.hostDecls) {
      const own = [...(direct.get(name) ?? [])].filter((g) => g !== 'all');
      if (own.length === 0) this.group('ungrouped').hosts.add(name);
      const memberOf = new Set<string>(['all']);
      for (const g of own.length === 0 ? ['ungrouped'] : own) for (const a of ancestorsOf(g)) memberOf.add(a);
      const ordered = [...memberOf].sort((a, b) => (depth.get(a) ?? 0) - (depth.get(b) ?? 0) || a.localeCompare(b));
      const vars = new Map<string, VarEntry>();
      for (const g of ordered) for (const [k, v] of this.groupDecls.get(g)!.vars) vars.set(k, v);
      for (const [k, v] of decl.vars) vars.set(k, v);
      for (const g of memberOf) (groups[g] ??= []).push(name);
      hosts.push(this.hostFrom(name, decl, vars, [...memberOf].filter((g) => g !== 'all').sort()));
    }
    for (const g of this.groupDecls.keys()) groups[g] ??= [];
    if (groups.ungrouped.length === 0) delete groups.ungrouped;
    return { format, hosts, groups, problems: problems.items };
  }

  private hostFrom(name: string, decl: HostDecl, vars: Map<string, VarEntry>, groups: string[]): InventoryHost {
    const value = (key: string): string | number | boolean | undefined => {
      const v = vars.get(key)?.value;
      return v === undefined || v === null ? undefined : (v as string | number | boolean);
    };
    const connection = value('ansible_connection');
    const fields: HostFieldValues = {
      name,
      host: value('ansible_host') ?? name,
      port: value('ansible_port') ?? value('ansible_ssh_port'),
      user: value('ansible_user') ?? value('ansible_ssh_user'),
      key: value('ansible_ssh_private_key_file') ?? value('ansible_private_key_file'),
      become: value('ansible_become'),
      become_user: value('ansible_become_user'),
      auth: value('ngt_auth'),
      password_env: value('ngt_password_env'),
      sudo_password_env: value('ngt_sudo_password_env'),
      passphrase_env: value('ngt_passphrase_env'),
      os: value('ngt_os') ?? (connection === 'winrm' || connection === 'psrp' ? 'windows' : undefined),
      proxy_jump: value('ngt_proxy_jump'),
      groups,
    };
    const others: Record<string, unknown> = {};
    for (const [k, v] of vars) if (!k.startsWith('ansible_') && !k.startsWith('ngt_')) others[k] = v.value;
    const before = this.problems.items.length;
    const host = buildHost(fields, { file: this.problems.file, line: decl.line }, this.problems, others);
    // A bad value is reported at the line that set it (a group's vars, perhaps), not where the host was named.
    for (const p of this.problems.items.slice(before)) {
      const causes = PROBLEM_VARS[p.key] ?? [];
      const line = causes.map((k) => vars.get(k)?.line).find((l) => l !== undefined);
      if (line !== undefined) p.line = line;
    }
    return host;
  }
}
