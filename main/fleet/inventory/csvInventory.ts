/**
 * CSV inventories (a spreadsheet export): a header row naming the columns of
 * HOST_FIELDS (any order, any case; `address` for `host`, `groups` for
 * `group`), one host per row, `#` comment lines and blank lines skipped.
 * `group` may list several groups separated by `;` or spaces. Parsed with
 * csv-parse. Pure.
 */
import { parse } from 'csv-parse/sync';

import { CLEAR_SECRET_FIELDS, HOST_FIELDS, buildHost, type HostFieldName, type HostFieldValues } from './hostFields';
import { ProblemList, type InventoryHost, type InventoryResult } from './inventoryModel';

const ALIASES: Record<string, HostFieldName> = { address: 'host', groups: 'group', username: 'user' };

/** Groups → member names, `all` first; shared by the formats whose hosts name their groups. */
export function groupsOfHosts(hosts: InventoryHost[]): Record<string, string[]> {
  const groups: Record<string, string[]> = { all: hosts.map((h) => h.name) };
  for (const host of hosts) for (const g of host.groups) (groups[g] ??= []).push(host.name);
  return groups;
}

export function splitGroups(value: string): string[] {
  return [...new Set(value.split(/[;\s]+/).filter((g) => g !== '' && g !== 'all'))].sort();
}

export function parseCsvInventory(text: string, file: string): InventoryResult {
  const problems = new ProblemList(file);
  const empty: InventoryResult = { format: 'csv', hosts: [], groups: {}, problems: problems.items };
  let rows: { info: { lines: number }; record: string[] }[];
  try {
    const options = {
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
      comment: '#',
      trim: true,
      bom: true,
    };
    rows = parse(text, options) as unknown as typeof rows;
  } catch (error) {
    const e = error as { lines?: number; message?: string };
    problems.add('csvSyntax', { line: e.lines }, { detail: String(e.message ?? error).split('\n')[0] });
    return empty;
  }
  const startLine = (row: { info: { lines: number }; record: string[] }) =>
    row.info.lines - row.record.join('').split('\n').length + 1;
  if (rows.length === 0) {
    problems.add('empty');
    return empty;
  }

  const [header, ...records] = rows;
  const headerLine = startLine(header);
  const columns: (HostFieldName | undefined)[] = header.record.map((raw) => {
    const name = raw.trim().toLowerCase();
    const field =
      ALIASES[name] ?? ((HOST_FIELDS as readonly string[]).includes(name) ? (name as HostFieldName) : undefined);
    if (field) return field;
    const instead = CLEAR_SECRET_FIELDS[name];
    if (instead) problems.add('clearSecret', { line: headerLine }, { field: raw, instead });
    else problems.add('csvUnknownColumn', { line: headerLine }, { column: raw, allowed: HOST_FIELDS.join(', ') });
    return undefined;
  });
  if (!columns.includes('name') && !columns.includes('host')) {
    problems.add('csvMissingColumn', { line: headerLine }, { column: 'name / host' });
    return empty;
  }

  const hosts: InventoryHost[] = [];
  for (const row of records) {
    const line = startLine(row);
    if (row.record.length !== header.record.length) {
      const host = row.record[columns.indexOf('name')] ?? row.record[columns.indexOf('host')];
      problems.add('csvSyntax', { line, host }, { detail: `${row.record.length} / ${header.record.length}` });
      continue;
    }
    const fields: HostFieldValues = {};
    row.record.forEach((value, i) => {
      const column = columns[i];
      if (column === 'group') fields.groups = splitGroups(value);
      else if (column) fields[column] = value;
    });
    hosts.push(buildHost(fields, { file, line }, problems));
  }
  if (hosts.length === 0 && problems.items.length === 0) problems.add('empty');
  return { format: 'csv', hosts, groups: groupsOfHosts(hosts), problems: problems.items };
}
