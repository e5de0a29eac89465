/**
 * Inventory sources: a file (its format from the extension, else from the
 * content, as Ansible's plugins each try it) and a pasted list. Prism
 * Central, later, is one more InventorySource. The file system comes in as a
 * parameter.
 */
import { readFile as fsReadFile } from 'node:fs/promises';

import { parseAnsibleIni } from './ansibleIni';
import { parseAnsibleYaml } from './ansibleYaml';
import { parseCsvInventory } from './csvInventory';
import {
  INVENTORY_FORMATS,
  ProblemList,
  type InventoryFormat,
  type InventoryResult,
  type InventorySource,
} from './inventoryModel';
import { validateInventory } from './inventoryValidation';
import { PASTED_SOURCE_ID, parsePastedList } from './pastedList';
import { parseJsonInventory } from './jsonInventory';

const PARSERS: Record<InventoryFormat, (text: string, file: string) => InventoryResult> = {
  'ansible-ini': parseAnsibleIni,
  'ansible-yaml': parseAnsibleYaml,
  csv: parseCsvInventory,
  json: parseJsonInventory,
  list: parsePastedList,
};

export function isInventoryFormat(value: unknown): value is InventoryFormat {
  return typeof value === 'string' && (INVENTORY_FORMATS as readonly string[]).includes(value);
}

/** By extension; without a telling one, by the first meaningful line. */
export function detectInventoryFormat(path: string, text: string): InventoryFormat {
  const ext = /\.([A-Za-z0-9]+)$/.exec(path)?.[1]?.toLowerCase();
  if (ext === 'yml' || ext === 'yaml') return 'ansible-yaml';
  if (ext === 'json') return 'json';
  if (ext === 'csv') return 'csv';
  if (ext === 'ini' || ext === 'cfg') return 'ansible-ini';
  const first =
    text
      .split(/\r?\n/)
      .find((l) => l.trim() !== '' && !/^\s*[#;]/.test(l))
      ?.trim() ?? '';
  if (first.startsWith('[{') || first === '[') return 'json';
  if (/^(---|[A-Za-z_][\w-]*:\s*$)/.test(first)) return 'ansible-yaml';
  return 'ansible-ini';
}

/** Parses and validates text already read. */
export function parseInventory(text: string, format: InventoryFormat, file: string): InventoryResult {
  return validateInventory(PARSERS[format](text, file));
}

export interface FileInventoryDeps {
  readFile?: (path: string) => Promise<string>;
}

export function fileInventorySource(
  path: string,
  format?: InventoryFormat,
  deps: FileInventoryDeps = {},
): InventorySource {
  const read = deps.readFile ?? ((p: string) => fsReadFile(p, 'utf8'));
  return {
    id: path,
    async load() {
      let text: string;
      try {
        text = await read(path);
      } catch (error) {
        const problems = new ProblemList(path);
        problems.add('readFailed', {}, { reason: (error as { code?: string }).code ?? String(error) });
        return { format: format ?? 'ansible-ini', hosts: [], groups: {}, problems: problems.items };
      }
      return parseInventory(text, format ?? detectInventoryFormat(path, text), path);
    },
  };
}

export function pastedInventorySource(text: string): InventorySource {
  return { id: PASTED_SOURCE_ID, load: async () => parseInventory(text, 'list', PASTED_SOURCE_ID) };
}
