import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  checkHostKey,
  fingerprintSha256,
  hostLookupName,
  keyTypeOfBlob,
  knownHostsLine,
  knownHostsLinesFor,
  parseKnownHosts,
  type KnownHostEntry,
} from '../../../main/linux/knownHosts';
import { SSH_KEYGEN, skipWithout } from './hostTools';

/** A syntactically valid ssh-ed25519 blob built from 32 bytes, for tests that need no ssh-keygen. */
function fakeEd25519(seed: number): Buffer {
  const type = Buffer.from('ssh-ed25519');
  const key = Buffer.alloc(32, seed);
  const out = Buffer.alloc(4 + type.length + 4 + key.length);
  out.writeUInt32BE(type.length, 0);
  type.copy(out, 4);
  out.writeUInt32BE(key.length, 4 + type.length);
  key.copy(out, 8 + type.length);
  return out;
}
function fakeRsa(seed: number): Buffer {
  const type = Buffer.from('ssh-rsa');
  const out = Buffer.alloc(4 + type.length + 8, seed);
  out.writeUInt32BE(type.length, 0);
  type.copy(out, 4);
  return out;
}
const b64 = (b: Buffer): string => b.toString('base64');
const keysOnly = (entries: KnownHostEntry[]) => entries.filter((e) => e.kind === 'key');

