import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { NgtError } from '../../../main/engine/errors';
import type { ProcessRunner } from '../../../main/engine/ports';
import { createTranslator } from '../../../main/i18n/catalogue';
import { nodeProcessRunner } from '../../../main/platform/nodePorts';
import { HOST_PROBE_COMMAND, assertElevated, probePowerShellHost } from '../../../main/windows/powershellHost';
import {
  buildPowerShellArgs,
  createPowerShellRunner,
  decodeOptions,
  encodeOptions,
  parseProgressLine,
  parseScriptOutput,
} from '../../../main/windows/powershellRunner';
import { z } from 'zod';

const t = createTranslator('en');
let dir: string;
let standIn: string;
let shellStandIn: string;

/**
 * A stand-in for powershell.exe: records its argv to $STANDIN_RECORD and behaves as
 * $STANDIN_MODE says. In "echo" mode it decodes -OptionsBase64 and prints the options back.
 */
const STAND_IN = String.raw`
const fs = require('fs');
const args = process.argv.slice(2);
if (process.env.STANDIN_RECORD) fs.writeFileSync(process.env.STANDIN_RECORD, JSON.stringify(args));
const mode = process.env.STANDIN_MODE || 'echo';
const b64 = args[args.indexOf('-OptionsBase64') + 1];
if (mode === 'echo') {
  process.stderr.write('##ngtprep:progress {"step":"service","current":1,"max":2}\r\n');
  process.stderr.write('WARNING: something PowerShell said\n');
  process.stderr.write('##ngtprep:progress {"step":"done","current":2,"max":2}\n');
  const options = JSON.parse(Buffer.from(b64, 'base64').toString('utf8'));
  process.stdout.write('\uFEFF\r\n\r\n' + JSON.stringify({ ok: true, script: 'Get-NgtPrepState', options }) + '\r\n\r\n');
} else if (mode === 'error') {
  process.stdout.write(JSON.stringify({ ok: false, script: 'Set-NgtPrepWinRm', schemaVersion: 1, error: { code: process.env.STANDIN_CODE, message: 'Group Policy sets AllowBasic=0.', detail: 'At line:1' } }) + '\n');
} else if (mode === 'stray') {
  process.stdout.write('True\n' + JSON.stringify({ ok: true, n: 1 }) + '\n');
} else if (mode === 'none') {
  process.stderr.write('The term is not recognized\n');
  process.exit(1);
} else if (mode === 'hang') {
  setTimeout(() => {}, 60000);
}
`;

/** A stand-in that speaks node-powershell's stdin protocol (used for the host probe). */
const SHELL_STAND_IN = String.raw`
const fs = require('fs');
const rl = require('readline').createInterface({ input: process.stdin });
fs.writeFileSync(process.env.STANDIN_RECORD + '.argv', JSON.stringify(process.argv.slice(2)));
rl.on('line', (line) => {
  let m;
  if ((m = /^\[Console\]::Out\.WriteLine\("(.*)"\)$/.exec(line))) process.stdout.write(m[1] + '\n');
  else if ((m = /^\[Console\]::Error\.WriteLine\("(.*)"\)$/.exec(line))) process.stderr.write(m[1] + '\n');
  else if (line.trim()) {
    fs.appendFileSync(process.env.STANDIN_RECORD + '.commands', line + '\n');
    process.stdout.write(process.env.STANDIN_PROBE + '\n');
  }
});
`;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ngtprep-ps-'));
  standIn = join(dir, 'powershell-standin');
  writeFileSync(standIn, `#!${process.execPath}\n${STAND_IN}`);
  chmodSync(standIn, 0o755);
  shellStandIn = join(dir, 'pwsh-shell-standin');
  writeFileSync(shellStandIn, `#!${process.execPath}\n${SHELL_STAND_IN}`);
  chmodSync(shellStandIn, 0o755);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function runner(mode: string, extraEnv: Record<string, string> = {}) {
  const record = join(dir, `argv-${mode}-${Math.random().toString(36).slice(2)}.json`);
  const r = createPowerShellRunner({
    processes: nodeProcessRunner,
    platform: 'linux',
    t,
    executable: standIn,
    env: { ...process.env, STANDIN_MODE: mode, STANDIN_RECORD: record, ...extraEnv },
  });
  return { r, argv: () => JSON.parse(readFileSync(record, 'utf8')) as string[] };
}

const HOSTILE = {
  hostName: `wïn-ホスト'; Remove-Item C:\\ -Recurse; $(calc) \`n "x"`,
  firewallRemoteAddresses: [
    '10.0.0.1; Stop-Computer',
    "$(Invoke-Expression 'evil')",
    'fe80::1%4\r\nwhoami',
    '`$env:USERNAME',
  ],
  certThumbprint: "' + (iex 'x') + '",
};

