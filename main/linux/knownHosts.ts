/**
 * OpenSSH `known_hosts`: reading it, deciding what a presented host key
 * means, and writing a line for a newly trusted key — with OpenSSH's rules,
 * so NGT Prep and `ssh` never disagree about a host.
 *
 * Line format (sshd(8) "SSH_KNOWN_HOSTS FILE FORMAT"):
 *   [@revoked|@cert-authority] hostpatterns keytype base64-key [comment]
 * Host patterns are comma separated, may use `*`/`?` wildcards and `!`
 * negation, `[host]:port` for ports other than 22, or be hashed as
 * `|1|base64(salt)|base64(HMAC-SHA1(salt, name))`.
 */
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { SSH_PORT } from '../engine/network';

export type KnownHostMarker = 'revoked' | 'cert-authority';

export type HostPattern =
  { kind: 'plain'; pattern: string; negated: boolean } | { kind: 'hashed'; salt: Buffer; hash: Buffer; text: string };

export type MalformedReason =
  'unknown-marker' | 'missing-fields' | 'bad-hashed-host' | 'bad-key-base64' | 'key-type-mismatch';

export type KnownHostEntry =
  | {
      kind: 'key';
      /** 1-based line number in the file. */
      line: number;
      marker: KnownHostMarker | null;
      hosts: HostPattern[];
      keyType: string;
      key: Buffer;
      comment: string;
    }
  | { kind: 'malformed'; line: number; reason: MalformedReason; text: string };

export type HostKeyStatus = 'match' | 'changed' | 'unknown' | 'revoked';

export interface HostKeyCheck {
  status: HostKeyStatus;
  /** match/revoked: the line that decided; changed: the first line holding the other key of this type. */
  line?: number;
  /**
   * changed: fingerprints of the keys of the same type on record for this host;
   * unknown: fingerprints of the keys of other types on record (the host is known, but not with this key type).
   */
  knownFingerprints?: string[];
  /** unknown: key types on record for this host (empty when the host is not in the file at all). */
  otherKeyTypes?: string[];
}

const HASH_MAGIC = '|1|';
const SHA1_LENGTH = 20;

function decodeBase64Strict(text: string): Buffer | null {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(text) || text.length % 4 === 1) return null;
  const buffer = Buffer.from(text, 'base64');
  return buffer.length === 0 ? null : buffer;
}

/** The key type written inside an SSH public key blob (its first string), or null. */
export function keyTypeOfBlob(blob: Buffer): string | null {
  if (blob.length < 4) return null;
  const length = blob.readUInt32BE(0);
  if (length === 0 || length > 64 || 4 + length > blob.length) return null;
  const type = blob.subarray(4, 4 + length).toString('latin1');
  return /^[\x21-\x7e]+$/.test(type) ? type : null;
}

/** OpenSSH compares host keys by plain key type: signature names and certificates map to their key type. */
function plainKeyType(type: string): string {
  if (type === 'rsa-sha2-256' || type === 'rsa-sha2-512') return 'ssh-rsa';
  return type.replace(/-cert-v0[01]@openssh\.com$/, '');
}

function parseHostPatterns(field: string): HostPattern[] | null {
  const patterns: HostPattern[] = [];
  for (const part of field.split(',')) {
    if (part === '') continue;
    if (part.startsWith(HASH_MAGIC)) {
      const [salt64, hash64, ...rest] = part.slice(HASH_MAGIC.length).split('|');
      const salt = salt64 === undefined ? null : decodeBase64Strict(salt64);
      const hash = hash64 === undefined ? null : decodeBase64Strict(hash64);
      if (rest.length > 0 || salt?.length !== SHA1_LENGTH || hash?.length !== SHA1_LENGTH) return null;
      patterns.push({ kind: 'hashed', salt, hash, text: part });
    } else if (part.startsWith('!')) {
      patterns.push({
        kind: 'plain',
        pattern: part.slice(1).toLowerCase(),
        negated: true,
      });
    } else {
      patterns.push({
        kind: 'plain',
        pattern: part.toLowerCase(),
        negated: false,
      });
    }
  }
  return patterns.length > 0 ? patterns : null;
}

/** Reads a known_hosts file. Never throws: lines it cannot use come back as `malformed` with their line number. */
export function parseKnownHosts(text: string): KnownHostEntry[] {
  const entries: KnownHostEntry[] = [];
  const lines = text.split('\n');
  lines.forEach((raw, index) => {
    const line = index + 1;
    const textLine = raw.replace(/\r$/, '');
    const trimmed = textLine.trim();
    if (trimmed === '' || trimmed.startsWith('#')) return;
    const fields = trimmed.split(/[ \t]+/);
    const malformed = (reason: MalformedReason): void => {
      entries.push({ kind: 'malformed', line, reason, text: textLine });
    };
    let marker: KnownHostMarker | null = null;
    if (fields[0]!.startsWith('@')) {
      const word = fields.shift()!;
      if (word === '@revoked') marker = 'revoked';
      else if (word === '@cert-authority') marker = 'cert-authority';
      else return malformed('unknown-marker');
    }
    if (fields.length < 3) return malformed('missing-fields');
    const [hostField, keyType, key64, ...comment] = fields as [string, string, string, ...string[]];
    const hosts = parseHostPatterns(hostField);
    if (!hosts) return malformed('bad-hashed-host');
    const key = decodeBase64Strict(key64);
    if (!key) return malformed('bad-key-base64');
    if (keyTypeOfBlob(key) !== keyType) return malformed('key-type-mismatch');
    entries.push({
      kind: 'key',
      line,
      marker,
      hosts,
      keyType,
      key,
      comment: comment.join(' '),
    });
  });
  return entries;
}

