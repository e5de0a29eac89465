/**
 * Runs one of NGT Prep's PowerShell scripts and returns its single JSON object.
 *
 * How it runs: `powershell.exe` (Windows PowerShell 5.1, what every supported Windows has) or,
 * elsewhere, `pwsh`, spawned through the engine's ProcessRunner port with an argument vector,
 * never a shell string:
 *
 *   powershell.exe -NoProfile -NonInteractive -ExecutionPolicy Bypass -File <script.ps1>
 *                  -OptionsBase64 <Base64 of UTF-8 JSON> -EmitProgress
 *
 * User values only ever travel inside that one Base64 argument, so quotes, `$(...)`, backticks,
 * semicolons or newlines in a host name or an address stay data. A spawned process (rather than
 * node-powershell's long-lived shell) is used here because it streams stderr line by line, which
 * carries the scripts' progress lines (`##ngtprep:progress {...}`) to the wizard's live log.
 * node-powershell is used for the short PowerShell host probe (version, edition, elevation) in
 * powershellHost.ts, where a request/response shell is the right tool.
 *
 * Failures become NgtError with a code: the script's own code (WINDOWS_NOT_ELEVATED,
 * WINRM_BASIC_GPO_BLOCKED, ...), WINDOWS_POWERSHELL_MISSING, WINDOWS_SCRIPT_TIMEOUT,
 * WINDOWS_SCRIPT_NO_OUTPUT or WINDOWS_SCRIPT_BAD_OUTPUT.
 */
import type { z } from 'zod';

import { NgtError } from '../engine/errors';
import type { Translate } from '../engine/job';
import type { ProcessRunner, RunResult } from '../engine/ports';
import { parseJsonObject } from '../engine/jsonObject';
import { PROGRESS_PREFIX, scriptErrorSchema, scriptProgressSchema, type ScriptProgress } from './scriptOutputs';

export const DEFAULT_SCRIPT_TIMEOUT_MS = 180_000;

export interface PowerShellRunnerDeps {
  processes: ProcessRunner;
  platform: NodeJS.Platform;
  t: Translate;
  /** A program name looked up on PATH, or a path used as is (tests pass a stand-in here). */
  executable?: string;
  env?: NodeJS.ProcessEnv;
}

export interface RunScriptRequest<T> {
  scriptPath: string;
  /** Any JSON-serialisable value; it reaches the script as -OptionsBase64. */
  options?: unknown;
  /** Validates the successful output; without it the parsed object is returned unchecked. */
  schema?: z.ZodType<T>;
  timeoutMs?: number;
  signal?: AbortSignal;
  onProgress?: (progress: ScriptProgress) => void;
  /** stderr lines that are not progress, and stray stdout lines (for the log). */
  onLog?: (line: string) => void;
}

export interface PowerShellRunner {
  /** The PowerShell program that will run the scripts; throws WINDOWS_POWERSHELL_MISSING. */
  resolveExecutable(): Promise<string>;
  run<T = unknown>(request: RunScriptRequest<T>): Promise<T>;
}

/** Base64 of the UTF-8 JSON text of `value` ("{}" when undefined). */
export function encodeOptions(value: unknown): string {
  return Buffer.from(JSON.stringify(value ?? {}), 'utf8').toString('base64');
}

export function decodeOptions(base64: string): unknown {
  return JSON.parse(Buffer.from(base64, 'base64').toString('utf8'));
}

/** The argument vector after the program name. Only fixed switches, the path and Base64. */
export function buildPowerShellArgs(scriptPath: string, optionsBase64: string): string[] {
  return [
    '-NoProfile',
    '-NonInteractive',
    '-ExecutionPolicy',
    'Bypass',
    '-File',
    scriptPath,
    '-OptionsBase64',
    optionsBase64,
    '-EmitProgress',
  ];
}

export interface ParsedScriptOutput {
  value: Record<string, unknown>;
  /** Lines printed besides the JSON object (a script should print none). */
  strayLines: string[];
}

/**
 * Finds the script's one JSON object in stdout. Tolerates a UTF-8 BOM, CRLF, blank lines and
 * stray lines before it (the last line that is a JSON object wins). Returns null when none.
 */
export function parseScriptOutput(stdout: string): ParsedScriptOutput | null {
  const text = stdout.replace(/\uFEFF/g, '').trim();
  if (!text) return null;
  const whole = parseJsonObject(text);
  if (whole) return { value: whole, strayLines: [] };
  const lines = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l.length > 0);
  for (let i = lines.length - 1; i >= 0; i--) {
    const value = lines[i].startsWith('{') ? parseJsonObject(lines[i]) : null;
    if (value) return { value, strayLines: lines.filter((_, j) => j !== i) };
  }
  return null;
}

