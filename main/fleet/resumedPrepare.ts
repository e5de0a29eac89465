/**
 * The fleet's install pass of a host that its own prepare pass has just read:
 * instead of connecting and probing again, the prepare steps' outcomes are
 * replayed as that pass recorded them (the host's report stays whole, nothing
 * is read twice) on the SSH session it left open, then the plan's approval
 * (asked as the plan step would); the stage script refuses an ISO whose
 * installer_factory.py changed since. No round trip of its own: the install
 * pass costs the single-VM job's install round trips and nothing more.
 */
import type { StepDefinition, Translate } from '../engine/job';
import type { ReportStep, StepOutcome } from '../engine/types';
import { FACTORY_RELATIVE_PATH } from '../linux/isoLayout';
import type { LinuxInstallState } from '../linux/steps/linuxJobState';
import type { LinuxStepKit } from '../linux/steps/stepKit';
import { FLEET_CODES } from './fleetTypes';

/** The id of the approval step (not one of the single-VM job's: only the fleet resumes). */
export const APPROVED_PLAN_STEP_ID = 'approved-plan';

export interface PreparedPass {
  /** The prepare pass's step definitions (ids, phases, titles, gate/advisory flags). */
  steps: readonly StepDefinition<LinuxInstallState>[];
  /** Its report: each step's recorded outcome. */
  reportSteps: readonly ReportStep[];
  /** sha256 of the installer_factory.py that pass read (its plan was approved for this one). */
  factorySha256?: string;
}

function outcomeOf(step: ReportStep): StepOutcome {
  const { status, summary, detail, remediation, code, data } = step;
  return { status, summary, detail, remediation, code, data };
}

/** Steps as a report recorded them, replayed without touching the host (the push job's prepare part). */
export function replayedReportSteps<S>(steps: readonly ReportStep[]): StepDefinition<S>[] {
  return steps.map((step) => ({ id: step.id, phase: step.phase, title: step.title, run: async () => outcomeOf(step) }));
}

/** The prepare steps as they ended, replayed without touching the host. */
export function replayedSteps(prepared: PreparedPass): StepDefinition<LinuxInstallState>[] {
  const recorded = new Map(prepared.reportSteps.map((s) => [s.id, s]));
  return prepared.steps.map((definition) => {
    const step = recorded.get(definition.id);
    return {
      ...definition,
      run: async () => (step ? outcomeOf(step) : { status: 'skipped', summary: '' }),
    };
  });
}

/**
 * The plan's confirmation, on the kept session, without a round trip: the
 * fleet's answer for this host's sha256 group. Whether the ISO still has that
 * installer_factory.py is checked by the stage script itself, before it
 * creates anything (state.planFactorySha256, set by the prepare pass's plan).
 */
export function approvedPlanStep(
  kit: LinuxStepKit,
  t: Translate,
  prepared: PreparedPass,
): StepDefinition<LinuxInstallState> {
  const { state } = kit;
  const fail = (code: string, key: string, p: Record<string, unknown>): StepOutcome => ({
    status: 'fail',
    code,
    summary: t(`fleetRun.approvedPlan.${key}.summary`, p),
    remediation: t(`fleetRun.approvedPlan.${key}.remediation`, p),
  });
  return {
    id: APPROVED_PLAN_STEP_ID,
    phase: 'prepare',
    title: t('fleetRun.steps.approvedPlan'),
    async run(ctx) {
      if (state.skipInstall) return { status: 'skipped', summary: state.skipInstall };
      if (!kit.session().alive) return fail('SSH_CONNECTION_LOST', 'lost', { target: kit.target });
      const p = { path: `${kit.facts().iso.dir ?? ''}/${FACTORY_RELATIVE_PATH}`, sha: prepared.factorySha256 ?? '-' };
      const answer = await ctx.ask({
        kind: 'confirm-plan',
        title: t('linuxJob.plan.confirmTitle', { target: kit.target }),
        summary: t('fleetRun.approvedPlan.ok', p),
      });
      if (!answer.accept) return fail(FLEET_CODES.factoryChanged, 'notApproved', p);
      return {
        status: 'ok',
        summary: t('fleetRun.approvedPlan.ok', p),
        data: { factorySha256: prepared.factorySha256 },
      };
    },
  };
}
