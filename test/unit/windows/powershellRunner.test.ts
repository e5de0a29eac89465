import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { NgtError } from '../../../main/engine/errors';
import type { ProcessRunner } from '../../../main/engine/ports';
import { createTranslator } from '../../../main/i18n/catalogue';
import { nodeProcessRunner } from '../../../main/platform/nodePorts';
import { assertElevated, probePowerShellHost } from '../../../main/windows/powershellHost';
import { canRunPwsh } from '../../support/pwsh';
import {
  buildPowerShellArgs,
  createPowerShellRunner,
  encodeOptions,
  parseProgressLine,
  parseScriptOutput,
} from '../../../main/windows/powershellRunner';
import { z } from 'zod';

const t = createTranslator('en');
let dir: string;

/**
 * Real pwsh (scripts/install-powershell.sh) runs a small test script through the runner and
 * through node-powershell: no PowerShell behaviour is imitated here.
 */
const pwsh = canRunPwsh();
const inCi = process.env.CI === 'true';
const TEST_SCRIPT = join(__dirname, '../../fixtures/windows/Invoke-RunnerTestScript.ps1');

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ngtprep-ps-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function runner(mode: string, extraEnv: Record<string, string> = {}) {
  return createPowerShellRunner({
    processes: nodeProcessRunner,
    platform: 'linux',
    t,
    executable: pwsh.pwsh,
    env: { ...process.env, NGT_RUNNER_TEST_MODE: mode, ...extraEnv },
  });
}
const withPwsh = pwsh.ok ? describe : describe.skip;
if (!pwsh.ok) {
  describe('real pwsh', () => {
    if (inCi) it('can run pwsh in CI', () => expect.fail(`pwsh cannot run in CI: ${pwsh.reason}`));
    else it.skip(`NOT RUN: ${pwsh.reason}`, () => {});
  });
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

withPwsh('argument passing (real pwsh)', () => {
  it('passes fixed switches, the path, and the options as one Base64 argument that arrives intact', async () => {
    const r = runner('echo');
    const progress: unknown[] = [];
    const logs: string[] = [];
    const out = await r.run<{ options: unknown; emitProgress: boolean; argv: string[] }>({
      scriptPath: TEST_SCRIPT,
      options: HOSTILE,
      onProgress: (p) => progress.push(p),
      onLog: (l) => logs.push(l),
    });
    // PowerShell itself decoded the options (Invoke-RunnerTestScript.ps1, with .NET's Base64 and
    // ConvertFrom-Json): every hostile value arrived as data.
    expect(out.options).toEqual(HOSTILE);
    expect(out.emitProgress).toBe(true);
    // The command line pwsh received: fixed switches, the path, one Base64 word.
    const args = out.argv;
    expect(args).toEqual([
      '-NoProfile',
      '-NonInteractive',
      '-ExecutionPolicy',
      'Bypass',
      '-File',
      TEST_SCRIPT,
      '-OptionsBase64',
      expect.stringMatching(/^[A-Za-z0-9+/]+=*$/),
      '-EmitProgress',
    ]);
    for (const arg of args) expect(arg).not.toContain('Remove-Item');
    expect(progress).toEqual([
      { step: 'service', current: 1, max: 2 },
      { step: 'done', current: 2, max: 2 },
    ]);
    expect(logs).toEqual(['WARNING: something PowerShell said']);
  }, 120_000);
});

describe('arguments', () => {
  it('sends {} when there are no options', () => {
    // "e30=" is the Base64 of the two bytes "{}" (RFC 4648).
    expect(buildPowerShellArgs('a.ps1', encodeOptions(undefined))[7]).toBe('e30=');
  });
  it('encodes UTF-8 before Base64, so non-ASCII names survive', () => {
    // Base64 of the UTF-8 bytes of {"hostName":"wïn"} (ï = C3 AF), from coreutils `base64`.
    expect(encodeOptions({ hostName: 'wïn' })).toBe('eyJob3N0TmFtZSI6InfDr24ifQ==');
  });
});

describe('output parsing', () => {
  it('tolerates a BOM, CRLF and blank lines', () => {
    expect(parseScriptOutput('\uFEFF\r\n{"ok":true}\r\n\r\n')).toEqual({ value: { ok: true }, strayLines: [] });
  });
  it('takes the last JSON object line and reports stray lines', async () => {
    expect(parseScriptOutput('True\n{"ok":true,"n":1}\n')).toEqual({ value: { ok: true, n: 1 }, strayLines: ['True'] });
  });
  (pwsh.ok ? it : it.skip)(
    'a real script: Write-Output $true before the JSON is a stray line',
    async () => {
      const logs: string[] = [];
      const r = runner('stray');
      await expect(r.run({ scriptPath: TEST_SCRIPT, onLog: (l) => logs.push(l) })).resolves.toEqual({ ok: true, n: 1 });
      expect(logs).toEqual(['True']);
    },
    120_000,
  );
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
  (pwsh.ok ? it : it.skip)(
    'validates against a schema and says which fields are wrong',
    async () => {
      const r = runner('echo');
      const schema = z.object({ ok: z.literal(true), script: z.literal('Set-NgtPrepWinRm') });
      const error = await r.run({ scriptPath: TEST_SCRIPT, schema }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(NgtError);
      expect(error).toMatchObject({ code: 'WINDOWS_SCRIPT_BAD_OUTPUT' });
      expect((error as NgtError).detail).toContain('script');
    },
    120_000,
  );
  (pwsh.ok ? it : it.skip)(
    "says so when the script printed no JSON, with PowerShell's own error",
    async () => {
      const r = runner('none');
      const error = (await r.run({ scriptPath: TEST_SCRIPT }).catch((e: unknown) => e)) as NgtError;
      expect(error.code).toBe('WINDOWS_SCRIPT_NO_OUTPUT');
      expect(error.message).toBe('Invoke-RunnerTestScript ended (exit code 1) without its JSON result.');
      expect(error.detail).toContain('Invoke-NgtPrepCommandThatDoesNotExist');
      expect(error.detail).toContain('is not recognized');
    },
    120_000,
  );
});

withPwsh('script errors (real pwsh)', () => {
  it('surface with the script code, a translated message and remediation', async () => {
    const r = runner('error', { NGT_RUNNER_TEST_CODE: 'WINRM_BASIC_GPO_BLOCKED' });
    const error = (await r.run({ scriptPath: TEST_SCRIPT }).catch((e: unknown) => e)) as NgtError;
    expect(error).toBeInstanceOf(NgtError);
    expect(error.code).toBe('WINRM_BASIC_GPO_BLOCKED');
    expect(error.message).toBe('Group Policy keeps Basic authentication off for WinRM. Nothing was changed.');
    expect(error.remediation).toContain('"Allow Basic authentication"');
    expect(error.detail).toContain('Group Policy sets AllowBasic=0.');
  });
  it('say how to get elevation', async () => {
    const r = runner('error', { NGT_RUNNER_TEST_CODE: 'WINDOWS_NOT_ELEVATED' });
    const error = (await r.run({ scriptPath: TEST_SCRIPT }).catch((e: unknown) => e)) as NgtError;
    expect(error.code).toBe('WINDOWS_NOT_ELEVATED');
    expect(error.remediation).toContain('Run as administrator');
  });
  it('keep an unknown code and fall back to a generic text', async () => {
    const r = runner('error', { NGT_RUNNER_TEST_CODE: 'SOMETHING_NEW' });
    const error = (await r.run({ scriptPath: TEST_SCRIPT }).catch((e: unknown) => e)) as NgtError;
    expect(error.code).toBe('SOMETHING_NEW');
    expect(error.message).toBe('Invoke-RunnerTestScript failed: Group Policy sets AllowBasic=0.');
  });
});

withPwsh('timeout (real pwsh)', () => {
  it('stops a script that never answers', async () => {
    const r = runner('hang');
    // pwsh starts in well under this on an idle machine; the script then waits forever.
    const error = (await r.run({ scriptPath: TEST_SCRIPT, timeoutMs: 30_000 }).catch((e: unknown) => e)) as NgtError;
    expect(error.code).toBe('WINDOWS_SCRIPT_TIMEOUT');
    expect(error.message).toBe('Invoke-RunnerTestScript did not finish within 30 seconds and was stopped.');
  }, 120_000);
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
  (pwsh.ok ? it : it.skip)(
    'sends only the fixed probe command to real pwsh and reads version, edition and elevation',
    async () => {
      const info = await probePowerShellHost({ executable: pwsh.pwsh!, t, timeoutMs: 120_000 });
      // pwsh 7.6.9 (scripts/install-powershell.sh); Windows identities do not exist on Linux.
      expect(info).toEqual({ version: '7.6.9', edition: 'Core', elevated: null });
      expect(() => assertElevated({ ...info, elevated: false }, t)).toThrow(
        expect.objectContaining({ code: 'WINDOWS_NOT_ELEVATED' }),
      );
      expect(() => assertElevated({ ...info, elevated: true }, t)).not.toThrow();
    },
    180_000,
  );
  it('reports a missing PowerShell', async () => {
    await expect(probePowerShellHost({ executable: join(dir, 'nope', 'pwsh'), t })).rejects.toMatchObject({
      code: 'WINDOWS_POWERSHELL_MISSING',
    });
  });
});