/** Parses a `##ngtprep:progress {...}` stderr line, or returns null for any other line. */
export function parseProgressLine(line: string): ScriptProgress | null {
  const trimmed = line.replace(/\uFEFF/g, '').trim();
  if (!trimmed.startsWith(PROGRESS_PREFIX.trim())) return null;
  try {
    const parsed = scriptProgressSchema.safeParse(JSON.parse(trimmed.slice(PROGRESS_PREFIX.trim().length)));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** Translates `key` when the catalogue has it, else returns undefined. */
function maybe(t: Translate, key: string, params?: Record<string, unknown>): string | undefined {
  const text = t(key, params);
  return text === key ? undefined : text;
}

/** Turns a script's `{ ok:false, error }` into an NgtError carrying the script's code. */
export function scriptErrorToNgtError(
  error: { code: string; message: string; detail?: string | null },
  script: string,
  t: Translate,
): NgtError {
  const key = `windows.scriptErrors.${error.code}`;
  const message =
    maybe(t, `${key}.message`, { script, message: error.message }) ??
    t('windows.runner.scriptFailed', { script, message: error.message });
  const remediation = maybe(t, `${key}.remediation`, { script }) ?? t('windows.runner.scriptFailedRemediation');
  const detail = [error.message, error.detail]
    .filter((x): x is string => typeof x === 'string' && x.length > 0)
    .join('\n');
  return new NgtError(error.code, message, { remediation, detail: detail || undefined });
}

function missingPowerShell(t: Translate, platform: NodeJS.Platform, tried: string, cause?: unknown): NgtError {
  return new NgtError('WINDOWS_POWERSHELL_MISSING', t('windows.runner.powershellMissing', { program: tried }), {
    remediation:
      platform === 'win32'
        ? t('windows.runner.powershellMissingRemediationWindows')
        : t('windows.runner.powershellMissingRemediationOther'),
    cause,
  });
}

function scriptName(scriptPath: string): string {
  const base = scriptPath.split(/[\\/]/).pop() ?? scriptPath;
  return base.replace(/\.ps1$/i, '');
}

export function createPowerShellRunner(deps: PowerShellRunnerDeps): PowerShellRunner {
  const { processes, platform, t } = deps;

  async function resolveExecutable(): Promise<string> {
    if (deps.executable) {
      if (/[\\/]/.test(deps.executable)) return deps.executable;
      const found = await processes.which(deps.executable);
      if (!found) throw missingPowerShell(t, platform, deps.executable);
      return found;
    }
    const candidates = platform === 'win32' ? ['powershell', 'pwsh'] : ['pwsh'];
    for (const candidate of candidates) {
      const found = await processes.which(candidate);
      if (found) return found;
    }
    throw missingPowerShell(t, platform, candidates.join(', '));
  }

  async function run<T = unknown>(request: RunScriptRequest<T>): Promise<T> {
    const executable = await resolveExecutable();
    const script = scriptName(request.scriptPath);
    const args = buildPowerShellArgs(request.scriptPath, encodeOptions(request.options));
    const timeoutMs = request.timeoutMs ?? DEFAULT_SCRIPT_TIMEOUT_MS;
    let result: RunResult;
    try {
      result = await processes.run(executable, args, {
        timeoutMs,
        signal: request.signal,
        env: deps.env,
        onLine: (stream, line) => {
          if (stream !== 'stderr') return;
          const progress = parseProgressLine(line);
          if (progress) request.onProgress?.(progress);
          else if (line.trim()) request.onLog?.(line);
        },
      });
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (code === 'ENOENT' || code === 'EACCES') throw missingPowerShell(t, platform, executable, error);
      throw error;
    }
    if (request.signal?.aborted) {
      throw new NgtError('CANCELLED', t('windows.runner.cancelled', { script }), { category: 'cancelled' });
    }
    if (result.timedOut) {
      throw new NgtError(
        'WINDOWS_SCRIPT_TIMEOUT',
        t('windows.runner.timeout', { script, seconds: Math.max(1, Math.ceil(timeoutMs / 1000)) }),
        {
          remediation: t('windows.runner.timeoutRemediation'),
          detail: tail(result.stderr),
        },
      );
    }
    const parsed = parseScriptOutput(result.stdout);
    if (!parsed) {
      throw new NgtError(
        'WINDOWS_SCRIPT_NO_OUTPUT',
        t('windows.runner.noOutput', { script, code: String(result.code) }),
        {
          remediation: t('windows.runner.noOutputRemediation'),
          detail: tail(result.stderr) || tail(result.stdout),
        },
      );
    }
    for (const line of parsed.strayLines) request.onLog?.(line);
    if (parsed.value.ok === false) {
      const failure = scriptErrorSchema.safeParse(parsed.value);
      if (failure.success) throw scriptErrorToNgtError(failure.data.error, script, t);
    }
    if (!request.schema) return parsed.value as T;
    const checked = request.schema.safeParse(parsed.value);
    if (!checked.success) {
      throw new NgtError('WINDOWS_SCRIPT_BAD_OUTPUT', t('windows.runner.badOutput', { script }), {
        remediation: t('windows.runner.badOutputRemediation'),
        detail: checked.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('\n'),
      });
    }
    return checked.data;
  }

  return { resolveExecutable, run };
}

function tail(text: string, max = 2000): string {
  const trimmed = text.trim();
  return trimmed.length > max ? trimmed.slice(-max) : trimmed;
}
