/**
 * Prism Central beside an SSH command (`fleet plan|install --pc …`,
 * `linux install --pc …`): there `--user`, `--port` and `--password-env` are
 * the SSH login's, so Prism Central's are `--pc-port`, `--pc-user` and
 * `--pc-password-env`; the trust options are those of `pc vms`. Absent
 * `--pc`, the other options are a usage error (exit 2).
 */
import { usageError } from './argumentParsers';
import type { CliContext } from './cliTypes';
import { pcConnectionFromValues, type PcConnectionChoice } from './commands/pc';

export const PC_LINK_OPTIONS = {
  pc: { type: 'string' },
  'pc-port': { type: 'string' },
  'pc-user': { type: 'string' },
  'pc-password-env': { type: 'string' },
  'accept-new-certificate': { type: 'boolean' },
  'pc-fingerprint': { type: 'string' },
  'trusted-certificates': { type: 'string' },
} as const;

export interface PcLinkValues {
  pc?: string;
  'pc-port'?: string;
  'pc-user'?: string;
  'pc-password-env'?: string;
  'accept-new-certificate'?: boolean;
  'pc-fingerprint'?: string;
  'trusted-certificates'?: string;
}

/** The choice (password read from the environment or asked) when --pc is given; undefined without it. */
export async function pcLinkFromValues(
  values: PcLinkValues,
  context: CliContext,
  usageKey: string,
): Promise<PcConnectionChoice | undefined> {
  if (values.pc === undefined) {
    const stray = (Object.keys(PC_LINK_OPTIONS) as (keyof PcLinkValues)[]).find((k) => values[k] !== undefined);
    if (stray)
      throw usageError(
        'USAGE_PC_OPTION_WITHOUT_PC',
        context.t('clusterHealth.cli.optionWithoutPc', { flag: `--${stray}` }),
        context.t(usageKey),
      );
    return undefined;
  }
  return pcConnectionFromValues(
    {
      pc: values.pc,
      port: values['pc-port'],
      user: values['pc-user'],
      'password-env': values['pc-password-env'],
      'accept-new-certificate': values['accept-new-certificate'],
      'pc-fingerprint': values['pc-fingerprint'],
      'trusted-certificates': values['trusted-certificates'],
    },
    context,
    usageKey,
    { user: '--pc-user', passwordEnv: '--pc-password-env' },
  );
}
