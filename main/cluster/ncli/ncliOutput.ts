/**
 * Reading what `ncli` prints on a CVM: `Key : Value` lines in blocks
 * separated by blank lines (DOMAIN.md, "NGT files inside a guest"), for
 * `ncli ngt list`, `ncli ngt get vm-id=<uuid>` and `ncli vm list name=<name>`.
 * Tolerant of spacing, case, unknown keys and the two spellings seen
 * (`Vss Snapshot`, `VSS Snapshot`). Pure.
 */

export type KeyValueBlock = Map<string, string>;

/** A key as compared: lower case, single spaces, no surrounding space. */
export function normaliseKey(key: string): string {
  return key.trim().replace(/\s+/g, ' ').toLowerCase();
}

/**
 * Splits output into blocks of `key : value` pairs. The key ends at the first
 * colon (values such as `00061a…::5026…` keep theirs); blank lines and rule
 * lines (`----`, `====`) end a block; other lines are ignored. A key seen twice
 * starts a new block, for outputs that print no blank line between entities.
 */
export function parseKeyValueBlocks(text: string): KeyValueBlock[] {
  const blocks: KeyValueBlock[] = [];
  let current: KeyValueBlock = new Map();
  const flush = () => {
    if (current.size > 0) blocks.push(current);
    current = new Map();
  };
  for (const rawLine of text.replace(/\r\n?/g, '\n').split('\n')) {
    const line = rawLine.trim();
    if (line === '' || /^[-=]{3,}$/.test(line)) {
      flush();
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const key = normaliseKey(line.slice(0, colon));
    if (key === '') continue;
    if (current.has(key)) flush();
    current.set(key, line.slice(colon + 1).trim());
  }
  flush();
  return blocks;
}

/** `true` / `false` in any case; anything else is unknown (null), never guessed. */
export function parseBoolean(value: string | undefined): boolean | null {
  if (value === undefined) return null;
  const v = value.trim().toLowerCase();
  if (v === 'true') return true;
  if (v === 'false') return false;
  return null;
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

/** The VM's UUID inside an id such as `<cluster id>::<vm uuid>` (the last UUID in it), or null. */
export function vmUuidOf(id: string | undefined): string | null {
  const all = (id ?? '').match(UUID);
  return all ? all[all.length - 1].toLowerCase() : null;
}

export interface NgtStatus {
  vmId: string | null;
  vmUuid: string | null;
  vmName: string | null;
  ngtEnabled: boolean | null;
  toolsIsoMounted: boolean | null;
  vssSnapshot: boolean | null;
  fileLevelRestore: boolean | null;
  /** The cluster's proof that the agent talks to it. */
  communicationLinkActive: boolean | null;
  /** Every other key, as printed, for reports. */
  otherFields: Record<string, string>;
}

const NGT_KEYS = {
  vmId: ['vm id'],
  vmName: ['vm name'],
  ngtEnabled: ['ngt enabled'],
  toolsIsoMounted: ['tools iso mounted'],
  vssSnapshot: ['vss snapshot'],
  fileLevelRestore: ['file level restore'],
  communicationLinkActive: ['communication link active'],
} as const;

const KNOWN_NGT_KEYS = new Set<string>(Object.values(NGT_KEYS).flat());

function first(block: KeyValueBlock, keys: readonly string[]): string | undefined {
  for (const k of keys) if (block.has(k)) return block.get(k);
  return undefined;
}

export function ngtStatusOfBlock(block: KeyValueBlock): NgtStatus {
  const vmId = first(block, NGT_KEYS.vmId) ?? null;
  const otherFields: Record<string, string> = {};
  for (const [k, v] of block) if (!KNOWN_NGT_KEYS.has(k)) otherFields[k] = v;
  return {
    vmId,
    vmUuid: vmUuidOf(vmId ?? undefined),
    vmName: first(block, NGT_KEYS.vmName) ?? null,
    ngtEnabled: parseBoolean(first(block, NGT_KEYS.ngtEnabled)),
    toolsIsoMounted: parseBoolean(first(block, NGT_KEYS.toolsIsoMounted)),
    vssSnapshot: parseBoolean(first(block, NGT_KEYS.vssSnapshot)),
    fileLevelRestore: parseBoolean(first(block, NGT_KEYS.fileLevelRestore)),
    communicationLinkActive: parseBoolean(first(block, NGT_KEYS.communicationLinkActive)),
    otherFields,
  };
}

/** `ncli ngt list` / `ncli ngt get`: one status per block that names a VM or carries NGT fields. */
export function parseNgtStatuses(text: string): NgtStatus[] {
  return parseKeyValueBlocks(text)
    .filter((b) => [...b.keys()].some((k) => KNOWN_NGT_KEYS.has(k)))
    .map(ngtStatusOfBlock);
}

export interface NcliVm {
  id: string | null;
  uuid: string | null;
  name: string | null;
}

/** `ncli vm list name=<name>`: the `Uuid` line (or the UUID inside `Id`) of each VM block. */
export function parseVmList(text: string): NcliVm[] {
  return parseKeyValueBlocks(text)
    .filter((b) => b.has('uuid') || b.has('id'))
    .map((b) => ({
      id: b.get('id') ?? null,
      uuid: vmUuidOf(b.get('uuid')) ?? vmUuidOf(b.get('id')),
      name: b.get('name') ?? b.get('vm name') ?? null,
    }));
}

/** ncli reports failures as an `Error: …` line; the message, or null. */
export function ncliError(text: string): string | null {
  const m = /^\s*Error\s*:\s*(.+)$/im.exec(text);
  return m ? m[1].trim() : null;
}
