/**
 * `ngt-prep pc push`: NGT pushed from Prism Central to the named VMs, as an
 * engine job (main/cluster/prismCentral/pcPushJob.ts), so the terminal, the
 * report and the exit code are the same as every other job's. Passwords come
 * from the environment or one prompt each; none is ever printed.
 */
import { createPcPushJob } from '../../cluster/prismCentral/pcPushJob';
import { TrustStore } from '../../cluster/prismCentral/trustStore';
import { NgtError } from '../../engine/errors';
import type { Translate } from '../../engine/job';
import { parseCommandArgs, parseSeconds, secretFromEnv } from '../argumentParsers';
import type { CliCommand, CliContext } from '../cliTypes';
import { REPORT_OPTIONS, runJobCommand } from '../runJobCommand';
import { PC_CONNECTION_OPTIONS, pcConnectionFromValues } from './pc';

const USAGE_KEY = 'cluster.cli.push.usage';
const TASK_TIMEOUT_MS = 30 * 60_000;

function usage(code: string, message: string, t: Translate): NgtError {
  return new NgtError(code, message, { category: 'usage', remediation: t(USAGE_KEY) });
}

async function guestPassword(variable: string | undefined, user: string, context: CliContext): Promise<string> {
  const { t, io } = context;
  if (variable) return secretFromEnv('--guest-password-env', variable, context);
  if (io.isTTY && io.promptSecret) return io.promptSecret(t('cluster.cli.push.guestPasswordPrompt', { user }));
  throw usage('USAGE_MISSING_PASSWORD', t('cli.errors.missingOption', { option: '--guest-password-env' }), t);
}

export const pcPushCommand: CliCommand = {
  path: ['pc', 'push'],
  describeKey: 'cluster.cli.push.describe',
  usageKey: USAGE_KEY,
  async run(args, context) {
    const { t } = context;
    const { values } = await parseCommandArgs(
      args,
      {
        ...PC_CONNECTION_OPTIONS,
        vm: { type: 'string', multiple: true },
        'guest-user': { type: 'string' },
        'guest-password-env': { type: 'string' },
        reboot: { type: 'string' },
        'wait-reachable': { type: 'string' },
        'poll-interval': { type: 'string' },
        ...REPORT_OPTIONS,
      },
      context,
    );
    const vms = values.vm ?? [];
    if (vms.length === 0) throw usage('USAGE_MISSING_VM', t('cli.errors.missingOption', { option: '--vm' }), t);
    if (vms.some((v) => v.trim() === '')) throw usage('USAGE_BAD_VM', t('cluster.cli.push.emptyVm'), t);
    const guestUser = values['guest-user'];
    if (!guestUser)
      throw usage('USAGE_MISSING_GUEST_USER', t('cli.errors.missingOption', { option: '--guest-user' }), t);
    const reboot = values.reboot ?? 'skip';
    if (reboot !== 'skip' && reboot !== 'immediate')
      throw usage('USAGE_BAD_REBOOT', t('cluster.cli.push.badReboot', { value: reboot }), t);
    const waitReachable =
      values['wait-reachable'] === undefined
        ? 300
        : parseSeconds('--wait-reachable', values['wait-reachable'], 0, 3600, t);
    const pollInterval =
      values['poll-interval'] === undefined ? 2 : parseSeconds('--poll-interval', values['poll-interval'], 0.1, 60, t);
    const choice = await pcConnectionFromValues(values, context, USAGE_KEY);
    // One guest credential for every VM of the run: asked once.
    const password = await guestPassword(values['guest-password-env'], guestUser, context);
    const job = createPcPushJob(
      {
        connect: {
          endpoint: { host: choice.host, port: choice.port },
          username: choice.username,
          password: () => choice.password,
          trustStore: new TrustStore(choice.trustFile, t),
          acceptNew: choice.acceptNew,
          expectedFingerprint: choice.expectedFingerprint,
        },
        vms,
        guest: { username: guestUser, password },
        reboot: reboot === 'immediate' ? 'IMMEDIATE' : 'SKIP',
        waitReachableMs: waitReachable * 1000,
        taskTimeoutMs: TASK_TIMEOUT_MS,
        pollIntervalMs: pollInterval * 1000,
      },
      { t },
    );
    const { exitCode } = await runJobCommand(job, { json: values.json, html: values.html }, context);
    return exitCode;
  },
};
