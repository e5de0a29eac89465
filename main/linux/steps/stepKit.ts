/**
 * What every Linux job step factory receives from the job: the translator,
 * outcome builders, the SSH session and the facts gathered in prepare. One
 * kit per job (createLinuxInstallJob builds it), so step files stay small.
 */
import type { StepContext, StepDefinition, Translate } from '../../engine/job';
import type { StepOutcome } from '../../engine/types';
import type { LinuxInstallParams } from '../installParams';
import type { HostFacts } from '../prepareProbe';
import type { SshSession } from '../ssh/sshSession';
import type { LinuxInstallState, LinuxStepId } from '../linuxInstallJob';

export type LinuxCtx = StepContext<LinuxInstallState>;

export interface LinuxStepKit {
  t: Translate;
  params: LinuxInstallParams;
  state: LinuxInstallState;
  fail(code: string, key: string, p?: Record<string, unknown>, extra?: Partial<StepOutcome>): StepOutcome;
  warn(code: string, key: string, p?: Record<string, unknown>, extra?: Partial<StepOutcome>): StepOutcome;
  skipped(key: string, p?: Record<string, unknown>): StepOutcome;
  session(): SshSession;
  facts(): HostFacts;
  step(
    id: LinuxStepId,
    phase: 'prepare' | 'install' | 'verify',
    run: (ctx: LinuxCtx) => Promise<StepOutcome>,
    options?: { gate?: boolean; advisory?: boolean },
  ): StepDefinition<LinuxInstallState>;
}