describe('argument passing', () => {
  it('passes fixed switches, the path, and the options as one Base64 argument that arrives intact', async () => {
    const { r, argv } = runner('echo');
    const scriptPath = join(dir, 'My Scripts', 'Get-NgtPrepState.ps1');
    const progress: unknown[] = [];
    const logs: string[] = [];
    const out = await r.run<{ options: unknown }>({
      scriptPath,
      options: HOSTILE,
      onProgress: (p) => progress.push(p),
      onLog: (l) => logs.push(l),
    });
    expect(out.options).toEqual(HOSTILE);
    const args = argv();
    expect(args).toEqual([
      '-NoProfile',
      '-NonInteractive',
      '-ExecutionPolicy',
      'Bypass',
      '-File',
      scriptPath,
      '-OptionsBase64',
      encodeOptions(HOSTILE),
      '-EmitProgress',
    ]);
    expect(args[7]).toMatch(/^[A-Za-z0-9+/=]+$/);
    expect(decodeOptions(args[7])).toEqual(HOSTILE);
    for (const arg of args) expect(arg).not.toContain('Remove-Item');
    expect(progress).toEqual([
      { step: 'service', current: 1, max: 2 },
      { step: 'done', current: 2, max: 2 },
    ]);
    expect(logs).toEqual(['WARNING: something PowerShell said']);
  });
  it('sends {} when there are no options', () => {
    expect(buildPowerShellArgs('a.ps1', encodeOptions(undefined))[7]).toBe(Buffer.from('{}').toString('base64'));
  });
});

describe('output parsing', () => {
  it('tolerates a BOM, CRLF and blank lines', () => {
    expect(parseScriptOutput('\uFEFF\r\n{"ok":true}\r\n\r\n')).toEqual({ value: { ok: true }, strayLines: [] });
  });
  it('takes the last JSON object line and reports stray lines', async () => {
    expect(parseScriptOutput('True\n{"ok":true,"n":1}\n')).toEqual({ value: { ok: true, n: 1 }, strayLines: ['True'] });
    const logs: string[] = [];
    const { r } = runner('stray');
    await expect(r.run({ scriptPath: 'x.ps1', onLog: (l) => logs.push(l) })).resolves.toEqual({ ok: true, n: 1 });
    expect(logs).toEqual(['True']);
  });
  it('returns null for output without a JSON object', () => {
    expect(parseScriptOutput('')).toBeNull();
    expect(parseScriptOutput('[1,2]\nnot json')).toBeNull();
  });
  it('reads progress lines and ignores others', () => {
    expect(parseProgressLine('##ngtprep:progress {"step":"x","current":1,"max":3}')).toEqual({
      step: 'x',
      current: 1,
      max: 3,
    });
    expect(parseProgressLine('##ngtprep:progress {bad')).toBeNull();
    expect(parseProgressLine('hello')).toBeNull();
  });
  it('validates against a schema and says which fields are wrong', async () => {
    const { r } = runner('echo');
    const schema = z.object({ ok: z.literal(true), script: z.literal('Set-NgtPrepWinRm') });
    const error = await r.run({ scriptPath: 'x.ps1', schema }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NgtError);
    expect(error).toMatchObject({ code: 'WINDOWS_SCRIPT_BAD_OUTPUT' });
    expect((error as NgtError).detail).toContain('script');
  });
  it("says so when the script printed no JSON, with PowerShell's own error", async () => {
    const { r } = runner('none');
    const error = (await r.run({ scriptPath: 'Get-NgtPrepState.ps1' }).catch((e: unknown) => e)) as NgtError;
    expect(error.code).toBe('WINDOWS_SCRIPT_NO_OUTPUT');
    expect(error.message).toBe('Get-NgtPrepState ended (exit code 1) without its JSON result.');
    expect(error.detail).toBe('The term is not recognized');
  });
});

