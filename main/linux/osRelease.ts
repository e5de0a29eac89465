/**
 * `/etc/os-release` (os-release(5)): shell-compatible `KEY=value` lines.
 * Values may be unquoted, "double quoted" (where `\"`, `\\`, `\$` and `` \` ``
 * are escapes) or 'single quoted' (literal); several quoted and unquoted
 * pieces may follow each other, as in a shell word. Comments and blank lines
 * are ignored, and so are lines that are not assignments.
 */

export type HostFamily = 'rhel-like' | 'debian-like' | 'suse-like' | 'other';

export interface HostClassification {
  family: HostFamily;
  /** Why, for logs and reports: which field and word decided, e.g. `ID_LIKE contains "rhel"`. */
  reason: string;
}

/** The value of one shell word, or null when it is not a complete word (unbalanced quote, space outside quotes). */
function parseShellWord(text: string): string | null {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (ch === "'") {
      const end = text.indexOf("'", i + 1);
      if (end < 0) return null;
      out += text.slice(i + 1, end);
      i = end + 1;
    } else if (ch === '"') {
      i += 1;
      let closed = false;
      while (i < text.length) {
        const c = text[i]!;
        if (c === '\\' && i + 1 < text.length && '"\\$`'.includes(text[i + 1]!)) {
          out += text[i + 1];
          i += 2;
        } else if (c === '"') {
          closed = true;
          i += 1;
          break;
        } else {
          out += c;
          i += 1;
        }
      }
      if (!closed) return null;
    } else if (ch === '\\') {
      if (i + 1 >= text.length) return null;
      out += text[i + 1];
      i += 2;
    } else if (/\s/.test(ch)) {
      return null;
    } else {
      out += ch;
      i += 1;
    }
  }
  return out;
}

export function parseOsRelease(text: string): Record<string, string> {
  const result: Record<string, string> = {};
  for (const rawLine of text.replace(/^\uFEFF/, '').split(/\r?\n/)) {
    const line = rawLine.trim();
    if (line === '' || line.startsWith('#')) continue;
    const match = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line);
    if (!match) continue;
    const value = parseShellWord(match[2]!);
    if (value === null) continue;
    result[match[1]!] = value;
  }
  return result;
}

const FAMILY_WORDS: { family: Exclude<HostFamily, 'other'>; words: RegExp }[] = [
  { family: 'rhel-like', words: /^(rhel|centos|fedora)$/ },
  { family: 'debian-like', words: /^(debian|ubuntu)$/ },
  { family: 'suse-like', words: /^(suse|sles|sled|opensuse(-.*)?)$/ },
];

/**
 * Which installer family a host belongs to. RHEL-like when ID or ID_LIKE
 * holds rhel, centos or fedora (Rocky, Alma, Oracle, Amazon, CentOS, Fedora);
 * ID is looked at first, then the ID_LIKE words in their order (closest first).
 */
/** RHEL-family IDs that are not Red Hat Enterprise Linux rebuilds: NGT's Red Hat installer is not for them. */
const NOT_RHEL_REBUILDS: Record<string, string> = {
  fedora: 'ID is "fedora": Fedora is upstream of RHEL, not a rebuild of it; NGT does not support it',
  amzn: 'ID is "amzn": Amazon Linux is not a RHEL rebuild and is not supported by NGT',
};

export function classifyHost(osRelease: Record<string, string>): HostClassification {
  const id = (osRelease.ID ?? '').trim().toLowerCase();
  const notRebuild = NOT_RHEL_REBUILDS[id];
  if (notRebuild) return { family: 'other', reason: notRebuild };
  const idLike = (osRelease.ID_LIKE ?? '').trim().toLowerCase().split(/\s+/).filter(Boolean);
  for (const { family, words } of FAMILY_WORDS) {
    if (words.test(id)) return { family, reason: `ID is "${id}"` };
  }
  for (const word of idLike) {
    const found = FAMILY_WORDS.find(({ words }) => words.test(word));
    if (found)
      return {
        family: found.family,
        reason: `ID_LIKE contains "${word}" (ID is "${id}")`,
      };
  }
  if (id === '' && idLike.length === 0) return { family: 'other', reason: 'os-release has neither ID nor ID_LIKE' };
  return {
    family: 'other',
    reason: `ID "${id}" and ID_LIKE "${idLike.join(' ')}" name no known family`,
  };
}
