/** Checks shared by CLI commands; each failure is a usage error (exit 2) that says what to type instead. */
import { NgtError } from '../engine/errors';
import type { Translate } from '../engine/job';
import type { CliContext } from './cliTypes';

export function parsePort(value: string, t: Translate): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port < 1 || port > 65535) {
    throw new NgtError('USAGE_BAD_PORT', t('cli.errors.badPort', { value }), { category: 'usage' });
  }
  return port;
}

/** Secrets come from the environment (never argv, which other users can read in the process list). */
export function secretFromEnv(variable: string, context: CliContext): string {
  const value = context.io.env[variable];
  if (value === undefined || value === '') {
    throw new NgtError('USAGE_SECRET_ENV_EMPTY', context.t('cli.errors.secretEnvEmpty', { variable }), {
      category: 'usage',
      remediation: context.t('cli.errors.secretEnvRemediation', { variable }),
    });
  }
  return value;
}
