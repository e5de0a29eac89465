/** `ngt-prep probe winrm` end to end in-process: real CLI parsing, real sockets, a schema-valid JSON report. */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../main/cli/runCli';
import { nodeEnvironment, nodePorts } from '../../main/platform/nodePorts';
import { closedPort, startFakeWinRm } from '../fixtures/probe/loopbackServers';
import { makeSelfSigned } from '../fixtures/probe/makeCertificates';
import { reportSchemaErrors } from '../support/reportSchema';

const work = mkdtempSync(path.join(tmpdir(), 'ngtp-probe-cli-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const SENTINEL = 'Pr0be-S3ntinel-pw';

function cli(env: Record<string, string> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    io: {
      stdout: (s: string) => void out.push(s),
      stderr: (s: string) => void err.push(s),
      env: { LANG: 'en_US.UTF-8', ...env },
      isTTY: false,
    },
  };
}
const ports = () => nodePorts({ environment: nodeEnvironment({ appDataDir: path.join(work, 'data') }) });

describe('ngt-prep probe winrm', () => {
  it('exits 0 with a schema-valid report against a good listener, showing the Identify answer and Basic accepted', async () => {
    const server = await startFakeWinRm({
      tls: makeSelfSigned({ cn: '127.0.0.1', sans: ['127.0.0.1'] }),
      accounts: [{ user: 'Administrator', password: SENTINEL, admin: true }],
      vendor: 'Microsoft Corporation',
      version: 'OS: 10.0.17763 SP: 0.0 Stack: 3.0',
    });
    try {
      const json = path.join(work, 'probe.json');
      const c = cli({ WINRM_PW: SENTINEL });
      const code = await runCli(
        [
          'probe',
          'winrm',
          '--host',
          '127.0.0.1',
          '--port',
          String(server.port),
          '--user',
          'Administrator',
          '--password-env',
          'WINRM_PW',
          '--json',
          json,
        ],
        c.io,
        ports(),
      );
      const report = JSON.parse(readFileSync(json, 'utf8'));
      expect(reportSchemaErrors(report)).toEqual([]);
      expect(code).toBe(0);
      expect(report.steps.map((s: { id: string; status: string }) => [s.id, s.status])).toEqual([
        ['dns', 'ok'],
        ['tcp', 'ok'],
        ['tls', 'warn'], // self-signed: Prism Central accepts it, but it is flagged
        ['identify', 'ok'],
        ['basic-auth', 'ok'],
      ]);
      expect(report.steps[3].data).toMatchObject({
        productVendor: 'Microsoft Corporation',
        productVersion: 'OS: 10.0.17763 SP: 0.0 Stack: 3.0',
      });
      const printed = c.out.join('');
      expect(printed).toContain('Microsoft Corporation');
      expect(printed + readFileSync(json, 'utf8')).not.toContain(SENTINEL);
    } finally {
      await server.close();
    }
  });

  it('exits 3 when nothing listens, and 2 on bad input', async () => {
    const port = await closedPort();
    expect(await runCli(['probe', 'winrm', '--host', '127.0.0.1', '--port', String(port)], cli().io, ports())).toBe(3);
    const bad = cli();
    expect(await runCli(['probe', 'winrm', '--host', '127.0.0.1', '--port', '99999'], bad.io, ports())).toBe(2);
    expect(bad.err.join('')).toContain('is not a port');
    expect(await runCli(['probe', 'winrm', '--port', '5986'], cli().io, ports())).toBe(2);
    expect(await runCli(['probe', 'winrm', '--host', 'h', '--user', 'u'], cli().io, ports())).toBe(2);
  });
});
