/**
 * Plan step: after every prepare check passed, the staging folder, the diff
 * of installer_factory.py and the exact installer command, with the round
 * trips prepare took; asks for confirmation when the job will install.
 */
import type { StepDefinition } from '../../engine/job';
import { sha256Hex } from '../installerFactory/factoryDigest';
import { installerCommand } from '../installerProfile';
import { FACTORY_RELATIVE_PATH, INSTALLER_PY } from '../isoLayout';
import { stagingBaseFor, stagingPathFor } from '../prepareProbe';
import { unifiedDiff } from '../unifiedDiff';
import type { LinuxInstallState } from './linuxJobState';
import type { LinuxStepKit } from './stepKit';

/** The prepare steps whose failure leaves nothing to plan. */
const PLAN_NEEDS = ['host', 'privileges', 'python', 'prerequisites', 'iso', 'existing-ngt', 'distribution'] as const;

export interface PlanOptions {
  /** The job goes on to install (not a dry run, not prepare only): the plan is confirmed first. */
  willInstall: boolean;
  /** Clock for the staging folder's name (default: the engine's clock). */
  now?: () => Date;
}

export function planStep(kit: LinuxStepKit, options: PlanOptions): StepDefinition<LinuxInstallState> {
  const { t, state, target } = kit;
  return kit.step('plan', 'prepare', async (ctx) => {
    const stats = kit.session().stats();
    const metrics = {
      sshRoundTrips: stats.execs + stats.sftpOps,
      execs: stats.execs,
      sftpOps: stats.sftpOps,
      prepareMs: Math.max(0, kit.now(ctx) - (state.connectStartedAt ?? kit.now(ctx))),
    };
    state.prepareMetrics = metrics;
    ctx.log.info(t('linuxJob.plan.metrics', metrics));
    const failed = PLAN_NEEDS.filter((id) => ctx.outcomeOf(id)?.status === 'fail');
    const decision = state.decision;
    if (failed.length > 0 || !decision || !state.python?.python || !state.facts?.iso.dir) {
      return {
        status: 'skipped',
        summary: t('linuxJob.plan.none', { steps: failed.join(', ') || '-' }),
        data: { metrics },
      };
    }
    const isoDir = state.facts.iso.dir;
    const stagingBase = stagingBaseFor(state.facts.varTmpNoexec);
    const stagingPath = stagingPathFor(options.now ? options.now() : ctx.ports.clock.now(), stagingBase);
    state.stagingPath = stagingPath;
    const factorySource = state.facts.iso.factorySource;
    state.planFactorySha256 = factorySource === undefined ? undefined : sha256Hex(factorySource);
    const diff =
      decision.kind === 'supported-after-patch'
        ? unifiedDiff(state.facts.iso.factorySource ?? '', decision.plan.patched, {
            oldName: `a/${FACTORY_RELATIVE_PATH}`,
            newName: `b/${FACTORY_RELATIVE_PATH}`,
          })
        : '';
    const installCommandArgv = state.profile
      ? installerCommand(state.profile, stagingPath, state.python.python.path, {
          // install_ngt.sh picks the first Python it finds; another one chosen here runs install_ngt.py itself.
          pythonIsDefault: state.facts.pythons.find((c) => !c.failed)?.path === state.python.python.path,
        })
      : [state.python.python.path, `${stagingPath}/${INSTALLER_PY}`];
    state.installCommand = installCommandArgv;
    const installed = state.facts.installed;
    const p = {
      staging: stagingPath,
      iso: isoDir,
      python: state.python.python.path,
      reason: state.skipInstall ?? '',
      command: installCommandArgv.join(' '),
      installedPath: installed?.path ?? '',
      installedVersion: installed?.config?.ngtVersion ?? '?',
    };
    const summary = state.skipInstall
      ? t('linuxJob.plan.skipInstall', p)
      : diff
        ? t('linuxJob.plan.patch', p)
        : t('linuxJob.plan.noPatch', p);
    const data: Record<string, unknown> = {
      stagingPath,
      stagingBase,
      varTmpNoexec: state.facts.varTmpNoexec,
      isoDir,
      python: state.python.python.path,
      distribution: state.distribution ?? null,
      patch: decision.kind === 'supported-after-patch' ? 'patched' : 'already-supported',
      diff,
      installCommand: installCommandArgv,
      replacesInstalled:
        installed && !state.skipInstall ? { path: installed.path, version: installed.config?.ngtVersion } : undefined,
      willInstall: options.willInstall && !state.skipInstall,
      isoModified: false,
      metrics,
    };
    // The installer deletes /usr/local/nutanix on every run: say so when NGT is there.
    const detail = [
      t('linuxJob.plan.detail', p),
      t('linuxJob.plan.command', p),
      ...(installed && !state.skipInstall ? [t('linuxJob.plan.replacesInstalled', p)] : []),
      ...(stagingBase !== '/var/tmp' ? [t('linuxJob.plan.varTmpNoexec', p)] : []),
    ].join('\n');
    if (options.willInstall && !state.skipInstall) {
      const answer = await ctx.ask({
        kind: 'confirm-plan',
        title: t('linuxJob.plan.confirmTitle', { target }),
        summary: `${summary}\n${detail}`,
        diff: diff || undefined,
      });
      if (!answer.accept) return { status: 'skipped', code: 'CANCELLED', summary: t('linuxJob.plan.declined'), data };
    }
    return { status: 'ok', summary, detail, data };
  });
}
