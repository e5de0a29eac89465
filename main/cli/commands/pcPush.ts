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
import { parseCommandArgs } from '../argumentParsers';
import type { CliCommand } from '../cliTypes';
import { PUSH_OPTIONS, PUSH_TASK_TIMEOUT_MS, guestPassword, pushSettingsFromValues } from '../pushOptions';
import { REPORT_OPTIONS, runJobCommand } from '../runJobCommand';
import { PC_CONNECTION_OPTIONS, pcConnectionFromValues } from './pc';

const USAGE_KEY = 'cluster.cli.push.usage';

function usage(code: string, message: string, t: Translate): NgtError {
  return new NgtError(code, message, { category: 'usage', remediation: t(USAGE_KEY) });
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
        ...PUSH_OPTIONS,
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
    const push = pushSettingsFromValues(values, context, (code, message) => usage(code, message, t));
    const choice = await pcConnectionFromValues(values, context, USAGE_KEY);
    // One guest credential for every VM of the run: asked once.
    const password = await guestPassword(values['guest-password-env'], guestUser, context, (code, message) =>
      usage(code, message, t),
    );
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
        reboot: push.reboot,
        waitReachableMs: push.waitReachableSec * 1000,
        taskTimeoutMs: PUSH_TASK_TIMEOUT_MS,
        pollIntervalMs: push.pollIntervalSec * 1000,
      },
      { t },
    );
    const { exitCode } = await runJobCommand(job, { json: values.json, html: values.html }, context);
    return exitCode;
  },
};