/** The name OpenSSH looks up: the host itself on port 22, `[host]:port` otherwise. */
export function hostLookupName(host: string, port: number): string {
  const name = host.toLowerCase();
  return port === SSH_PORT ? name : `[${name}]:${port}`;
}

/** OpenSSH wildcard match: `*` any run, `?` any one character, whole string. */
function wildcardMatch(pattern: string, text: string): boolean {
  let p = 0;
  let t = 0;
  let starP = -1;
  let starT = 0;
  while (t < text.length) {
    if (p < pattern.length && (pattern[p] === '?' || pattern[p] === text[t])) {
      p += 1;
      t += 1;
    } else if (p < pattern.length && pattern[p] === '*') {
      starP = p;
      starT = t;
      p += 1;
    } else if (starP >= 0) {
      p = starP + 1;
      starT += 1;
      t = starT;
    } else {
      return false;
    }
  }
  while (p < pattern.length && pattern[p] === '*') p += 1;
  return p === pattern.length;
}

function hashHost(salt: Buffer, name: string): Buffer {
  return createHmac('sha1', salt).update(name).digest();
}

/** Whether an entry's host patterns name this host: a negated match excludes it, as in OpenSSH. */
function entryMatchesHost(hosts: HostPattern[], name: string): boolean {
  let matched = false;
  for (const pattern of hosts) {
    if (pattern.kind === 'hashed') {
      if (hashHost(pattern.salt, name).equals(pattern.hash)) matched = true;
    } else if (wildcardMatch(pattern.pattern, name)) {
      if (pattern.negated) return false;
      matched = true;
    }
  }
  return matched;
}

/** The plain key lines (no marker) that name this host and port, as known_hosts lines for another file. */
export function knownHostsLinesFor(text: string, host: string, port: number): string[] {
  const name = hostLookupName(host, port);
  return parseKnownHosts(text).flatMap((e) =>
    e.kind === 'key' && e.marker === null && entryMatchesHost(e.hosts, name)
      ? [knownHostsLine(host, port, e.keyType, e.key)]
      : [],
  );
}

/** `SHA256:` + unpadded base64 of the key blob's SHA-256, as `ssh-keygen -lf` prints it. */
export function fingerprintSha256(keyBlob: Buffer): string {
  return `SHA256:${createHash('sha256').update(keyBlob).digest('base64').replace(/=+$/, '')}`;
}

/**
 * What a presented host key means against the file, the way `ssh` decides:
 * a revoked key is refused; the same key for this host is a match; another
 * key of the same type for this host means the key changed; otherwise the
 * key is unknown (possibly with keys of other types on record).
 * `@cert-authority` lines never count as a match for a plain key.
 */
export function checkHostKey(
  entries: readonly KnownHostEntry[],
  host: string,
  port: number,
  keyType: string,
  keyBlob: Buffer,
): HostKeyCheck {
  const name = hostLookupName(host, port);
  const type = plainKeyType(keyTypeOfBlob(keyBlob) ?? keyType);
  const forHost = entries.filter(
    (e): e is Extract<KnownHostEntry, { kind: 'key' }> =>
      e.kind === 'key' && e.marker !== 'cert-authority' && entryMatchesHost(e.hosts, name),
  );

  const revoked = forHost.find((e) => e.marker === 'revoked' && e.key.equals(keyBlob));
  if (revoked) return { status: 'revoked', line: revoked.line };

  const plain = forHost.filter((e) => e.marker === null);
  const same = plain.find((e) => e.key.equals(keyBlob));
  if (same) return { status: 'match', line: same.line };

  const sameType = plain.filter((e) => plainKeyType(e.keyType) === type);
  if (sameType.length > 0) {
    return {
      status: 'changed',
      line: sameType[0]!.line,
      knownFingerprints: [...new Set(sameType.map((e) => fingerprintSha256(e.key)))],
    };
  }
  return {
    status: 'unknown',
    knownFingerprints: [...new Set(plain.map((e) => fingerprintSha256(e.key)))],
    otherKeyTypes: [...new Set(plain.map((e) => e.keyType))],
  };
}

/**
 * One known_hosts line (without line ending) for a newly trusted key.
 * `hash` writes the host the way `HashKnownHosts yes` does; `salt` (20 bytes)
 * is for tests, a random one is used otherwise.
 * Throws RangeError for a host name that cannot appear in the file
 * (empty, whitespace, comma, control characters): callers validate first.
 */
export function knownHostsLine(
  host: string,
  port: number,
  keyType: string,
  keyBlob: Buffer,
  options: { hash?: boolean; salt?: Buffer } = {},
): string {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what must be refused
  if (host === '' || /[\s,\u0000-\u001f\u007f]/.test(host)) {
    throw new RangeError(`Host name ${JSON.stringify(host)} cannot be written to known_hosts.`);
  }
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new RangeError(`Invalid port ${port}.`);
  if (!/^[\x21-\x7e]+$/.test(keyType)) throw new RangeError(`Invalid key type ${JSON.stringify(keyType)}.`);
  const name = hostLookupName(host, port);
  let hostField = name;
  if (options.hash) {
    const salt = options.salt ?? randomBytes(SHA1_LENGTH);
    if (salt.length !== SHA1_LENGTH) throw new RangeError('The salt of a hashed host must be 20 bytes.');
    hostField = `${HASH_MAGIC}${salt.toString('base64')}|${hashHost(salt, name).toString('base64')}`;
  }
  return `${hostField} ${keyType} ${keyBlob.toString('base64')}`;
}