describe('parseKnownHosts', () => {
  const k1 = fakeEd25519(1);
  const k2 = fakeEd25519(2);
  const r1 = fakeRsa(3);
  const salt = Buffer.alloc(20, 7);
  const text = [
    '# comment',
    '',
    `rocky84,10.200.0.2 ssh-ed25519 ${b64(k1)} root@rocky84`,
    `[rocky84]:2222 ssh-ed25519 ${b64(k2)}`,
    knownHostsLine('alma9', 22, 'ssh-ed25519', k1, { hash: true, salt }),
    `@revoked * ssh-ed25519 ${b64(k2)}`,
    `@cert-authority *.example.com ssh-ed25519 ${b64(k1)} ca`,
    `@bogus host ssh-ed25519 ${b64(k1)}`,
    'onlyhost ssh-ed25519',
    `|1|notbase64!|abc ssh-ed25519 ${b64(k1)}`,
    'host ssh-ed25519 ***',
    `host ssh-rsa ${b64(k1)}`,
    `   \thost2\tssh-rsa   ${b64(r1)}  two word comment\r`,
  ].join('\n');
  const entries = parseKnownHosts(text);

  it('reads plain, lists, ports, hashed and marked lines with their line numbers', () => {
    expect(keysOnly(entries).map((e) => [e.line, e.marker, e.keyType, e.comment])).toEqual([
      [3, null, 'ssh-ed25519', 'root@rocky84'],
      [4, null, 'ssh-ed25519', ''],
      [5, null, 'ssh-ed25519', ''],
      [6, 'revoked', 'ssh-ed25519', ''],
      [7, 'cert-authority', 'ssh-ed25519', 'ca'],
      [13, null, 'ssh-rsa', 'two word comment'],
    ]);
    const first = entries.find((e) => e.line === 3)!;
    expect(first.kind === 'key' && first.hosts).toEqual([
      { kind: 'plain', pattern: 'rocky84', negated: false },
      { kind: 'plain', pattern: '10.200.0.2', negated: false },
    ]);
    const hashed = entries.find((e) => e.line === 5)!;
    expect(hashed.kind === 'key' && hashed.hosts[0]!.kind).toBe('hashed');
  });

  it('reports malformed lines without throwing', () => {
    expect(
      entries.filter((e) => e.kind === 'malformed').map((e) => e.kind === 'malformed' && [e.line, e.reason]),
    ).toEqual([
      [8, 'unknown-marker'],
      [9, 'missing-fields'],
      [10, 'bad-hashed-host'],
      [11, 'bad-key-base64'],
      [12, 'key-type-mismatch'],
    ]);
  });

  it('checkHostKey: match, changed, unknown, revoked, ports, hashes, CA lines', () => {
    expect(checkHostKey(entries, 'rocky84', 22, 'ssh-ed25519', k1)).toEqual({
      status: 'match',
      line: 3,
    });
    expect(checkHostKey(entries, 'ROCKY84', 22, 'ssh-ed25519', k1)).toEqual({
      status: 'match',
      line: 3,
    });
    expect(checkHostKey(entries, '10.200.0.2', 22, 'ssh-ed25519', k1)).toEqual({
      status: 'match',
      line: 3,
    });
    // Port 2222 is a different name: only the [rocky84]:2222 line counts.
    expect(checkHostKey(entries, 'rocky84', 2222, 'ssh-ed25519', k1)).toEqual({
      status: 'changed',
      line: 4,
      knownFingerprints: [fingerprintSha256(k2)],
    });
    expect(checkHostKey(entries, 'alma9', 22, 'ssh-ed25519', k1)).toEqual({
      status: 'match',
      line: 5,
    });
    expect(checkHostKey(entries, 'alma9', 2200, 'ssh-ed25519', k1)).toEqual({
      status: 'unknown',
      knownFingerprints: [],
      otherKeyTypes: [],
    });
    // k2 is revoked for every host ("*").
    expect(checkHostKey(entries, 'anything', 22, 'ssh-ed25519', k2)).toEqual({
      status: 'revoked',
      line: 6,
    });
    // A CA line is not a host key: host.example.com stays unknown.
    expect(checkHostKey(entries, 'host.example.com', 22, 'ssh-ed25519', k1).status).toBe('unknown');
    // Same host, different key of another type: unknown, with what is on record.
    expect(checkHostKey(entries, 'rocky84', 22, 'ssh-rsa', fakeRsa(9))).toEqual({
      status: 'unknown',
      knownFingerprints: [fingerprintSha256(k1)],
      otherKeyTypes: ['ssh-ed25519'],
    });
    // Another RSA key for host2, presented under an rsa-sha2-512 algorithm name: changed.
    expect(checkHostKey(entries, 'host2', 22, 'rsa-sha2-512', fakeRsa(4))).toMatchObject({
      status: 'changed',
      line: 13,
    });
  });

  it('wildcards and negation', () => {
    const list = parseKnownHosts(`*.lab,!bad.lab ssh-ed25519 ${b64(k1)}\nvm?? ssh-ed25519 ${b64(k1)}\n`);
    expect(checkHostKey(list, 'good.lab', 22, 'ssh-ed25519', k1).status).toBe('match');
    expect(checkHostKey(list, 'bad.lab', 22, 'ssh-ed25519', k1).status).toBe('unknown');
    expect(checkHostKey(list, 'vm12', 22, 'ssh-ed25519', k1).status).toBe('match');
    expect(checkHostKey(list, 'vm123', 22, 'ssh-ed25519', k1).status).toBe('unknown');
  });

  it('knownHostsLine: bare host on 22, [host]:port otherwise, lower-cased; refuses names that break the file', () => {
    expect(knownHostsLine('Rocky84', 22, 'ssh-ed25519', k1)).toBe(`rocky84 ssh-ed25519 ${b64(k1)}`);
    expect(knownHostsLine('10.0.0.5', 2222, 'ssh-ed25519', k1)).toBe(`[10.0.0.5]:2222 ssh-ed25519 ${b64(k1)}`);
    expect(knownHostsLine('::1', 22, 'ssh-ed25519', k1)).toBe(`::1 ssh-ed25519 ${b64(k1)}`);
    expect(knownHostsLine('a', 22, 'ssh-ed25519', k1, { hash: true, salt })).toMatch(
      /^\|1\|[A-Za-z0-9+/=]{28}\|[A-Za-z0-9+/=]{28} ssh-ed25519 /,
    );
    expect(hostLookupName('H', 2222)).toBe('[h]:2222');
    for (const bad of ['', 'a b', 'a,b', 'a\nb', 'a\tb'])
      expect(() => knownHostsLine(bad, 22, 'ssh-ed25519', k1)).toThrow(RangeError);
    expect(() => knownHostsLine('a', 0, 'ssh-ed25519', k1)).toThrow(RangeError);
  });

  it('keyTypeOfBlob', () => {
    expect(keyTypeOfBlob(k1)).toBe('ssh-ed25519');
    expect(keyTypeOfBlob(Buffer.from([0, 0, 0, 200, 1]))).toBeNull();
  });
});

