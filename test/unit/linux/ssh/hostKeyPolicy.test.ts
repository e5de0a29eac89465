import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import * as fsPromises from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, describe, expect, it } from 'vitest';

import { NgtError } from '../../../../main/engine/errors';
import { createTranslator } from '../../../../main/i18n/catalogue';
import { fingerprintSha256, knownHostsLine } from '../../../../main/linux/knownHosts';
import {
  appendKnownHost,
  decideHostKey,
  defaultKnownHostsPath,
  hostKeyVerifier,
  normaliseFingerprint,
  type KnownHostsFsPort,
} from '../../../../main/linux/ssh/hostKeyPolicy';

const t = createTranslator('en');

/** A fake but well-formed SSH public key blob: string type + 32 key bytes. */
function blob(type: string, fill: number): Buffer {
  const name = Buffer.from(type);
  const len = Buffer.alloc(4);
  len.writeUInt32BE(name.length);
  const keyLen = Buffer.alloc(4);
  keyLen.writeUInt32BE(32);
  return Buffer.concat([len, name, keyLen, Buffer.alloc(32, fill)]);
}

const ED = 'ssh-ed25519';
const serverKey = { type: ED, blob: blob(ED, 1) };
const otherKey = { type: ED, blob: blob(ED, 2) };
const rsaKey = { type: 'ssh-rsa', blob: blob('ssh-rsa', 3) };
const host = '10.0.0.5';
const port = 2222;
const line = (key: { type: string; blob: Buffer }, h = host, p = port) => knownHostsLine(h, p, key.type, key.blob);

describe('decideHostKey — the policy table', () => {
  const fp = fingerprintSha256(serverKey.blob);
  const cases: {
    name: string;
    text: string;
    acceptNew?: boolean;
    expected?: string;
    interactive?: boolean;
    decision: string;
    record: boolean;
  }[] = [
    { name: 'known and matching', text: `${line(serverKey)}\n`, decision: 'accept', record: false },
    {
      name: 'known and matching, hashed entry',
      text: `${knownHostsLine(host, port, ED, serverKey.blob, { hash: true })}\n`,
      decision: 'accept',
      record: false,
    },
    {
      name: 'known and matching, even with --accept-new',
      text: line(serverKey),
      acceptNew: true,
      decision: 'accept',
      record: false,
    },
    { name: 'unknown, CLI without flags', text: '', decision: 'refuse-unknown', record: false },
    {
      name: 'unknown, other host on record',
      text: line(serverKey, '10.0.0.6'),
      decision: 'refuse-unknown',
      record: false,
    },
    {
      name: 'unknown, same host on port 22 only',
      text: line(serverKey, host, 22),
      decision: 'refuse-unknown',
      record: false,
    },
    { name: 'unknown + --accept-new', text: '', acceptNew: true, decision: 'accept', record: true },
    { name: 'unknown + matching --fingerprint', text: '', expected: fp, decision: 'accept', record: true },
    {
      name: 'unknown + matching fingerprint without prefix or with padding',
      text: '',
      expected: `${fp.slice(7)}=`,
      decision: 'accept',
      record: true,
    },
    {
      name: 'unknown + other --fingerprint (even with --accept-new)',
      text: '',
      expected: fingerprintSha256(otherKey.blob),
      acceptNew: true,
      decision: 'refuse-unknown',
      record: false,
    },
    { name: 'unknown, wizard', text: '', interactive: true, decision: 'ask', record: false },
    {
      name: 'unknown type while another type is on record, wizard',
      text: line(rsaKey),
      interactive: true,
      decision: 'ask',
      record: false,
    },
    { name: 'changed', text: line(otherKey), decision: 'refuse-changed', record: false },
    {
      name: 'changed, even with --accept-new',
      text: line(otherKey),
      acceptNew: true,
      decision: 'refuse-changed',
      record: false,
    },
    {
      name: 'changed, even with a matching --fingerprint',
      text: line(otherKey),
      expected: fp,
      decision: 'refuse-changed',
      record: false,
    },
    {
      name: 'changed, even in the wizard',
      text: line(otherKey),
      interactive: true,
      decision: 'refuse-changed',
      record: false,
    },
    {
      name: 'revoked',
      text: `@revoked ${line(serverKey)}\n${line(serverKey)}`,
      acceptNew: true,
      decision: 'refuse-revoked',
      record: false,
    },
  ];
  it.each(cases)('$name → $decision', (c) => {
    const result = decideHostKey({
      knownHostsText: c.text,
      host,
      port,
      key: serverKey,
      acceptNew: c.acceptNew,
      expectedFingerprint: c.expected,
      interactive: c.interactive,
    });
    expect(result.decision).toBe(c.decision);
    expect(result.record).toBe(c.record);
    expect(result.fingerprint).toBe(fp);
  });

  it('a changed key reports the fingerprint on record and its line', () => {
    const result = decideHostKey({
      knownHostsText: `# comment\n${line(rsaKey)}\n${line(otherKey)}\n`,
      host,
      port,
      key: serverKey,
    });
    expect(result).toMatchObject({
      decision: 'refuse-changed',
      line: 3,
      knownFingerprints: [fingerprintSha256(otherKey.blob)],
    });
  });

  it('a wrong --fingerprint is flagged as a mismatch', () => {
    const result = decideHostKey({
      knownHostsText: '',
      host,
      port,
      key: serverKey,
      expectedFingerprint: 'SHA256:AAAA',
    });
    expect(result).toMatchObject({ decision: 'refuse-unknown', fingerprintMismatch: true });
  });
});

