/**
 * What every Linux job step factory receives from the job: the translator,
 * outcome builders, the SSH session and the facts gathered in prepare. One
 * kit per job (createLinuxStepKit, called by the job's composer), so step
 * files stay small and a step can be built and run alone in a test.
 */
import { NgtError } from '../../engine/errors';
import type { StepContext, StepDefinition, Translate } from '../../engine/job';
import { SSH_PORT } from '../../engine/network';
import type { StepOutcome } from '../../engine/types';
import type { LinuxInstallParams } from '../installParams';
import type { HostFacts } from '../prepareProbe';
import type { SshSession } from '../ssh/sshSession';
import type { LinuxInstallState, LinuxStepId } from './linuxJobState';

export type LinuxCtx = StepContext<LinuxInstallState>;

type OutcomeBuilder = (
  code: string,
  key: string,
  p?: Record<string, unknown>,
  extra?: Partial<StepOutcome>,
) => StepOutcome;

export interface LinuxStepKit {
  t: Translate;
  params: LinuxInstallParams;
  state: LinuxInstallState;
  /** The SSH port the job connects to (params.port or 22). */
  port: number;
  /** `user@host:port`, as the report and the plan's confirmation name the target. */
  target: string;
  /** A failure from the catalogue's `linuxJob.<key>.summary` / `.remediation`. */
  fail: OutcomeBuilder;
  /** The same as a warning. */
  warn: OutcomeBuilder;
  skipped(key: string, p?: Record<string, unknown>): StepOutcome;
  session(): SshSession;
  facts(): HostFacts;
  /** The engine's clock, in milliseconds. */
  now(ctx: LinuxCtx): number;
  step(
    id: LinuxStepId,
    phase: 'prepare' | 'install' | 'verify',
    run: (ctx: LinuxCtx) => Promise<StepOutcome>,
    options?: { gate?: boolean; advisory?: boolean },
  ): StepDefinition<LinuxInstallState>;
}

export function createLinuxStepKit(params: LinuxInstallParams, t: Translate, state: LinuxInstallState): LinuxStepKit {
  const port = params.port ?? SSH_PORT;
  const outcome =
    (status: 'fail' | 'warn'): OutcomeBuilder =>
    (code, key, p = {}, extra = {}) => ({
      status,
      code,
      summary: t(`linuxJob.${key}.summary`, p),
      remediation: t(`linuxJob.${key}.remediation`, p),
      ...extra,
    });
  return {
    t,
    params,
    state,
    port,
    target: `${params.username}@${params.host}:${port}`,
    fail: outcome('fail'),
    warn: outcome('warn'),
    skipped: (key, p = {}) => ({ status: 'skipped', summary: t(`linuxJob.${key}`, p) }),
    session: () => {
      if (!state.session)
        throw new NgtError('SSH_CONNECTION_LOST', t('linuxJob.notConnected'), {
          category: 'connect',
          remediation: t('linuxJob.notConnectedRemediation'),
        });
      return state.session;
    },
    /** Facts from the prepare probe; the host step is a gate, so later steps always have them. */
    facts: () => {
      if (!state.facts)
        throw new NgtError('LINUX_PROBE_FAILED', t('linuxJob.host.noFacts.summary'), {
          remediation: t('linuxJob.host.noFacts.remediation'),
        });
      return state.facts;
    },
    now: (ctx) => ctx.ports.clock.now().getTime(),
    step: (id, phase, run, options = {}) => ({ id, phase, title: t(`linuxJob.steps.${id}`), run, ...options }),
  };
}
