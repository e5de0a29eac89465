/** Checks shared by CLI commands; each failure is a usage error (exit 2) that says what to type instead. */
import * as path from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { ZodError } from 'zod';
import { NgtError } from '../engine/errors';
import type { Translate } from '../engine/job';
import type { FileSystemPort } from '../engine/ports';
import { normalizeThumbprint } from '../windows/certificateNames';
import type { CliContext } from './cliTypes';
import { parsePortText } from '../engine/network';

/** A usage error (exit 2): what was wrong, and what to type instead when there is more to say. */
export function usageError(code: string, message: string, remediation?: string): NgtError {
  return new NgtError(code, message, { category: 'usage', remediation });
}

/** A schema's complaints about options as typed, one `field: message` each; never the values (a password could be one). */
export function schemaIssues(error: ZodError): string {
  return error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
}

export function parsePort(value: string, t: Translate): number {
  const port = /^\d+$/.test(value) ? parsePortText(value) : undefined;
  if (port === undefined) throw usageError('USAGE_BAD_PORT', t('cli.errors.badPort', { value }));
  return port;
}

/** A number of seconds as typed (decimals allowed), from `min` to `max`. */
export function parseSeconds(flag: string, value: string, min: number, max: number, t: Translate): number {
  const n = Number(value);
  if (!/^\d+(\.\d+)?$/.test(value) || !(n >= min && n <= max)) {
    throw usageError('USAGE_BAD_SECONDS', t('cli.errors.badSeconds', { flag, value, min, max }));
  }
  return n;
}

/** An account as the CLI takes it: the name as typed, the password from the environment variable named. */
export const USER_PASSWORD_OPTIONS = { user: { type: 'string' }, 'password-env': { type: 'string' } } as const;

/** What the shell accepts as a variable name; anything else is probably the secret itself, pasted by mistake. */
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Secrets come from the environment (never argv, which other users can read in the process list).
 * `flag` is the option that named the variable; the name itself is never echoed, because people
 * paste the password there by mistake.
 */
export function secretFromEnv(flag: string, variable: string, context: CliContext): string {
  const { t } = context;
  const remediation = t('cli.errors.secretEnvRemediation', { flag });
  if (!ENV_NAME.test(variable)) {
    throw usageError('USAGE_SECRET_ENV_NAME', t('cli.errors.secretEnvName', { flag }), remediation);
  }
  const value = context.io.env[variable];
  if (value === undefined || value === '') {
    throw usageError('USAGE_SECRET_ENV_EMPTY', t('cli.errors.secretEnvEmpty', { flag }), remediation);
  }
  return value;
}

/** A certificate thumbprint as Windows shows it (SHA-1, 40 hex digits; spaces and colons allowed). */
export function parseThumbprint(flag: string, value: string, t: Translate): string {
  const hex = normalizeThumbprint(value);
  if (!/^[0-9A-F]{40}$/.test(hex)) {
    throw usageError(
      'USAGE_BAD_THUMBPRINT',
      t('cli.errors.badThumbprint', { flag }),
      t('cli.errors.badThumbprintRemediation'),
    );
  }
  return hex;
}

/** Options whose value names a file the CLI writes; every command checks them the same way, before it runs. */
const OUTPUT_OPTIONS = new Set(['json', 'html', 'csv', 'out']);

type OptionsConfig = NonNullable<ParseArgsConfig['options']>;

/** The values parseArgs gives for an options table, each absent when not typed: a string (strings when `multiple`) or a boolean. */
export type OptionValues<O extends OptionsConfig> = {
  -readonly [K in keyof O]?: O[K] extends { type: 'boolean' }
    ? boolean
    : O[K] extends { multiple: true }
      ? string[]
      : string;
};

/**
 * A report or script can be written there: the name is not empty, the target is not a folder,
 * and it or its folder exists and is writable. Checked before connecting to anything, so a
 * typo does not cost the result of a job that changed a VM.
 */
export async function checkOutputPath(flag: string, value: string, fs: FileSystemPort, t: Translate): Promise<void> {
  const fail = (reason: string) =>
    usageError(
      'USAGE_OUTPUT_PATH',
      t(`cli.errors.outputPath.${reason}`, { flag, path: value }),
      t('cli.errors.outputPath.remediation', { flag }),
    );
  if (value.trim() === '') throw fail('empty');
  const target = path.resolve(value);
  const existing = await fs.stat(target);
  if (existing?.isDirectory()) throw fail('isDirectory');
  if (existing) {
    if (!(await fs.access(target, 'w'))) throw fail('notWritable');
    return;
  }
  const parent = await fs.stat(path.dirname(target));
  if (!parent) throw fail('noFolder');
  if (!parent.isDirectory()) throw fail('folderNotFolder');
  if (!(await fs.access(path.dirname(target), 'w'))) throw fail('folderNotWritable');
}

/**
 * node:util parseArgs for a command, plus what it leaves out: an option given twice is an error
 * (unless it is declared `multiple`, like --firewall-remote-address), and every file-output
 * option is checked before the command does anything.
 */
export async function parseCommandArgs<O extends OptionsConfig>(
  args: string[],
  options: O,
  context: CliContext,
  allowPositionals = false,
) {
  const parsed = parseArgs({ args, options, strict: true, allowPositionals, tokens: true });
  const seen = new Set<string>();
  for (const token of parsed.tokens) {
    if (token.kind !== 'option' || options[token.name]?.multiple) continue;
    if (seen.has(token.name)) {
      throw usageError('USAGE_REPEATED_OPTION', context.t('cli.errors.repeatedOption', { flag: `--${token.name}` }));
    }
    seen.add(token.name);
  }
  const values = parsed.values as Record<string, unknown>;
  for (const name of Object.keys(options)) {
    const value = values[name];
    if (OUTPUT_OPTIONS.has(name) && typeof value === 'string') {
      await checkOutputPath(`--${name}`, value, context.ports.fs, context.t);
    }
  }
  return { values: parsed.values, positionals: parsed.positionals };
}
