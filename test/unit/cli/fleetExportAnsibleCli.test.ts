/**
 * `ngt-prep fleet export-ansible` up to the point where hosts are contacted:
 * usage errors exit 2 before anything connects; a fleet where no host can be
 * reached exits 3 and writes nothing. Real files in a temp folder; the export
 * run by ansible-playbook is test/integration/fleet/ansibleExportSandbox.test.ts.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import { runCli } from '../../../main/cli/runCli';
import { nodeEnvironment, nodePorts } from '../../../main/platform/nodePorts';

const work = mkdtempSync(join(tmpdir(), 'ngtp-ansible-cli-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

async function cli(args: string[], env: Record<string, string> = {}) {
  let out = '';
  const io = {
    stdout: (s: string) => void (out += s),
    stderr: (s: string) => void (out += s),
    env: { LANG: 'en_US.UTF-8', ...env },
    isTTY: false,
  };
  const ports = nodePorts({ environment: nodeEnvironment({ homedir: work, appDataDir: join(work, 'data') }) });
  const code = await runCli(args, io, ports);
  return { code, out };
}

describe('fleet export-ansible CLI', () => {
  const inv = join(work, 'hosts.ini');
  writeFileSync(inv, '[el]\nvm1 ansible_host=127.0.0.1\n');

  it('is listed by --help', async () => {
    const r = await cli(['--help']);
    expect(r.out).toContain('fleet export-ansible');
  });

  it('without --out: exit 2 naming the option, before any host is contacted', async () => {
    const r = await cli(['fleet', 'export-ansible', '--inventory', inv, '--user', 'root', '--agent']);
    expect(r.code).toBe(2);
    expect(r.out).toContain('--out is required');
    expect(r.out).not.toContain('[Prepare]');
  });

  it('--out belongs to export-ansible only: fleet install refuses it', async () => {
    const r = await cli(['fleet', 'install', '--inventory', inv, '--out', join(work, 'x'), '--agent']);
    expect(r.code).toBe(2);
    expect(r.out).toContain('Unknown option "--out"');
  });

  it('no host can be connected: exit 3 and nothing written', async () => {
    const closedPort = await new Promise<number>((resolve) => {
      const s = net.createServer().listen(0, '0.0.0.0', () => {
        const { port } = s.address() as net.AddressInfo;
        s.close(() => resolve(port));
      });
    });
    const down = join(work, 'down.ini');
    writeFileSync(down, `a ansible_host=127.0.0.1 ansible_port=${closedPort}\n`);
    const out = join(work, 'export');
    const r = await cli(
      [
        'fleet',
        'export-ansible',
        '--inventory',
        down,
        '--out',
        out,
        '--user',
        'root',
        '--password-env',
        'PW',
        '--known-hosts',
        join(work, 'kh'),
      ],
      { PW: 'pw' },
    );
    expect(r.code, r.out).toBe(3);
    expect(r.out).toContain('a: not exported (ANSIBLE_HOST_NOT_PREPARED)');
    expect(r.out).toContain('Nothing exported');
    expect(existsSync(out)).toBe(false);
  });
});
