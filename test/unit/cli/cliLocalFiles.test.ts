/**
 * Files named on the command line (issue 14, item 8): special and absurdly large files are
 * refused with exit 2 before anything is connected to, and an encrypted key without
 * --passphrase-env says which flag to add.
 */
import { execFileSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { closeSync, ftruncateSync, mkdirSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliInProcess } from '../../support/cliInProcess';
import { startCountingListener, type CountingListener } from '../../support/countingListener';

const work = mkdtempSync(path.join(tmpdir(), 'ngtp-cli-files-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

async function cli(argv: string[], env: Record<string, string> = {}) {
  const run = await runCliInProcess(argv, { dataDir: path.join(work, 'data'), homedir: work, env });
  return { code: run.code, out: run.stdout, err: run.stderr };
}

let listener: CountingListener;
beforeAll(async () => {
  listener = await startCountingListener();
});
afterAll(() => listener.close());

const install = (...extra: string[]) => [
  'linux',
  'install',
  '--host',
  '127.0.0.1',
  '--port',
  String(listener.port),
  '--user',
  'u',
  ...extra,
];

function sparse(name: string, bytes: number): string {
  const file = path.join(work, name);
  const fd = openSync(file, 'w');
  ftruncateSync(fd, bytes);
  closeSync(fd);
  return file;
}

describe('--key and --known-hosts are read bounded, before connecting', () => {
  const fifo = path.join(work, 'key-fifo');
  const dir = path.join(work, 'a-dir');
  beforeAll(() => {
    execFileSync('mkfifo', [fifo]);
    mkdirSync(dir);
  });

  const cases: [string, () => string, RegExp][] = [
    ['/dev/zero', () => '/dev/zero', /USAGE_FILE_NOT_REGULAR/],
    ['a FIFO', () => fifo, /USAGE_FILE_NOT_REGULAR/],
    ['a directory', () => dir, /USAGE_FILE_NOT_REGULAR/],
    ['a 2 GiB sparse file', () => sparse('huge-key', 2 * 1024 ** 3), /USAGE_FILE_TOO_LARGE/],
  ];
  it.each(cases)('--key %s exits 2 at once', async (_label, file, code) => {
    const before = listener.connections();
    const r = await cli(install('--key', file()));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(code);
    expect(r.err).toMatch(/Next step:/);
    expect(listener.connections()).toBe(before);
  });

  it('--known-hosts naming a FIFO exits 2 at once', async () => {
    const before = listener.connections();
    const r = await cli(install('--agent', '--known-hosts', fifo), { SSH_AUTH_SOCK: path.join(work, 'none') });
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/is not a regular file.*USAGE_FILE_NOT_REGULAR|USAGE_FILE_NOT_REGULAR/s);
    expect(listener.connections()).toBe(before);
  });

  it('an encrypted key without --passphrase-env names --passphrase-env, not the wizard', async () => {
    const { privateKey } = generateKeyPairSync('rsa', {
      modulusLength: 2048,
      publicKeyEncoding: { type: 'pkcs1', format: 'pem' },
      privateKeyEncoding: { type: 'pkcs1', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'correct horse' },
    });
    const key = path.join(work, 'enc_rsa');
    writeFileSync(key, privateKey, { mode: 0o600 });
    const before = listener.connections();
    const missing = await cli(install('--key', key));
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('protected by a passphrase');
    expect(missing.err).toContain('--passphrase-env');
    expect(missing.err).not.toContain("Enter the key's passphrase");
    const wrong = await cli(install('--key', key, '--passphrase-env', 'KEY_PASS'), { KEY_PASS: 'wrong horse' });
    expect(wrong.code).toBe(2);
    expect(wrong.err).toContain('--passphrase-env');
    expect(listener.connections()).toBe(before);
  });
});

describe('linux patch reads installer_factory.py bounded', () => {
  it('refuses a 100 MiB installer_factory.py with exit 2 instead of reading it', async () => {
    const file = sparse('installer_factory.py', 100 * 1024 ** 2);
    const r = await cli(['linux', 'patch', file, '--distro', 'Rocky Linux']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/installer_factory.py files are a few kilobytes and NGT Prep reads at most 2097152/);
  });
});
