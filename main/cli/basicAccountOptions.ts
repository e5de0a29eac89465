/**
 * The account a WinRM Basic sign-in uses (`probe winrm`, `windows verify`):
 * --user and --password-env together or neither; the password comes from the
 * environment, never from argv.
 */
import { secretFromEnv, usageError, type OptionValues, type USER_PASSWORD_OPTIONS } from './argumentParsers';
import type { CliContext } from './cliTypes';

export interface BasicAccount {
  user: string;
  password: string;
}

/** The account, or undefined when neither option is given; one without the other is a usage error (exit 2). */
export function basicAccountFromValues(
  values: OptionValues<typeof USER_PASSWORD_OPTIONS>,
  context: CliContext,
): BasicAccount | undefined {
  const { user } = values;
  const variable = values['password-env'];
  const password = variable ? secretFromEnv('--password-env', variable, context) : undefined;
  if ((user === undefined) !== (password === undefined)) {
    throw usageError('USAGE_PROBE_CREDENTIALS', context.t('cli.probe.credentialsTogether'));
  }
  return user !== undefined && password !== undefined ? { user, password } : undefined;
}
