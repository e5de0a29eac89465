/**
 * Real PowerShell 7 for tests (installed by scripts/install-powershell.sh as a .NET global
 * tool). Tests that need it skip locally with a loud reason and fail under CI=true, like
 * canRunSandbox().
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** pwsh from the .NET global tools folder or PATH, or null. */
export function findPwsh(): string | null {
  const candidates = [path.join(os.homedir(), '.dotnet', 'tools', 'pwsh')];
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) if (dir) candidates.push(path.join(dir, 'pwsh'));
  return candidates.find((candidate) => existsSync(candidate)) ?? null;
}

export function canRunPwsh(): { ok: boolean; reason?: string; pwsh?: string } {
  const pwsh = findPwsh();
  if (!pwsh) return { ok: false, reason: 'pwsh is not installed (run scripts/install-powershell.sh)' };
  return { ok: true, pwsh };
}

export const PARSE_SCRIPTS = path.join(__dirname, '..', 'powershell', 'tools', 'Test-ScriptSyntax.ps1');

/** PowerShell's own parser ([Parser]::ParseInput) over each file: its errors, per file. */
export function parseWithPowerShell(pwsh: string, files: string[]): Record<string, string[]> {
  const r = spawnSync(pwsh, ['-NoProfile', '-NonInteractive', '-File', PARSE_SCRIPTS, ...files], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`pwsh parse failed (${r.status}): ${r.stderr}`);
  return JSON.parse(r.stdout) as Record<string, string[]>;
}
