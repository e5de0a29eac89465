/**
 * A hostile WinRM listener (issue 14, item 6): its certificate subject and its WS-Management
 * Identify answer carry terminal escape sequences and a carriage return faking a result line.
 * Over real TLS on loopback, through the real CLI: nothing that reaches the terminal, the JSON
 * or the HTML report may act on a terminal; our own colours appear only on a terminal without NO_COLOR.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeWinRm, type LoopbackServer } from '../fixtures/probe/loopbackServers';
import { makeSelfSigned } from '../fixtures/probe/makeCertificates';
import { runCliInProcess } from '../support/cliInProcess';

const work = mkdtempSync(path.join(tmpdir(), 'ngtp-probe-hostile-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const HOSTILE_CN = 'vm\u001b]0;pwned\u0007\u001b[2J\u009b31m.example';
const HOSTILE_VENDOR = 'Microsoft\u001b]0;pwned\u0007 Corporation\r[OK     ] Identify: \u2714 ok';
/** What a terminal would act on: ESC, BEL, CR, any C0 but tab/LF, DEL, C1. */
// eslint-disable-next-line no-control-regex
const ACTIVE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

let server: LoopbackServer;
beforeAll(async () => {
  server = await startFakeWinRm({
    tls: makeSelfSigned({ cn: HOSTILE_CN, sans: ['127.0.0.1'] }),
    accounts: [],
    vendor: HOSTILE_VENDOR,
  });
});
afterAll(() => server.close());

async function probe(isTTY: boolean, env: Record<string, string>, extra: string[] = []) {
  const run = await runCliInProcess(
    ['--verbose', 'probe', 'winrm', '--host', '127.0.0.1', '--port', String(server.port), ...extra],
    { dataDir: path.join(work, 'data'), env, isTTY },
  );
  return { code: run.code, text: run.stdout + run.stderr };
}

describe('probe winrm against a hostile listener', () => {
  it('prints, writes JSON and HTML with nothing a terminal would act on, the words still readable', async () => {
    const json = path.join(work, 'r.json');
    const html = path.join(work, 'r.html');
    const r = await probe(false, {}, ['--json', json, '--html', html]);
    expect(r.text).toContain('Microsoft Corporation');
    expect(r.text).toContain('\\x0d[OK     ] Identify'); // the fake line is shown, visibly, on the same line
    expect(r.text).not.toMatch(ACTIVE);
    expect(r.text).toContain('vm.example');
    const reportText = readFileSync(json, 'utf8');
    expect(JSON.stringify(JSON.parse(reportText))).not.toMatch(/\\u00(?:1b|07|9b|0d)|\\r/i);
    expect(reportText).toContain('Microsoft Corporation');
    expect(readFileSync(html, 'utf8')).not.toMatch(ACTIVE);
  });

  it('colours only its own status labels, and only on a terminal without NO_COLOR', async () => {
    const tty = await probe(true, {});
    // eslint-disable-next-line no-control-regex
    expect(tty.text).toMatch(/\u001b\[3\dm\[/); // our status colour
    expect(tty.text).not.toContain('pwned');
    const noColor = await probe(true, { NO_COLOR: '1' });
    // eslint-disable-next-line no-control-regex
    expect(noColor.text.replace(/\r\u001b\[2K/g, '')).not.toMatch(/\u001b/);
    const pipe = await probe(false, {});
    expect(pipe.text).not.toContain('\u001b');
  });
});
