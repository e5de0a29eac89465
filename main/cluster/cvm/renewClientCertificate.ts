/**
 * NGT client certificate renewal on a CVM, the AOS 5.x procedure of DOMAIN.md:
 * delete the VM's tools entity, create it again (each must end with
 * `result_vec: kNoError`), mount the tools, then the agent is restarted in the
 * guest and NGT Prep waits for Communication Link Active. Every step is shown
 * first and runs only when `confirm` accepts it for this VM's UUID; the first
 * failure stops the rest. The commands are the fixed vectors of cvmCommands.ts.
 */
import { NgtError } from '../../engine/errors';
import type { Translate } from '../../engine/job';
import type { SshSession } from '../../linux/ssh/sshSession';
import type { NgtStatus } from '../ncli/ncliOutput';
import { RENEWAL_COMMANDS, renewalArgv, resultVec, type VmUuid } from './cvmCommands';
import { runCvmCommand } from './cvmConnection';
import { ngtStatusOfUuid } from './cvmNgtStatus';
import { pollClock, type PollTiming } from '../pollTiming';

export type RenewalStepId = (typeof RENEWAL_COMMANDS)[number] | 'restart-agent';

export interface RenewalStepPlan {
  id: RenewalStepId;
  /** What will happen, for the person to read before confirming. */
  description: string;
  /** The command run on the CVM; absent for the guest-side restart. */
  argv?: string[];
}

export interface RenewalOptions extends PollTiming {
  t: Translate;
  /** Shown each step's plan; answers whether the person confirmed it for this UUID. */
  confirm: (step: RenewalStepPlan, uuid: VmUuid) => Promise<boolean>;
  /** A line of progress for the person. */
  say: (line: string) => void;
  waitLinkMs: number;
}

export interface RenewalResult {
  vm: NgtStatus;
  completed: RenewalStepId[];
  communicationLinkActive: boolean;
}

export function renewalPlan(uuid: VmUuid, vmName: string, t: Translate): RenewalStepPlan[] {
  return [
    ...RENEWAL_COMMANDS.map((command) => {
      const argv = renewalArgv(command, uuid);
      return {
        id: command,
        argv,
        description: t(`cluster.cvm.renew.plan.${command}`, { vm: vmName, uuid, command: argv.join(' ') }),
      };
    }),
    { id: 'restart-agent' as const, description: t('cluster.cvm.renew.plan.restart-agent', { vm: vmName, uuid }) },
  ];
}

export async function renewClientCertificate(
  session: SshSession,
  uuid: VmUuid,
  options: RenewalOptions,
): Promise<RenewalResult> {
  const { t, say } = options;
  const { now, sleep } = pollClock(options);
  // Read-only first: the VM must be one the cluster knows, with a tools entity.
  const vm = await ngtStatusOfUuid(session, uuid, t);
  const name = vm.vmName ?? uuid;
  const completed: RenewalStepId[] = [];
  for (const step of renewalPlan(uuid, name, t)) {
    say(step.description);
    if (!(await options.confirm(step, uuid)))
      throw new NgtError('CANCELLED', t('cluster.cvm.renew.notConfirmed', { step: step.id }), {
        category: 'cancelled',
      });
    if (step.argv) {
      const text = await runCvmCommand(session, step.argv, t);
      const result = resultVec(text);
      if (!result.ok)
        throw new NgtError(
          'CVM_RENEW_STEP_FAILED',
          t('cluster.cvm.renew.stepFailed', {
            command: step.argv.join(' '),
            result: result.values.join(', ') || t('cluster.cvm.renew.noResult'),
          }),
          {
            remediation: t(`cluster.cvm.renew.fix.${step.id}`, { uuid }),
            detail: text.trim(),
          },
        );
      say(t('cluster.cvm.renew.stepOk', { command: step.argv.join(' ') }));
      completed.push(step.id);
      continue;
    }
    // The agent restarts in the guest; the cluster tells when it is back.
    const start = now();
    let status = await ngtStatusOfUuid(session, uuid, t);
    while (status.communicationLinkActive !== true && now() - start < options.waitLinkMs) {
      await sleep(options.intervalMs);
      status = await ngtStatusOfUuid(session, uuid, t);
    }
    completed.push(step.id);
    return { vm: status, completed, communicationLinkActive: status.communicationLinkActive === true };
  }
  // Not reached: the plan always ends with the restart step.
  return { vm, completed, communicationLinkActive: false };
}
