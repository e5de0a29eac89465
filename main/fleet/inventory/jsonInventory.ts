/**
 * JSON inventories: an array of hosts with the properties of HOST_FIELDS
 * (`groups` as an array, `vars` as an object). The zod schema below is the
 * one fact; `inventory.schema.json` is generated from it (a unit test keeps
 * them equal). Each problem points at its line: the text is also read with
 * the `yaml` package (JSON is YAML), which keeps node positions. Pure.
 */
import { LineCounter, parseDocument, type Node } from 'yaml';
import { z } from 'zod';

import { groupsOfHosts } from './csvInventory';
import { CLEAR_SECRET_FIELDS, buildHost, type HostFieldValues } from './hostFields';
import {
  HOST_AUTH,
  HOST_OS,
  ProblemList,
  lineOfOffset,
  type InventoryHost,
  type InventoryResult,
} from './inventoryModel';

const envName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/);

export const jsonInventoryHostSchema = z
  .object({
    name: z.string().min(1).optional().describe('Name shown in reports; default: host.'),
    host: z.string().min(1).describe('Host name or IP address to connect to (IPv6 with or without brackets).'),
    port: z.number().int().min(1).max(65535).optional(),
    user: z.string().min(1).optional(),
    auth: z.enum(HOST_AUTH).optional(),
    key: z.string().min(1).optional().describe('Private key file.'),
    passphrase_env: envName.optional().describe('Environment variable holding the key passphrase.'),
    password_env: envName.optional().describe('Environment variable holding the SSH password.'),
    sudo_password_env: envName.optional().describe('Environment variable holding the sudo password.'),
    become: z.boolean().optional(),
    become_user: z.string().min(1).optional(),
    os: z.enum(HOST_OS).optional(),
    groups: z.array(z.string().regex(/^[A-Za-z_][A-Za-z0-9_-]*$/)).optional(),
    proxy_jump: z.string().min(1).optional().describe('OpenSSH ProxyJump: [user@]host[:port][,…].'),
    vars: z.record(z.string(), z.unknown()).optional(),
  })
  .strict();

export const jsonInventorySchema = z.array(jsonInventoryHostSchema);

export const JSON_INVENTORY_SCHEMA_ID = 'https://ngt-prep.invalid/schemas/inventory.schema.json';

/** The published JSON Schema (inventory.schema.json), derived from the zod schema. */
export function jsonInventoryJsonSchema(): Record<string, unknown> {
  return {
    $id: JSON_INVENTORY_SCHEMA_ID,
    title: 'NGT Prep fleet inventory',
    ...z.toJSONSchema(jsonInventorySchema),
  };
}

function syntaxLine(text: string, message: string): number | undefined {
  const lineCol = /\(line (\d+) column \d+\)/.exec(message);
  if (lineCol) return Number(lineCol[1]);
  const position = /at position (\d+)/.exec(message);
  return position ? lineOfOffset(text, Number(position[1])) : undefined;
}

export function parseJsonInventory(text: string, file: string): InventoryResult {
  const problems = new ProblemList(file);
  const empty: InventoryResult = { format: 'json', hosts: [], groups: {}, problems: problems.items };
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    const message = (error as Error).message;
    problems.add('jsonSyntax', { line: syntaxLine(text, message) }, { detail: message });
    return empty;
  }
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: false });
  const lineAt = (path: (string | number)[]): number | undefined => {
    for (let n = path.length; n >= 0; n -= 1) {
      const node = (n === 0 ? doc.contents : doc.getIn(path.slice(0, n), true)) as Node | undefined;
      if (node?.range) return lines.linePos(node.range[0]).line;
    }
    return undefined;
  };
  const nameAt = (index: number): string | undefined => {
    const entry = Array.isArray(data) ? (data[index] as Record<string, unknown> | undefined) : undefined;
    const name = entry?.name ?? entry?.host;
    return typeof name === 'string' ? name : undefined;
  };

  // Secrets in clear get their own message, and are not reported again as unknown properties.
  if (Array.isArray(data)) {
    data = data.map((entry: unknown, index) => {
      if (!entry || typeof entry !== 'object' || Array.isArray(entry)) return entry;
      const copy = { ...(entry as Record<string, unknown>) };
      for (const field of Object.keys(copy)) {
        const instead = CLEAR_SECRET_FIELDS[field];
        if (!instead) continue;
        problems.add('clearSecret', { line: lineAt([index, field]), host: nameAt(index) }, { field, instead });
        delete copy[field];
      }
      return copy;
    });
  }

  const parsed = jsonInventorySchema.safeParse(data);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
      const keys = issue.code === 'unrecognized_keys' ? issue.keys : [undefined];
      for (const key of keys) {
        const full = key === undefined ? path : [...path, key];
        const index = typeof full[0] === 'number' ? full[0] : undefined;
        problems.add(
          'jsonSchema',
          { line: lineAt(full), host: index === undefined ? undefined : nameAt(index) },
          { path: full.length > 0 ? full.join('.') : '(top)', detail: issue.message },
        );
      }
    }
    return empty;
  }

  const hosts: InventoryHost[] = parsed.data.map((entry, index) => {
    const { groups, vars, ...rest } = entry;
    const fields: HostFieldValues = { ...rest, groups: [...new Set(groups ?? [])].sort() };
    return buildHost(fields, { file, line: lineAt([index]) }, problems, vars ?? {});
  });
  if (hosts.length === 0 && problems.items.length === 0) problems.add('empty');
  return { format: 'json', hosts, groups: groupsOfHosts(hosts), problems: problems.items };
}
