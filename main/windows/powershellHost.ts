/**
 * Asks the local PowerShell what it is: version, edition and whether this session is elevated.
 *
 * This is where node-powershell fits: a short request/response exchange with a PowerShell
 * session (its PowerShell class keeps a shell open, sends a command on stdin and returns the
 * output between delimiters). The command is a fixed constant: no user value is ever part of
 * it. The long-running scripts go through powershellRunner.ts instead, which streams progress.
 *
 * Tests run this against a stand-in executable that speaks node-powershell's stdin protocol.
 */
import { stripVTControlCharacters } from 'node:util';

import { PowerShell } from 'node-powershell';
import { z } from 'zod';

import { NgtError } from '../engine/errors';
import type { Translate } from '../engine/job';

/** Fixed; prints one JSON line. `elevated` is null where Windows identities do not exist. */
export const HOST_PROBE_COMMAND =
  '$ngtPrepElevated = $null; try { $ngtPrepElevated = (New-Object System.Security.Principal.WindowsPrincipal ([System.Security.Principal.WindowsIdentity]::GetCurrent())).IsInRole([System.Security.Principal.WindowsBuiltInRole]::Administrator) } catch { $ngtPrepElevated = $null }; ' +
  "ConvertTo-Json -Compress -InputObject @{ version = $PSVersionTable.PSVersion.ToString(); edition = [string]$PSVersionTable['PSEdition']; elevated = $ngtPrepElevated }";

const hostInfoSchema = z.object({
  version: z.string(),
  edition: z.string().nullable().optional(),
  elevated: z.boolean().nullable(),
});

export interface PowerShellHostInfo {
  version: string;
  /** "Desktop" (Windows PowerShell) or "Core" (PowerShell 7); empty on PowerShell 4. */
  edition: string;
  elevated: boolean | null;
}

export interface HostProbeOptions {
  /** powershell.exe, pwsh, or a path (a stand-in in tests). */
  executable: string;
  t: Translate;
  timeoutMs?: number;
}

export async function probePowerShellHost(options: HostProbeOptions): Promise<PowerShellHostInfo> {
  const { t } = options;
  let shell: PowerShell | undefined;
  try {
    shell = new PowerShell({
      executable: options.executable,
      executableOptions: { '-NoProfile': true, '-NonInteractive': true },
      invocationTimeout: options.timeoutMs ?? 20_000,
      throwOnInvocationError: true,
    });
    const result = await shell.invoke(HOST_PROBE_COMMAND);
    // pwsh 7 writes terminal mode sequences (ESC [?1h ESC [?1l) around its output.
    const line = stripVTControlCharacters(result.raw)
      .replace(/\uFEFF/g, '')
      .split(/\r?\n/)
      .map((l) => l.trim())
      .filter((l) => l.startsWith('{'))
      .pop();
    const parsed = line ? hostInfoSchema.safeParse(JSON.parse(line)) : undefined;
    if (!parsed?.success) {
      throw new NgtError(
        'WINDOWS_SCRIPT_BAD_OUTPUT',
        t('windows.runner.badOutput', { script: 'PowerShell host probe' }),
        {
          remediation: t('windows.runner.badOutputRemediation'),
          detail: result.raw.slice(0, 2000),
        },
      );
    }
    return { version: parsed.data.version, edition: parsed.data.edition ?? '', elevated: parsed.data.elevated };
  } catch (error) {
    if (error instanceof NgtError) throw error;
    const original = (error as { originalError?: { code?: string } }).originalError;
    if (original?.code === 'ENOENT' || original?.code === 'EACCES') {
      throw new NgtError(
        'WINDOWS_POWERSHELL_MISSING',
        t('windows.runner.powershellMissing', { program: options.executable }),
        {
          remediation: t('windows.runner.powershellMissingRemediationOther'),
          cause: error,
        },
      );
    }
    throw new NgtError(
      'WINDOWS_POWERSHELL_PROBE_FAILED',
      t('windows.runner.probeFailed', { message: (error as Error).message }),
      {
        remediation: t('windows.runner.noOutputRemediation'),
        cause: error,
      },
    );
  } finally {
    await shell?.dispose().catch(() => undefined);
  }
}

/** Throws WINDOWS_NOT_ELEVATED when the probe says the session is not elevated. */
export function assertElevated(info: PowerShellHostInfo, t: Translate): void {
  if (info.elevated === false) {
    throw new NgtError('WINDOWS_NOT_ELEVATED', t('windows.scriptErrors.WINDOWS_NOT_ELEVATED.message'), {
      remediation: t('windows.scriptErrors.WINDOWS_NOT_ELEVATED.remediation'),
    });
  }
}
