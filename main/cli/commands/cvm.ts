/**
 * `ngt-prep cvm ngt-status` (the cluster's NGT view, read-only) and
 * `ngt-prep cvm renew-cert` (the AOS 5.x client certificate renewal, each step
 * shown and confirmed by the VM's UUID) over SSH to a CVM, with the host-key
 * policy of `linux install`. The cores are in main/cluster/cvm/.
 */
import { isVmUuid, parseVmUuid } from '../../cluster/cvm/cvmCommands';
import { connectCvm } from '../../cluster/cvm/cvmConnection';
import { readNgtStatuses } from '../../cluster/cvm/cvmNgtStatus';
import { renewClientCertificate } from '../../cluster/cvm/renewClientCertificate';
import type { NgtStatus } from '../../cluster/ncli/ncliOutput';
import { neutraliseControls } from '../../engine/controlText';
import { EXIT_CODES, NgtError } from '../../engine/errors';
import type { Translate } from '../../engine/job';
import type { SshSession } from '../../linux/ssh/sshSession';
import { parseCommandArgs, parseSeconds, usageError as usage } from '../argumentParsers';
import type { CliCommand, CliContext } from '../cliTypes';
import { writeJsonDocument } from '../runJobCommand';
import { SSH_LOGIN_OPTIONS, sshLoginFromValues, type SshLoginValues } from '../sshLoginOptions';

/** Checks the connection options as `linux install` does (user `nutanix` by default), then connects (exit 3 on refusal, thrown). */
async function openCvmSession(values: SshLoginValues, context: CliContext, usageKey: string): Promise<SshSession> {
  const login = await sshLoginFromValues(values, context, usageKey, 'nutanix');
  return connectCvm(
    { host: login.host, port: login.port, username: login.user, auth: login.auth, hostKeyPolicy: login.hostKeyPolicy },
    { t: context.t, connect: login.connect },
  );
}

function yesNo(value: boolean | null, t: Translate): string {
  return value === null ? t('cluster.cli.vms.unknown') : String(value);
}

function statusLine(s: NgtStatus, t: Translate): string {
  return neutraliseControls(
    t('cluster.cvm.status.line', {
      name: s.vmName ?? '?',
      uuid: s.vmUuid ?? s.vmId ?? '?',
      enabled: yesNo(s.ngtEnabled, t),
      mounted: yesNo(s.toolsIsoMounted, t),
      link: yesNo(s.communicationLinkActive, t),
    }),
  );
}

/** Failures of the work itself (exit 1) are printed here; usage and connection refusals go to runCli. */
function printFailure(error: unknown, context: CliContext): number {
  if (!(error instanceof NgtError) || (error.category !== 'failed' && error.category !== 'cancelled')) throw error;
  const { t, io } = context;
  const detail = error.detail ? `\n${neutraliseControls(error.detail)}` : '';
  const next = error.remediation ? `\n${t('cli.next')} ${error.remediation}` : '';
  io.stderr(`${neutraliseControls(error.message)}${detail}${next} (${error.code})\n`);
  return error.category === 'cancelled' ? EXIT_CODES.cancelled : EXIT_CODES.failed;
}

export const cvmNgtStatusCommand: CliCommand = {
  path: ['cvm', 'ngt-status'],
  describeKey: 'cluster.cvm.status.describe',
  usageKey: 'cluster.cvm.status.usage',
  async run(args, context) {
    const { t, io } = context;
    const { values } = await parseCommandArgs(
      args,
      { ...SSH_LOGIN_OPTIONS, vm: { type: 'string' }, json: { type: 'string' } },
      context,
    );
    if (values.vm !== undefined && values.vm.trim() === '') throw usage('USAGE_BAD_VM_NAME', t('cluster.cvm.badName'));
    const session = await openCvmSession(values, context, 'cluster.cvm.status.usage');
    try {
      const statuses = await readNgtStatuses(session, values.vm, t);
      io.stdout(statuses.map((s) => statusLine(s, t) + '\n').join(''));
      const inactive = statuses.filter((s) => s.communicationLinkActive !== true);
      io.stdout(t('cluster.cvm.status.count', { count: statuses.length, inactive: inactive.length }) + '\n');
      if (inactive.length > 0) io.stdout(`${t('cli.next')} ${t('cluster.cvm.status.inactiveFix')}\n`);
      if (values.json) {
        const document = {
          schema: 'ngt-prep/cvm-ngt-status@1',
          cvm: { host: session.host, port: session.port, hostKey: session.hostKey.fingerprint },
          vms: statuses,
        };
        await writeJsonDocument(values.json, document, context);
      }
      return inactive.length > 0 ? EXIT_CODES.failed : EXIT_CODES.ok;
    } catch (error) {
      return printFailure(error, context);
    } finally {
      await session.close();
    }
  },
};

export const cvmRenewCertCommand: CliCommand = {
  path: ['cvm', 'renew-cert'],
  describeKey: 'cluster.cvm.renew.describe',
  usageKey: 'cluster.cvm.renew.usage',
  async run(args, context) {
    const { t, io } = context;
    const { values } = await parseCommandArgs(
      args,
      {
        ...SSH_LOGIN_OPTIONS,
        vm: { type: 'string' },
        confirm: { type: 'string' },
        'wait-link': { type: 'string' },
      },
      context,
    );
    if (values.vm === undefined)
      throw usage('USAGE_MISSING_VM', t('cli.errors.missingOption', { option: '--vm' }), t('cluster.cvm.renew.usage'));
    const uuid = parseVmUuid(values.vm, '--vm', t);
    if (values.confirm === undefined)
      throw usage('USAGE_MISSING_CONFIRM', t('cluster.cvm.renew.needConfirm', { uuid }), t('cluster.cvm.renew.usage'));
    // The confirmation names this VM; anything else (a "yes", another VM) is refused.
    const confirmed = isVmUuid(values.confirm) && values.confirm.trim().toLowerCase() === uuid;
    if (!confirmed) throw usage('USAGE_CONFIRM_MISMATCH', t('cluster.cvm.renew.confirmMismatch', { uuid }));
    const waitLink =
      values['wait-link'] === undefined ? 300 : parseSeconds('--wait-link', values['wait-link'], 0, 3600, t);
    const session = await openCvmSession(values, context, 'cluster.cvm.renew.usage');
    try {
      const result = await renewClientCertificate(session, uuid, {
        t,
        say: (line) => io.stdout(neutraliseControls(line) + '\n'),
        confirm: async (step, stepUuid) => {
          const ok = stepUuid === uuid && confirmed;
          io.stdout(t('cluster.cvm.renew.confirmedBy', { uuid }) + '\n');
          return ok;
        },
        waitLinkMs: waitLink * 1000,
        intervalMs: 5000,
      });
      io.stdout(statusLine(result.vm, t) + '\n');
      if (!result.communicationLinkActive) {
        io.stdout(`${t('cli.next')} ${t('cluster.cvm.status.inactiveFix')}\n`);
        return EXIT_CODES.failed;
      }
      io.stdout(t('cluster.cvm.renew.done', { uuid }) + '\n');
      return EXIT_CODES.ok;
    } catch (error) {
      return printFailure(error, context);
    } finally {
      await session.close();
    }
  },
};
