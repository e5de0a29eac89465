/**
 * Ansible INI inventories, as Ansible's `ini` inventory plugin reads them:
 * hosts before any section are ungrouped; `[group]` lists hosts (a host
 * pattern, optionally `:port`, then inline `key=value` variables, quoted the
 * shell way, `#` starting a comment); `[group:vars]` holds `key=value`
 * lines; `[group:children]` names child groups. Comments start with `#` or
 * `;`. Pure.
 */
import { AnsibleInventoryBuilder } from './ansibleGroups';
import { expandHostRange } from './hostRange';
import { ProblemList, type InventoryResult } from './inventoryModel';

type Tokens = { ok: true; tokens: string[] } | { ok: false };

/** POSIX shell-like split (as Python's shlex with comments): quotes group, backslash escapes, `#` starts a comment. */
export function shellSplit(line: string): Tokens {
  const tokens: string[] = [];
  let current = '';
  let inToken = false;
  let quote: '"' | "'" | undefined;
  for (let i = 0; i < line.length; i += 1) {
    const c = line[i];
    if (quote) {
      if (c === quote) quote = undefined;
      else if (c === '\\' && quote === '"' && (line[i + 1] === '"' || line[i + 1] === '\\')) current += line[++i];
      else current += c;
      continue;
    }
    if (c === '"' || c === "'") {
      quote = c;
      inToken = true;
    } else if (c === '\\' && i + 1 < line.length) {
      current += line[++i];
      inToken = true;
    } else if (/\s/.test(c)) {
      if (inToken) tokens.push(current);
      current = '';
      inToken = false;
    } else if (c === '#' && !inToken) {
      break;
    } else {
      current += c;
      inToken = true;
    }
  }
  if (quote) return { ok: false };
  if (inToken) tokens.push(current);
  return { ok: true, tokens };
}

/** `name`, `name:2222`, `[2001:db8::1]:2222`, `vm[01:09]:2222`; a bare IPv6 address keeps its colons. */
export function splitHostPort(pattern: string): { host: string; port?: string } {
  const v6 = /^\[([0-9a-fA-F.]*:[0-9a-fA-F.]*:[0-9a-fA-F:.]*)\](?::(\d+))?$/.exec(pattern);
  if (v6) return { host: v6[1], port: v6[2] };
  const outside = pattern.replace(/\[[^\]]*\]/g, (m) => '_'.repeat(m.length));
  const colons = [...outside].filter((c) => c === ':').length;
  if (colons !== 1) return { host: pattern };
  const at = outside.indexOf(':');
  const port = pattern.slice(at + 1);
  return /^\d+$/.test(port) ? { host: pattern.slice(0, at), port } : { host: pattern };
}

function unquote(value: string): string {
  const v = value.trim();
  return v.length >= 2 && (v[0] === '"' || v[0] === "'") && v[v.length - 1] === v[0] ? v.slice(1, -1) : v;
}

const SECTION = /^\[([^\]:\s]+)(?::([^\]\s]*))?\]\s*(?:[#;].*)?$/;

export function parseAnsibleIni(text: string, file: string): InventoryResult {
  const problems = new ProblemList(file);
  const builder = new AnsibleInventoryBuilder(problems);
  let section: { group: string; kind: 'hosts' | 'vars' | 'children' } = { group: 'ungrouped', kind: 'hosts' };

  text.split(/\r?\n/).forEach((raw, index) => {
    const line = index + 1;
    const trimmed = raw.trim();
    if (trimmed === '' || trimmed.startsWith('#') || trimmed.startsWith(';')) return;

    if (trimmed.startsWith('[') && !/^\[[0-9a-fA-F.]*:[0-9a-fA-F.]*:[0-9a-fA-F:.]*\](:\d+)?(\s|$)/.test(trimmed)) {
      const m = SECTION.exec(trimmed);
      const kind = m?.[2] === undefined ? 'hosts' : m[2];
      if (!m || (kind !== 'hosts' && kind !== 'vars' && kind !== 'children') || m[2] === 'hosts') {
        problems.add('badSection', { line }, { text: trimmed });
        section = { group: '', kind: 'hosts' };
        return;
      }
      section = { group: m[1], kind };
      builder.group(m[1], line);
      return;
    }
    if (section.group === '') return; // lines under a bad section header: reported once, at the header

    if (section.kind === 'vars') {
      const eq = trimmed.indexOf('=');
      if (eq <= 0) return problems.add('badVarLine', { line }, { text: trimmed });
      const value = trimmed.slice(eq + 1);
      if (/^\s*["']/.test(value) && !shellSplit(value).ok) return problems.add('badQuote', { line }, {});
      builder.setGroupVar(section.group, trimmed.slice(0, eq).trim(), unquote(value), line);
      return;
    }
    if (section.kind === 'children') {
      const child = shellSplit(trimmed);
      if (!child.ok || child.tokens.length !== 1) return problems.add('badHostLine', { line }, { text: trimmed });
      builder.addChild(section.group, child.tokens[0], line);
      return;
    }

    const split = shellSplit(trimmed);
    if (!split.ok) return problems.add('badQuote', { line }, {});
    const [pattern, ...assignments] = split.tokens;
    const vars: [string, string][] = [];
    for (const assignment of assignments) {
      const eq = assignment.indexOf('=');
      if (eq <= 0) {
        problems.add('badHostLine', { line, host: pattern }, { text: assignment });
        return;
      }
      vars.push([assignment.slice(0, eq), assignment.slice(eq + 1)]);
    }
    const { host, port } = splitHostPort(pattern);
    const expanded = expandHostRange(host);
    if (!expanded.ok) {
      const params = { pattern: host, range: expanded.range, reason: expanded.reason };
      problems.add(expanded.reason === 'tooLarge' ? 'rangeTooLarge' : 'badRange', { line, host }, params);
      return;
    }
    for (const name of expanded.names) {
      builder.addHost(section.group, name, line);
      if (port !== undefined) builder.setHostVar(name, 'ansible_port', port, line);
      for (const [k, v] of vars) builder.setHostVar(name, k, v, line);
    }
  });

  const result = builder.build('ansible-ini');
  if (result.hosts.length === 0 && problems.items.length === 0) problems.add('empty');
  return result;
}
