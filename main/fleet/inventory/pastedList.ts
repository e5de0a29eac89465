/**
 * A list pasted into the wizard: one host per line, `[user@]host[:port]`,
 * IPv6 in brackets when a port follows (`root@[2001:db8::5]:2222`); blank
 * lines and `#` comments skipped. Pure.
 */
import { groupsOfHosts } from './csvInventory';
import { buildHost, normaliseAddress } from './hostFields';
import { ProblemList, type InventoryHost, type InventoryResult } from './inventoryModel';

export const PASTED_SOURCE_ID = 'pasted';

const ENTRY = /^(?:([^@\s[\]]+)@)?(\[[^\]\s]+\]|[^:@\s[\]]+|[0-9a-fA-F:]*:[0-9a-fA-F:.]*)(?::(\d+))?$/;

export function parsePastedList(text: string, file = PASTED_SOURCE_ID): InventoryResult {
  const problems = new ProblemList(file);
  const hosts: InventoryHost[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = index + 1;
    const entry = raw.replace(/(^|\s)#.*$/, '').trim();
    if (entry === '') return;
    // A bare IPv6 address (several colons, no brackets) has no port.
    const bareV6 = /^(?:[^@\s]+@)?[0-9a-fA-F]*:[0-9a-fA-F]*:[0-9a-fA-F:.]*$/.test(entry);
    const m = bareV6 ? /^(?:([^@\s]+)@)?(.*)$/.exec(entry) : ENTRY.exec(entry);
    if (!m || normaliseAddress(m[2]) === undefined) {
      problems.add('listBadLine', { line }, { text: entry });
      return;
    }
    const address = normaliseAddress(m[2])!;
    const port = bareV6 ? undefined : m[3];
    const name = port === undefined ? address : `${m[2]}:${port}`;
    hosts.push(buildHost({ name, host: address, user: m[1], port }, { file, line }, problems));
  });
  if (hosts.length === 0 && problems.items.length === 0) problems.add('empty');
  return { format: 'list', hosts, groups: groupsOfHosts(hosts), problems: problems.items };
}