describe('fingerprints and paths', () => {
  it('normalises fingerprints the way people paste them', () => {
    expect(normaliseFingerprint(' sha256:abc+/= ')).toBe('SHA256:abc+/');
    expect(normaliseFingerprint('abc')).toBe('SHA256:abc');
  });
  it('the default known_hosts lives in ~/.ssh', () => {
    expect(defaultKnownHostsPath('/home/ann')).toBe(join('/home/ann', '.ssh', 'known_hosts'));
  });
});

describe('appendKnownHost and hostKeyVerifier on a real temp dir', () => {
  let dir = '';
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });
  const fs: KnownHostsFsPort = fsPromises;

  it('creates ~/.ssh 0700 and known_hosts 0600, then appends with a line break where missing', async () => {
    dir = await mkdtemp(join(tmpdir(), 'ngtp-kh-'));
    const path = defaultKnownHostsPath(dir);
    await appendKnownHost(path, line(serverKey), fs);
    expect((await stat(join(dir, '.ssh'))).mode & 0o777).toBe(0o700);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    await writeFile(path, `${await readFile(path, 'utf8')}# no newline at end`);
    await appendKnownHost(path, line(rsaKey), fs);
    expect(await readFile(path, 'utf8')).toBe(`${line(serverKey)}\n# no newline at end\n${line(rsaKey)}\n`);
    await expect(appendKnownHost(path, 'a\nb', fs)).rejects.toThrow(RangeError);
  });

  it('the verifier records a key accepted on first use, matches it next time, and refuses a changed key', async () => {
    dir = await mkdtemp(join(tmpdir(), 'ngtp-kh-'));
    const path = join(dir, '.ssh', 'known_hosts');
    const key = { ...serverKey, fingerprint: fingerprintSha256(serverKey.blob) };
    const logs: string[] = [];
    const firstUse = hostKeyVerifier({
      host,
      port,
      knownHostsPath: path,
      fs,
      t,
      acceptNew: true,
      log: (_l, text) => logs.push(text),
    });
    expect(await firstUse(key)).toBe(true);
    expect(await readFile(path, 'utf8')).toBe(`${line(serverKey)}\n`);
    expect(logs[0]).toContain(key.fingerprint);

    const strict = hostKeyVerifier({ host, port, knownHostsPath: path, fs, t });
    expect(await strict(key)).toBe(true);
    expect(await readFile(path, 'utf8')).toBe(`${line(serverKey)}\n`); // nothing recorded twice

    const changed = { ...otherKey, fingerprint: fingerprintSha256(otherKey.blob) };
    const error = await strict(changed).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NgtError);
    expect(error).toMatchObject({ code: 'SSH_HOST_KEY_CHANGED', category: 'connect' });
    expect((error as NgtError).message).toContain(changed.fingerprint);
    expect((error as NgtError).message).toContain(key.fingerprint);
    expect((error as NgtError).remediation).toContain(`ssh-keygen -R '[${host}]:${port}'`);
  });

  it('the verifier refuses an unknown key in the CLI with the fingerprint, and asks in the wizard', async () => {
    dir = await mkdtemp(join(tmpdir(), 'ngtp-kh-'));
    const path = join(dir, 'known_hosts');
    const key = { ...serverKey, fingerprint: fingerprintSha256(serverKey.blob) };
    const cli = await hostKeyVerifier({ host, port, knownHostsPath: path, fs, t })(key).catch((e: unknown) => e);
    expect(cli).toMatchObject({ code: 'SSH_HOST_KEY_UNKNOWN', category: 'connect' });
    expect((cli as NgtError).message).toContain(key.fingerprint);
    expect((cli as NgtError).remediation).toContain(`--fingerprint ${key.fingerprint}`);

    const declined = await hostKeyVerifier({ host, port, knownHostsPath: path, fs, t, ask: async () => false })(
      key,
    ).catch((e: unknown) => e);
    expect(declined).toMatchObject({ code: 'SSH_HOST_KEY_REJECTED' });
    await expect(stat(path)).rejects.toThrow();

    const asked: string[] = [];
    const trusted = hostKeyVerifier({
      host,
      port,
      knownHostsPath: path,
      fs,
      t,
      ask: async (k) => (asked.push(k.fingerprint), true),
    });
    expect(await trusted(key)).toBe(true);
    expect(asked).toEqual([key.fingerprint]);
    expect(await readFile(path, 'utf8')).toBe(`${line(serverKey)}\n`);
  });
});
