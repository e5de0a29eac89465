/**
 * The options of an NGT push through Prism Central, as `pc push` and
 * `fleet install --pc-push` both take them: `--reboot skip|immediate`,
 * `--wait-reachable SECONDS`, `--poll-interval SECONDS`, and the guest
 * credential `--guest-user U --guest-password-env VAR` (the password from the
 * environment, else one prompt on a terminal; never echoed). Usage errors exit 2.
 */
import type { NgtError } from '../engine/errors';
import type { RebootScheduleType } from '../cluster/prismCentral/guestToolsActions';
import { parseSeconds, secretFromEnv } from './argumentParsers';

export { PUSH_TASK_TIMEOUT_MS } from '../cluster/prismCentral/pushGuestTools';
import type { CliContext } from './cliTypes';

export const PUSH_OPTIONS = {
  'guest-user': { type: 'string' },
  'guest-password-env': { type: 'string' },
  reboot: { type: 'string' },
  'wait-reachable': { type: 'string' },
  'poll-interval': { type: 'string' },
} as const;

export interface PushOptionValues {
  'guest-user'?: string;
  'guest-password-env'?: string;
  reboot?: string;
  'wait-reachable'?: string;
  'poll-interval'?: string;
}

export interface PushSettings {
  reboot: Extract<RebootScheduleType, 'SKIP' | 'IMMEDIATE'>;
  waitReachableSec: number;
  pollIntervalSec: number;
}

export const DEFAULT_WAIT_REACHABLE_SEC = 300;

type Usage = (code: string, message: string) => NgtError;

export function pushSettingsFromValues(values: PushOptionValues, context: CliContext, usage: Usage): PushSettings {
  const { t } = context;
  const reboot = values.reboot ?? 'skip';
  if (reboot !== 'skip' && reboot !== 'immediate')
    throw usage('USAGE_BAD_REBOOT', t('cluster.cli.push.badReboot', { value: reboot }));
  const waitReachableSec =
    values['wait-reachable'] === undefined
      ? DEFAULT_WAIT_REACHABLE_SEC
      : parseSeconds('--wait-reachable', values['wait-reachable'], 0, 3600, t);
  const pollIntervalSec =
    values['poll-interval'] === undefined ? 2 : parseSeconds('--poll-interval', values['poll-interval'], 0.1, 60, t);
  return { reboot: reboot === 'immediate' ? 'IMMEDIATE' : 'SKIP', waitReachableSec, pollIntervalSec };
}

/** The guest password for `user`: from --guest-password-env, else asked once on a terminal. */
export async function guestPassword(
  variable: string | undefined,
  user: string,
  context: CliContext,
  usage: Usage,
): Promise<string> {
  const { t, io } = context;
  if (variable) return secretFromEnv('--guest-password-env', variable, context);
  if (io.isTTY && io.promptSecret) return io.promptSecret(t('cluster.cli.push.guestPasswordPrompt', { user }));
  throw usage('USAGE_MISSING_PASSWORD', t('cli.errors.missingOption', { option: '--guest-password-env' }));
}
