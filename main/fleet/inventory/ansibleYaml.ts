/**
 * Ansible YAML inventories, as Ansible's `yaml` inventory plugin reads them:
 * top-level keys are groups (usually `all`); a group has `hosts:` (host
 * name or range → its variables), `vars:` and `children:` (group name →
 * group). Parsed with the `yaml` package, keeping each node's line so every
 * problem points at it. Pure.
 */
import { LineCounter, isMap, isScalar, parseDocument, type Node, type Pair, type YAMLMap } from 'yaml';

import { AnsibleInventoryBuilder } from './ansibleGroups';
import { splitHostPort } from './ansibleIni';
import { expandHostRange } from './hostRange';
import { ProblemList, type InventoryResult } from './inventoryModel';

const GROUP_KEYS = new Set(['hosts', 'vars', 'children']);

export function parseAnsibleYaml(text: string, file: string): InventoryResult {
  const problems = new ProblemList(file);
  const builder = new AnsibleInventoryBuilder(problems);
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: false, prettyErrors: false });
  const lineOf = (node: unknown): number | undefined => {
    const range = (node as Node | null)?.range;
    return range ? lines.linePos(range[0]).line : undefined;
  };

  if (doc.errors.length > 0) {
    for (const error of doc.errors) {
      const line = error.linePos?.[0]?.line ?? lines.linePos(error.pos[0]).line;
      problems.add('yamlSyntax', { line }, { detail: error.message.split('\n')[0] });
    }
    return { format: 'ansible-yaml', hosts: [], groups: {}, problems: problems.items };
  }

  const shape = (node: unknown, path: string, expected: string) =>
    problems.add('yamlShape', { line: lineOf(node) }, { path, expected });

  const keyOf = (pair: Pair): string => String(isScalar(pair.key) ? pair.key.value : pair.key);

  const readVars = (map: unknown, path: string, set: (key: string, value: unknown, line?: number) => void) => {
    if (map === null || (isScalar(map) && map.value === null)) return;
    if (!isMap(map)) return shape(map, path, 'mapping');
    for (const pair of map.items) {
      const value = pair.value as Node | null;
      set(keyOf(pair), value && 'toJSON' in value ? value.toJSON() : value, lineOf(pair.key));
    }
  };

  const readGroup = (name: string, body: unknown, line: number | undefined, parent?: string) => {
    builder.group(name, line);
    if (parent) builder.addChild(parent, name, line);
    if (body === null || (isScalar(body) && body.value === null)) return;
    if (!isMap(body)) return shape(body, name, 'mapping (hosts, vars, children)');
    for (const pair of (body as YAMLMap).items) {
      const key = keyOf(pair);
      const path = `${name}.${key}`;
      if (!GROUP_KEYS.has(key)) {
        problems.add('yamlShape', { line: lineOf(pair.key) }, { path, expected: 'hosts, vars, children' });
        continue;
      }
      if (key === 'vars') {
        readVars(pair.value, path, (k, v, l) => builder.setGroupVar(name, k, v, l));
        continue;
      }
      if (pair.value === null || (isScalar(pair.value) && pair.value.value === null)) continue;
      if (!isMap(pair.value)) {
        shape(pair.value, path, 'mapping');
        continue;
      }
      for (const entry of pair.value.items) {
        const entryName = keyOf(entry);
        const entryLine = lineOf(entry.key);
        if (key === 'children') {
          readGroup(entryName, entry.value, entryLine, name);
          continue;
        }
        const { host, port } = splitHostPort(entryName);
        const expanded = expandHostRange(host);
        if (!expanded.ok) {
          const params = { pattern: host, range: expanded.range, reason: expanded.reason };
          problems.add(
            expanded.reason === 'tooLarge' ? 'rangeTooLarge' : 'badRange',
            { line: entryLine, host },
            params,
          );
          continue;
        }
        for (const hostName of expanded.names) {
          builder.addHost(name, hostName, entryLine);
          if (port !== undefined) builder.setHostVar(hostName, 'ansible_port', port, entryLine);
          readVars(entry.value, `${path}.${entryName}`, (k, v, l) => builder.setHostVar(hostName, k, v, l));
        }
      }
    }
  };

  const root = doc.contents;
  if (root === null || (isScalar(root) && root.value === null)) {
    problems.add('empty');
  } else if (!isMap(root)) {
    shape(root, '(top)', 'mapping of groups (all:)');
  } else {
    for (const pair of root.items) readGroup(keyOf(pair), pair.value, lineOf(pair.key));
  }
  const result = builder.build('ansible-yaml');
  if (result.hosts.length === 0 && problems.items.length === 0) problems.add('empty');
  return result;
}
