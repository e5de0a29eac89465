/**
 * Distribution step: what installer_factory.py on this ISO does with the
 * distribution string this host's Python computes (or --distro): supported
 * as it is, by its own branch, after the patch, refused, or a shape the
 * patcher does not recognise (prepareProbe.decideSupport).
 */
import type { StepDefinition } from '../../engine/job';
import { decideSupport } from '../prepareProbe';
import type { LinuxInstallState } from './linuxJobState';
import type { LinuxStepKit } from './stepKit';

export function distributionStep(kit: LinuxStepKit): StepDefinition<LinuxInstallState> {
  const { t, params, state, fail } = kit;
  return kit.step('distribution', 'prepare', async () => {
    const f = kit.facts();
    const source = f.iso.factorySource;
    if (source === undefined) return kit.skipped('distribution.noIso');
    const computed = state.distribution;
    const name = (params.distro ?? computed ?? '').trim().toLowerCase();
    if (name === '') return fail('LINUX_DISTRIBUTION_UNKNOWN', 'distribution.unknown');
    const decision = decideSupport(source, name, f.family);
    state.decision = decision;
    const p = {
      distribution: computed ?? name,
      name,
      family: f.family.family,
      reason: f.family.reason,
      api: state.api ?? 'distro',
    };
    const data: Record<string, unknown> = {
      distribution: computed ?? null,
      patchName: name,
      api: state.api,
      family: f.family.family,
      decision: decision.kind,
    };
    switch (decision.kind) {
      case 'supported-as-is':
        return {
          status: 'ok',
          summary: t('linuxJob.distribution.asIs', { ...p, matched: decision.matchedName }),
          data,
        };
      case 'supported-by-installer':
        return {
          status: 'ok',
          summary: t('linuxJob.distribution.ownBranch', { ...p, matched: decision.matchedName }),
          data,
        };
      case 'supported-after-patch':
        return {
          status: 'ok',
          summary: t('linuxJob.distribution.afterPatch', p),
          detail: t('linuxJob.host.family', p),
          data,
        };
      case 'refused':
        return fail('LINUX_DISTRIBUTION_UNSUPPORTED', 'distribution.refused', p, { data });
      case 'unrecognised':
        return fail(
          'LINUX_FACTORY_UNRECOGNISED',
          'distribution.unrecognised',
          { ...p, message: decision.plan.message },
          { detail: decision.plan.expected, data },
        );
    }
  });
}
