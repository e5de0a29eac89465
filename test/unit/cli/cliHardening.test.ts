/**
 * Bad input to the CLI, as a careless user or an attacker types it (issue 14, items 5 and 7):
 * every case is refused with exit 2, a code and a next step, before anything is connected to.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliInProcess } from '../../support/cliInProcess';
import { startCountingListener, type CountingListener } from '../../support/countingListener';
import { runJobCommand } from '../../../main/cli/runJobCommand';
import { createTranslator } from '../../../main/i18n/catalogue';
import { nodeEnvironment, nodePorts } from '../../../main/platform/nodePorts';

const work = mkdtempSync(path.join(tmpdir(), 'ngtp-cli-hard-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const ports = () => nodePorts({ environment: nodeEnvironment({ appDataDir: path.join(work, 'data') }) });

async function cli(argv: string[], env: Record<string, string> = {}) {
  const run = await runCliInProcess(argv, { dataDir: path.join(work, 'data'), env });
  return { code: run.code, out: run.stdout, err: run.stderr };
}

let listener: CountingListener;
beforeAll(async () => {
  listener = await startCountingListener();
});
afterAll(() => listener.close());

describe('output paths are checked before anything runs (item 5)', () => {
  const dir = path.join(work, 'out-dir');
  mkdirSync(dir, { recursive: true });
  const aFile = path.join(work, 'plain-file');
  writeFileSync(aFile, 'x');

  const bad: [string, string][] = [
    ['a missing parent directory', path.join(work, 'nonexistent', 'r.json')],
    ['a directory', dir],
    ['a parent that is a file', path.join(aFile, 'r.json')],
    ['an empty path', ''],
  ];

  it.each(bad)('linux install --json with %s exits 2 and never connects', async (_label, target) => {
    const before = listener.connections();
    const r = await cli(
      ['linux', 'install', '--host', '127.0.0.1', '--port', String(listener.port), '--user', 'u', '--agent'].concat([
        '--json',
        target,
      ]),
      { SSH_AUTH_SOCK: path.join(work, 'no-agent') },
    );
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/USAGE_OUTPUT_PATH/);
    expect(r.err).toContain('--json');
    expect(r.err).toMatch(/Next step:/);
    expect(r.err).not.toMatch(/Unexpected error/);
    expect(listener.connections()).toBe(before);
  });

  it('probe --html to a directory and doctor --json to a missing folder exit 2 before running', async () => {
    const before = listener.connections();
    const p = await cli(['probe', 'winrm', '--host', '127.0.0.1', '--port', String(listener.port), '--html', dir]);
    expect(p.code).toBe(2);
    expect(p.err).toMatch(/--html.*is a directory/);
    expect(listener.connections()).toBe(before);
    const d = await cli(['doctor', '--json', path.join(work, 'nope', 'd.json')]);
    expect(d.code).toBe(2);
    expect(d.out).not.toMatch(/\[OK/); // no step ran
    expect(d.err).toMatch(/USAGE_OUTPUT_PATH/);
  });

  it('windows export --out into a missing folder or onto a directory exits 2 with a next step', async () => {
    const a = await cli(['windows', 'export', '--out', path.join(work, 'nonexistent', 'x.ps1')]);
    expect(a.code).toBe(2);
    expect(a.err).toMatch(/does not exist/);
    expect(a.err).toMatch(/Next step:/);
    const b = await cli(['windows', 'export', '--out', dir]);
    expect(b.code).toBe(2);
    const ok = await cli(['windows', 'export', '--out', path.join(work, 'x.ps1')]);
    expect(ok.code).toBe(0);
  });
});

describe('a report that still cannot be written after the job', () => {
  it('keeps the job result in words and never says "Unexpected error"', async () => {
    const err: string[] = [];
    const { exitCode } = await runJobCommand(
      {
        kind: 'test',
        target: 'x',
        state: {},
        steps: [{ id: 's', phase: 'verify', title: 'S', run: async () => ({ status: 'ok', summary: 'fine' }) }],
      },
      { json: path.join(work, 'vanished', 'r.json') },
      {
        io: { stdout: () => undefined, stderr: (s) => void err.push(s), env: {}, isTTY: false },
        ports: ports(),
        t: createTranslator('en'),
        lang: 'en',
        verbose: false,
        quiet: true,
      },
    );
    expect(exitCode).toBe(1);
    expect(err.join('')).toMatch(/The job has finished \(.+\), but the report .*r\.json could not be written: ENOENT/);
  });
});

describe('bad values and flags are usage errors (item 7)', () => {
  it('refuses --verbose with --quiet, a repeated option and a repeated global flag', async () => {
    const a = await cli(['--verbose', '--quiet', 'doctor']);
    expect(a.code).toBe(2);
    expect(a.err).toMatch(/--verbose.*--quiet/);
    const b = await cli(['probe', 'winrm', '--host', 'a.invalid', '--host', '127.0.0.1']);
    expect(b.code).toBe(2);
    expect(b.err).toMatch(/--host.*more than once/);
    const c = await cli(['--lang', 'en', '--lang', 'fr', 'doctor']);
    expect(c.code).toBe(2);
    expect(c.err).toMatch(/--lang.*more than once/);
  });

  it('keeps the documented repeatable option repeatable', async () => {
    const r = await cli([
      'windows',
      'export',
      '--out',
      path.join(work, 'fw.ps1'),
      '--firewall-remote-address',
      '10.0.0.1',
      '--firewall-remote-address',
      '10.0.0.2',
    ]);
    expect(r.code).toBe(0);
  });

  it('sets LocalAccountTokenFilterPolicy in an export only with --local-account-token-filter', async () => {
    const optionsOf = (file: string) => {
      const encoded = /^\$NgtPrepOptionsBase64 = '([^']+)'/m.exec(readFileSync(file, 'utf8'))![1]!;
      return JSON.parse(Buffer.from(encoded, 'base64').toString('utf8')) as Record<string, unknown>;
    };
    const plain = path.join(work, 'plain.ps1');
    const opted = path.join(work, 'token-filter.ps1');
    expect((await cli(['windows', 'export', '--out', plain])).code).toBe(0);
    expect((await cli(['windows', 'export', '--out', opted, '--local-account-token-filter'])).code).toBe(0);
    expect(optionsOf(plain).localAccountTokenFilterPolicy).toBe(false);
    expect(optionsOf(opted).localAccountTokenFilterPolicy).toBe(true);
  });

  it('calls an unknown global flag an unknown option', async () => {
    const r = await cli(['--bogus', 'doctor']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('Unknown option "--bogus"');
    expect(r.err).not.toContain('Unknown command');
  });

  it('refuses a thumbprint that is not hexadecimal as bad input, before connecting', async () => {
    const before = listener.connections();
    const r = await cli([
      'probe',
      'winrm',
      '--host',
      '127.0.0.1',
      '--port',
      String(listener.port),
      '--thumbprint',
      'not-hex!!',
    ]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/USAGE_BAD_THUMBPRINT/);
    expect(listener.connections()).toBe(before);
  });

  it('never echoes the value given to a *-env flag', async () => {
    const pasted = 'Hunter2-Pasted!Pw';
    const a = await cli(['probe', 'winrm', '--host', '127.0.0.1', '--user', 'u', '--password-env', pasted]);
    expect(a.code).toBe(2);
    expect(a.err).not.toContain(pasted);
    expect(a.err).toMatch(/--password-env/);
    const b = await cli(['probe', 'winrm', '--host', '127.0.0.1', '--user', 'u', '--password-env', 'NGTP_UNSET_VAR_X']);
    expect(b.code).toBe(2);
    expect(b.err).toContain('the environment variable named by --password-env is not set');
    expect(b.err).not.toContain('NGTP_UNSET_VAR_X');
    const c = await cli(
      ['linux', 'install', '--host', '127.0.0.1', '--user', 'u', '--password-env', 'PW', '--sudo-password-env', pasted],
      { PW: 'x' },
    );
    expect(c.code).toBe(2);
    expect(c.err).not.toContain(pasted);
    expect(c.err).toMatch(/--sudo-password-env/);
    const d = await cli(
      ['linux', 'install', '--host', '127.0.0.1', '--user', 'u', '--password-env', 'PW', '--su-password-env', pasted],
      { PW: 'x' },
    );
    expect(d.code).toBe(2);
    expect(d.err).not.toContain(pasted);
    expect(d.err).toMatch(/--su-password-env/);
  });

  it('--sudo-password-env and --su-password-env together: a usage error (exit 2), neither value echoed', async () => {
    const both = await cli(
      [
        'linux',
        'remove',
        '--host',
        '127.0.0.1',
        '--user',
        'u',
        '--password-env',
        'PW',
        '--sudo-password-env',
        'SUDO_PW',
        '--su-password-env',
        'ROOT_PW',
      ],
      { PW: 'x', SUDO_PW: 'Sudo-Secret-1', ROOT_PW: 'Root-Secret-1' },
    );
    expect(both.code).toBe(2);
    expect(both.err).toContain('not both');
    expect(both.err).not.toMatch(/Sudo-Secret-1|Root-Secret-1/);
  });

  const firewall: [string, string[], RegExp][] = [
    ['only commas', ['--firewall-remote-address', ',,,'], /names no address/],
    ['an empty value', ['--firewall-remote-address', ''], /names no address/],
    ['a /33 prefix', ['--firewall-remote-address', '10.0.0.0/33'], /10\.0\.0\.0\/33/],
    ['an octet over 255', ['--firewall-remote-address', '10.0.0.300'], /10\.0\.0\.300/],
    ['a /129 IPv6 prefix', ['--firewall-remote-address', 'fe80::/129'], /fe80::\/129/],
    ['a backwards range', ['--firewall-remote-address', '10.0.0.9-10.0.0.1'], /10\.0\.0\.9-10\.0\.0\.1/],
    [
      'more than 1000 entries',
      ['--firewall-remote-address', Array.from({ length: 1001 }, (_, i) => `10.${i >> 8}.${i & 255}.1`).join(',')],
      /1000/,
    ],
  ];
  it.each(firewall)('windows export refuses a firewall list with %s', async (_label, flags, pattern) => {
    const out = path.join(work, 'fw-bad.ps1');
    const r = await cli(['windows', 'export', '--out', out, ...flags]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(pattern);
  });

  it('accepts what New-NetFirewallRule accepts', async () => {
    const r = await cli([
      'windows',
      'export',
      '--out',
      path.join(work, 'fw-good.ps1'),
      '--firewall-remote-address',
      '10.0.0.0/24,192.168.1.0/255.255.255.0,10.1.1.1-10.1.1.9,fe80::/64,LocalSubnet',
    ]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
  });

  it('refuses a --cert-thumbprint with letters that are not hexadecimal, instead of dropping them', async () => {
    const hex = 'A'.repeat(40);
    const bad = await cli(['windows', 'export', '--out', path.join(work, 'c.ps1'), '--cert-thumbprint', `${hex}xyz!!`]);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/certThumbprint: A thumbprint is 40 hexadecimal digits/);
    const copied = await cli([
      'windows',
      'export',
      '--out',
      path.join(work, 'c.ps1'),
      '--cert-thumbprint',
      `\u200e${'aa '.repeat(20)}`,
    ]);
    expect(copied.code).toBe(0);
  });

  it('lists the allowed key sizes', async () => {
    const r = await cli(['windows', 'export', '--out', path.join(work, 'k.ps1'), '--key-size', '1024']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/keySize: .*2048.*3072.*4096/);
  });
});