describe('script errors', () => {
  it('surface with the script code, a translated message and remediation', async () => {
    const { r } = runner('error', { STANDIN_CODE: 'WINRM_BASIC_GPO_BLOCKED' });
    const error = (await r.run({ scriptPath: 'Set-NgtPrepWinRm.ps1' }).catch((e: unknown) => e)) as NgtError;
    expect(error).toBeInstanceOf(NgtError);
    expect(error.code).toBe('WINRM_BASIC_GPO_BLOCKED');
    expect(error.message).toBe('Group Policy keeps Basic authentication off for WinRM. Nothing was changed.');
    expect(error.remediation).toContain('"Allow Basic authentication"');
    expect(error.detail).toContain('Group Policy sets AllowBasic=0.');
  });
  it('say how to get elevation', async () => {
    const { r } = runner('error', { STANDIN_CODE: 'WINDOWS_NOT_ELEVATED' });
    const error = (await r.run({ scriptPath: 'Set-NgtPrepWinRm.ps1' }).catch((e: unknown) => e)) as NgtError;
    expect(error.code).toBe('WINDOWS_NOT_ELEVATED');
    expect(error.remediation).toContain('Run as administrator');
  });
  it('keep an unknown code and fall back to a generic text', async () => {
    const { r } = runner('error', { STANDIN_CODE: 'SOMETHING_NEW' });
    const error = (await r.run({ scriptPath: 'Set-NgtPrepWinRm.ps1' }).catch((e: unknown) => e)) as NgtError;
    expect(error.code).toBe('SOMETHING_NEW');
    expect(error.message).toBe('Set-NgtPrepWinRm failed: Group Policy sets AllowBasic=0.');
  });
});

describe('timeout', () => {
  it('stops a script that never answers', async () => {
    const { r } = runner('hang');
    const started = Date.now();
    const error = (await r
      .run({ scriptPath: 'Get-NgtPrepState.ps1', timeoutMs: 400 })
      .catch((e: unknown) => e)) as NgtError;
    expect(error.code).toBe('WINDOWS_SCRIPT_TIMEOUT');
    expect(error.message).toBe('Get-NgtPrepState did not finish within 1 seconds and was stopped.');
    // stopped by the 0.4 s time-out, not left hanging; the room is for a busy machine
    expect(Date.now() - started).toBeLessThan(15_000);
  });
});

describe('no PowerShell on this machine', () => {
  const emptyPath: ProcessRunner = { run: nodeProcessRunner.run, which: async () => null };
  it('is WINDOWS_POWERSHELL_MISSING pointing to export and probe when pwsh is not on PATH', async () => {
    const r = createPowerShellRunner({ processes: emptyPath, platform: 'linux', t });
    const error = (await r.run({ scriptPath: 'x.ps1' }).catch((e: unknown) => e)) as NgtError;
    expect(error.code).toBe('WINDOWS_POWERSHELL_MISSING');
    expect(error.message).toBe('PowerShell was not found on this machine (looked for pwsh).');
    expect(error.remediation).toContain('Export script');
    expect(error.remediation).toContain('Probe a Windows VM');
  });
  it('looks for powershell then pwsh on Windows', async () => {
    const asked: string[] = [];
    const r = createPowerShellRunner({
      processes: { run: nodeProcessRunner.run, which: async (c) => (asked.push(c), null) },
      platform: 'win32',
      t,
    });
    const error = (await r.resolveExecutable().catch((e: unknown) => e)) as NgtError;
    expect(asked).toEqual(['powershell', 'pwsh']);
    expect(error.remediation).toContain('WindowsPowerShell');
  });
  it('maps a spawn ENOENT of an explicit path to the same code', async () => {
    const r = createPowerShellRunner({
      processes: nodeProcessRunner,
      platform: 'linux',
      t,
      executable: join(dir, 'no-such-powershell'),
    });
    await expect(r.run({ scriptPath: 'x.ps1' })).rejects.toMatchObject({ code: 'WINDOWS_POWERSHELL_MISSING' });
  });
});

describe('host probe through node-powershell', () => {
  it('sends only the fixed probe command and reads version, edition and elevation', async () => {
    const record = join(dir, 'probe');
    process.env.STANDIN_RECORD = record;
    process.env.STANDIN_PROBE = JSON.stringify({ version: '5.1.17763.6414', edition: 'Desktop', elevated: false });
    try {
      const info = await probePowerShellHost({ executable: shellStandIn, t });
      expect(info).toEqual({ version: '5.1.17763.6414', edition: 'Desktop', elevated: false });
      expect(readFileSync(`${record}.commands`, 'utf8').trim()).toBe(HOST_PROBE_COMMAND);
      expect(JSON.parse(readFileSync(`${record}.argv`, 'utf8'))).toEqual(
        expect.arrayContaining(['-NoProfile', '-NonInteractive', '-Command', '-']),
      );
      expect(() => assertElevated(info, t)).toThrow(expect.objectContaining({ code: 'WINDOWS_NOT_ELEVATED' }));
      expect(() => assertElevated({ ...info, elevated: true }, t)).not.toThrow();
    } finally {
      delete process.env.STANDIN_RECORD;
      delete process.env.STANDIN_PROBE;
    }
  });
  it('reports a missing PowerShell', async () => {
    await expect(probePowerShellHost({ executable: join(dir, 'nope', 'pwsh'), t })).rejects.toMatchObject({
      code: 'WINDOWS_POWERSHELL_MISSING',
    });
  });
});
