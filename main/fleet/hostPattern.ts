/**
 * `--limit` as Ansible reads host patterns: elements separated by `:` or `,`;
 * a plain element adds the hosts it names (a host name or a group name, `*`
 * and `?` as wildcards, `all` for everything), `&x` keeps only hosts also in x,
 * `!x` removes x's hosts. As in Ansible, unions are taken first, then the
 * intersections, then the exclusions, whatever their order. Pure.
 */

export interface PatternInventory {
  /** Host names in inventory order. */
  hosts: string[];
  /** Group name → member host names (`all` may be absent: it is always everything). */
  groups: Record<string, string[]>;
}

export type HostPatternResult =
  { ok: true; hosts: string[] } | { ok: false; reason: 'empty' | 'noMatch'; element: string };

function globToRegExp(glob: string): RegExp {
  const escaped = glob
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${escaped}$`, 'i');
}

/** Hosts one element names: groups matching it (their members) and hosts matching it. */
function hostsOf(element: string, inventory: PatternInventory): Set<string> {
  if (element === 'all' || element === '*') return new Set(inventory.hosts);
  const re = globToRegExp(element);
  const out = new Set<string>();
  for (const [group, members] of Object.entries(inventory.groups)) {
    if (re.test(group)) for (const m of members) out.add(m);
  }
  for (const h of inventory.hosts) if (re.test(h)) out.add(h);
  return out;
}

/** Splits on `:` and `,`, keeping IPv6 addresses in brackets whole. */
export function splitPattern(pattern: string): string[] {
  const parts: string[] = [];
  let current = '';
  let depth = 0;
  for (const ch of pattern) {
    if (ch === '[') depth += 1;
    if (ch === ']') depth = Math.max(0, depth - 1);
    if ((ch === ':' || ch === ',') && depth === 0) {
      parts.push(current.trim());
      current = '';
    } else current += ch;
  }
  parts.push(current.trim());
  return parts.filter((p) => p !== '');
}

export function selectHosts(pattern: string, inventory: PatternInventory): HostPatternResult {
  const elements = splitPattern(pattern);
  if (elements.length === 0) return { ok: false, reason: 'empty', element: pattern };
  const unions: string[] = [];
  const intersections: string[] = [];
  const exclusions: string[] = [];
  for (const e of elements) {
    if (e.startsWith('!')) exclusions.push(e.slice(1));
    else if (e.startsWith('&')) intersections.push(e.slice(1));
    else unions.push(e);
  }
  for (const e of [...unions, ...intersections]) {
    if (e === '') return { ok: false, reason: 'empty', element: pattern };
    if (hostsOf(e, inventory).size === 0) return { ok: false, reason: 'noMatch', element: e };
  }
  // Only exclusions or intersections: Ansible starts from all hosts.
  let selected = new Set<string>();
  if (unions.length === 0) selected = new Set(inventory.hosts);
  for (const e of unions) for (const h of hostsOf(e, inventory)) selected.add(h);
  for (const e of intersections) {
    const keep = hostsOf(e, inventory);
    selected = new Set([...selected].filter((h) => keep.has(h)));
  }
  for (const e of exclusions) {
    const drop = hostsOf(e, inventory);
    selected = new Set([...selected].filter((h) => !drop.has(h)));
  }
  return { ok: true, hosts: inventory.hosts.filter((h) => selected.has(h)) };
}
