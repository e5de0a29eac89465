/**
 * A firewall remote address as New-NetFirewallRule -RemoteAddress accepts it (Microsoft's
 * NetSecurity reference): an IPv4 or IPv6 address, a subnet with a prefix length (IPv4 0-32,
 * IPv6 0-128) or an IPv4 mask, a range "low-high" of one family, or one of Windows' keywords.
 * Pure and free of node:net, so the wizard's form validates with the very same rule.
 */
const FIREWALL_KEYWORDS = [
  'Any',
  'LocalSubnet',
  'DNS',
  'DHCP',
  'WINS',
  'DefaultGateway',
  'Internet',
  'Intranet',
  'IntranetRemoteAccess',
  'PlayToDevice',
];

/**
 * At most this many entries in one rule. Windows documents no hard limit, but every entry is
 * matched on every connection and Prism Central needs a handful (its VIP, its VMs, the CVMs):
 * a thousand is far beyond real use and still a rule Windows handles quickly.
 */
export const MAX_FIREWALL_ADDRESSES = 1000;

/** The address as a big integer with its family, or null. */
function parseIPv4(text: string): bigint | null {
  const parts = text.split('.');
  if (parts.length !== 4) return null;
  let value = 0n;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part) || Number(part) > 255) return null;
    value = (value << 8n) | BigInt(Number(part));
  }
  return value;
}

function parseIPv6(text: string): bigint | null {
  if (!/^[0-9A-Fa-f:.]+$/.test(text)) return null;
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const groupsOf = (half: string): number[] | null => {
    if (half === '') return [];
    const out: number[] = [];
    const pieces = half.split(':');
    for (let i = 0; i < pieces.length; i++) {
      const piece = pieces[i]!;
      if (i === pieces.length - 1 && piece.includes('.')) {
        const v4 = parseIPv4(piece);
        if (v4 === null) return null;
        out.push(Number(v4 >> 16n), Number(v4 & 0xffffn));
      } else if (/^[0-9A-Fa-f]{1,4}$/.test(piece)) out.push(parseInt(piece, 16));
      else return null;
    }
    return out;
  };
  const head = groupsOf(halves[0]!);
  const tail = halves.length === 2 ? groupsOf(halves[1]!) : [];
  if (!head || !tail) return null;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return null;
  const groups = [...head, ...Array<number>(missing).fill(0), ...tail];
  return groups.reduce((acc, g) => (acc << 16n) | BigInt(g), 0n);
}

function parseAddress(text: string): { family: 4 | 6; value: bigint } | null {
  const v4 = parseIPv4(text);
  if (v4 !== null) return { family: 4, value: v4 };
  const v6 = text.includes(':') ? parseIPv6(text) : null;
  return v6 === null ? null : { family: 6, value: v6 };
}

/** A dotted IPv4 mask: ones then zeros (255.255.255.0, not 255.0.255.0). */
function isContiguousMask(mask: bigint): boolean {
  const inverted = ~mask & 0xffffffffn;
  return (inverted & (inverted + 1n)) === 0n;
}

export function isFirewallAddress(value: string): boolean {
  const text = value.trim();
  if (FIREWALL_KEYWORDS.some((k) => k.toLowerCase() === text.toLowerCase())) return true;
  const range = text.split('-');
  if (range.length === 2) {
    const low = parseAddress(range[0]!);
    const high = parseAddress(range[1]!);
    return !!low && !!high && low.family === high.family && low.value <= high.value;
  }
  if (range.length !== 1) return false;
  const subnet = text.split('/');
  if (subnet.length > 2) return false;
  const address = parseAddress(subnet[0]!);
  if (!address) return false;
  if (subnet.length === 1) return true;
  const suffix = subnet[1]!;
  if (/^\d{1,3}$/.test(suffix)) return Number(suffix) <= (address.family === 4 ? 32 : 128);
  const mask = address.family === 4 ? parseIPv4(suffix) : null;
  return mask !== null && isContiguousMask(mask);
}
