/**
 * Prove-patch step: before the installer runs, the staged installer_factory.py
 * compiles with the Python that will run it and its Red Hat branch's condition
 * is true for this host's distribution string (no installer code runs).
 */
import type { StepDefinition } from '../../engine/job';
import { redHatCondition } from '../installerFactory/factoryReaders';
import { PROVE_PATCH_SCRIPT } from '../remoteScripts';
import type { LinuxInstallState } from './linuxJobState';
import { stagedFactoryPath } from './stageStep';
import type { LinuxStepKit } from './stepKit';

export function provePatchStep(kit: LinuxStepKit): StepDefinition<LinuxInstallState> {
  const { t, params, state, fail } = kit;
  return kit.step('prove-patch', 'install', async (ctx) => {
    if (state.skipInstall) return { status: 'skipped', summary: state.skipInstall };
    const decision = state.decision!;
    if (decision.kind !== 'supported-after-patch') {
      return {
        status: 'ok',
        summary: t('linuxJob.prove.notNeeded', {
          name: decision.kind === 'supported-as-is' ? decision.matchedName : '',
        }),
      };
    }
    const condition = redHatCondition(decision.plan.patched);
    if (condition === null) return fail('LINUX_PATCH_UNPROVEN', 'prove.noCondition');
    const python = state.python!.python!.path;
    const distribution = state.distribution ?? (params.distro ?? '').toLowerCase();
    const result = await kit.session().runScript(PROVE_PATCH_SCRIPT, {
      args: [python, stagedFactoryPath(state), condition, distribution],
      sudo: state.sudo,
      timeoutMs: 60_000,
      signal: ctx.signal,
    });
    const p = { python, distribution, condition, staging: state.stagingPath };
    const data = {
      python,
      distribution,
      condition,
      compiled: result.stdout.includes('compiled=ok'),
      selectsRedHat: result.stdout.includes('condition=True'),
    };
    if (!data.compiled)
      return fail('LINUX_PATCH_UNPROVEN', 'prove.compileFailed', p, {
        detail: result.stderr.trim() || undefined,
        data,
      });
    if (!data.selectsRedHat)
      return fail('LINUX_PATCH_UNPROVEN', 'prove.conditionFalse', p, {
        detail: result.stderr.trim() || result.stdout.trim(),
        data,
      });
    return { status: 'ok', summary: t('linuxJob.prove.ok', p), detail: condition, data };
  });
}
