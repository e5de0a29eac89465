/**
 * The fleet's install pass of a host that its own prepare pass has just read:
 * instead of connecting and probing again, the prepare steps' outcomes are
 * replayed as that pass recorded them (the host's report stays whole, nothing
 * is read twice) on the SSH session it left open, then one re-check of what
 * could have changed since the plan was approved, right before staging: the
 * link is alive and the ISO's installer_factory.py still has the sha256 whose
 * diff the fleet approved (asked as the plan's confirmation, like the plan
 * step would). One exec instead of a handshake and the whole probe.
 */
import type { StepDefinition, Translate } from '../engine/job';
import type { ReportStep, StepOutcome } from '../engine/types';
import { FACTORY_RELATIVE_PATH } from '../linux/isoLayout';
import type { LinuxInstallState } from '../linux/steps/linuxJobState';
import type { LinuxStepKit } from '../linux/steps/stepKit';
import { FLEET_CODES } from './fleetTypes';

/** The id of the re-check step (not one of the single-VM job's: only the fleet resumes). */
export const RECHECK_STEP_ID = 'recheck-factory';

const SHA256_LINE = /^([0-9a-f]{64})\s/;

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

/** Re-reads the ISO's installer_factory.py's sha256 on the kept session and asks for the plan's confirmation. */
export function recheckFactoryStep(
  kit: LinuxStepKit,
  t: Translate,
  prepared: PreparedPass,
  onRead: (sha256: string) => void,
): StepDefinition<LinuxInstallState> {
  const { state } = kit;
  const fail = (code: string, key: string, p: Record<string, unknown>): StepOutcome => ({
    status: 'fail',
    code,
    summary: t(`fleetRun.recheck.${key}.summary`, p),
    remediation: t(`fleetRun.recheck.${key}.remediation`, p),
  });
  return {
    id: RECHECK_STEP_ID,
    phase: 'prepare',
    title: t('fleetRun.steps.recheck'),
    async run(ctx) {
      if (state.skipInstall) return { status: 'skipped', summary: state.skipInstall };
      const session = kit.session();
      const isoDir = kit.facts().iso.dir;
      const path = `${isoDir ?? ''}/${FACTORY_RELATIVE_PATH}`;
      if (!session.alive) return fail('SSH_CONNECTION_LOST', 'lost', { target: kit.target });
      const r = await session.exec(['sha256sum', '--', path], {
        sudo: state.sudo,
        timeoutMs: 60_000,
        signal: ctx.signal,
      });
      const sha = SHA256_LINE.exec(r.stdout)?.[1];
      if (r.code !== 0 || !sha || !isoDir)
        return fail(FLEET_CODES.factoryUnreadable, 'unreadable', { path, detail: r.stderr.trim() || '-' });
      onRead(sha);
      const p = { path, was: prepared.factorySha256 ?? '-', now: sha };
      if (sha !== prepared.factorySha256) return fail(FLEET_CODES.factoryChanged, 'changed', p);
      const answer = await ctx.ask({
        kind: 'confirm-plan',
        title: t('linuxJob.plan.confirmTitle', { target: kit.target }),
        summary: t('fleetRun.recheck.same', p),
      });
      if (!answer.accept) return fail(FLEET_CODES.factoryChanged, 'notApproved', p);
      return { status: 'ok', summary: t('fleetRun.recheck.same', p), data: { factorySha256: sha } };
    },
  };
}
