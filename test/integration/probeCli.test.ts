/** `ngt-prep probe winrm` end to end in-process: real CLI parsing, real sockets, a schema-valid JSON report. */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { closedPort, startFakeWinRm } from '../fixtures/probe/loopbackServers';
import { makeSelfSigned } from '../fixtures/probe/makeCertificates';
import { runCliInProcess } from '../support/cliInProcess';
import { reportSchemaErrors } from '../support/reportSchema';

const work = mkdtempSync(path.join(tmpdir(), 'ngtp-probe-cli-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const SENTINEL = 'Pr0be-S3ntinel-pw';

const cli = (argv: string[], env: Record<string, string> = {}) =>
  runCliInProcess(argv, { dataDir: path.join(work, 'data'), env });

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
      const { code, stdout } = await cli(
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
        { WINRM_PW: SENTINEL },
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
      const printed = stdout;
      expect(printed).toContain('Microsoft Corporation');
      expect(printed + readFileSync(json, 'utf8')).not.toContain(SENTINEL);
    } finally {
      await server.close();
    }
  });

  it('exits 3 when nothing listens, and 2 on bad input', async () => {
    const port = await closedPort();
    expect((await cli(['probe', 'winrm', '--host', '127.0.0.1', '--port', String(port)])).code).toBe(3);
    const bad = await cli(['probe', 'winrm', '--host', '127.0.0.1', '--port', '99999']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('is not a port');
    expect((await cli(['probe', 'winrm', '--port', '5986'])).code).toBe(2);
    expect((await cli(['probe', 'winrm', '--host', 'h', '--user', 'u'])).code).toBe(2);
  });
});