describe('knownHostsLinesFor', () => {
  it('the lines naming one host and port, hashed or plain, as plain lines; markers and other ports left out', () => {
    const a = fakeEd25519(1);
    const b = fakeRsa(2);
    const text = [
      knownHostsLine('10.0.0.5', 2222, 'ssh-ed25519', a, { hash: true }),
      `10.0.0.*,!10.0.0.9 ssh-rsa ${b64(b)}`,
      `@revoked 10.0.0.5 ssh-rsa ${b64(b)}`,
      knownHostsLine('10.0.0.5', 22, 'ssh-ed25519', fakeEd25519(3)),
      '',
    ].join('\n');
    expect(knownHostsLinesFor(text, '10.0.0.5', 2222)).toEqual([knownHostsLine('10.0.0.5', 2222, 'ssh-ed25519', a)]);
    expect(knownHostsLinesFor(text, '10.0.0.5', 22)).toEqual([
      knownHostsLine('10.0.0.5', 22, 'ssh-rsa', b),
      knownHostsLine('10.0.0.5', 22, 'ssh-ed25519', fakeEd25519(3)),
    ]);
    expect(knownHostsLinesFor(text, '10.0.0.9', 22)).toEqual([]);
  });
});

describe.skipIf(skipWithout(SSH_KEYGEN, 'openssh-client'))('agreement with ssh-keygen', () => {
  let dir = '';
  const keys: { type: string; blob: Buffer; pubPath: string }[] = [];

  const keygen = (args: string[]): string =>
    execFileSync(SSH_KEYGEN, args, {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'ngt-known-hosts-'));
    for (const [name, extra] of [
      ['ed25519', ['-t', 'ed25519']],
      ['ed25519b', ['-t', 'ed25519']],
      ['ecdsa', ['-t', 'ecdsa', '-b', '256']],
      ['rsa', ['-t', 'rsa', '-b', '2048']],
    ] as const) {
      const path = join(dir, name);
      keygen([...extra, '-N', '', '-q', '-C', `test-${name}`, '-f', path]);
      const [type, key64] = readFileSync(`${path}.pub`, 'utf8').trim().split(' ') as [string, string];
      keys.push({
        type,
        blob: Buffer.from(key64, 'base64'),
        pubPath: `${path}.pub`,
      });
    }
  });
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('fingerprints equal ssh-keygen -lf', () => {
    for (const key of keys) {
      const printed = keygen(['-l', '-E', 'sha256', '-f', key.pubPath]).split(' ')[1];
      expect(fingerprintSha256(key.blob)).toBe(printed);
    }
  });

  const hosts: [string, number][] = [
    ['rocky84', 22],
    ['10.200.0.2', 22],
    ['10.200.0.2', 2222],
    ['alma9.lab.example', 22],
    ['fe80::1', 2022],
  ];

  it('entries hashed by ssh-keygen -H are matched', () => {
    const [ed, , ecdsa, rsa] = keys as [(typeof keys)[0], (typeof keys)[0], (typeof keys)[0], (typeof keys)[0]];
    const path = join(dir, 'known_hosts_plain');
    const lines = hosts.flatMap(([host, port]) => [
      knownHostsLine(host, port, ed.type, ed.blob),
      knownHostsLine(host, port, rsa.type, rsa.blob),
    ]);
    writeFileSync(path, `${lines.join('\n')}\n`);
    keygen(['-H', '-f', path]);
    const hashedText = readFileSync(path, 'utf8');
    expect(hashedText).not.toContain('rocky84');
    const entries = parseKnownHosts(hashedText);
    expect(entries.every((e) => e.kind === 'key' && e.hosts.every((h) => h.kind === 'hashed'))).toBe(true);
    hosts.forEach(([host, port], i) => {
      expect(checkHostKey(entries, host, port, ed.type, ed.blob)).toEqual({
        status: 'match',
        line: 2 * i + 1,
      });
      expect(checkHostKey(entries, host, port, rsa.type, rsa.blob)).toEqual({
        status: 'match',
        line: 2 * i + 2,
      });
      // ECDSA was never recorded: unknown, with the two recorded types reported.
      expect(checkHostKey(entries, host, port, ecdsa.type, ecdsa.blob)).toMatchObject({
        status: 'unknown',
        otherKeyTypes: [ed.type, rsa.type],
      });
    });
    expect(checkHostKey(entries, 'rocky84', 2222, ed.type, ed.blob).status).toBe('unknown');
    expect(checkHostKey(entries, 'rocky85', 22, ed.type, ed.blob).status).toBe('unknown');
    // ssh-keygen -lf on the hashed file lists the same fingerprints, line by line.
    const listed = keygen(['-l', '-E', 'sha256', '-f', path])
      .trim()
      .split('\n')
      .map((l) => l.split(' ')[1]);
    expect(listed).toEqual(entries.map((e) => (e.kind === 'key' ? fingerprintSha256(e.key) : '')));
  });

  it('ssh-keygen -F finds exactly the lines we match, including lines we hashed ourselves', () => {
    const [ed, edOther] = keys as [(typeof keys)[0], (typeof keys)[0]];
    const path = join(dir, 'known_hosts_mixed');
    const lines = [
      knownHostsLine('rocky84', 22, ed.type, ed.blob, { hash: true }),
      knownHostsLine('10.200.0.2', 2222, ed.type, ed.blob, {
        hash: true,
        salt: Buffer.alloc(20, 1),
      }),
      knownHostsLine('alma9.lab.example', 22, ed.type, edOther.blob),
      `rocky84,other ${ed.type} ${ed.blob.toString('base64')}`,
      knownHostsLine('fe80::1', 2022, ed.type, ed.blob, { hash: true }),
    ];
    writeFileSync(path, `${lines.join('\n')}\n`);
    const entries = parseKnownHosts(readFileSync(path, 'utf8'));
    const lookups: [string, number][] = [...hosts, ['other', 22], ['nothere', 22]];
    for (const [host, port] of lookups) {
      const name = hostLookupName(host, port);
      let found: number[] = [];
      try {
        found = [...keygen(['-F', name, '-f', path]).matchAll(/^# Host .* found: line (\d+)/gm)].map((m) =>
          Number(m[1]),
        );
      } catch (error) {
        if ((error as { status?: number }).status !== 1) throw error; // 1 = not found
      }
      const ours = entries
        .filter((e) => e.kind === 'key' && checkHostKey([e], host, port, e.keyType, e.key).status === 'match')
        .map((e) => e.line);
      expect(ours, name).toEqual(found);
      if (name === 'rocky84') expect(found).toEqual([1, 4]);
      if (name === '[fe80::1]:2022') expect(found).toEqual([5]);
      if (name === 'nothere') expect(found).toEqual([]);
    }
    // And the verdicts for the keys presented.
    expect(checkHostKey(entries, 'alma9.lab.example', 22, ed.type, ed.blob)).toEqual({
      status: 'changed',
      line: 3,
      knownFingerprints: [fingerprintSha256(edOther.blob)],
    });
    expect(checkHostKey(entries, 'rocky84', 22, ed.type, ed.blob)).toEqual({
      status: 'match',
      line: 1,
    });
  });
});
