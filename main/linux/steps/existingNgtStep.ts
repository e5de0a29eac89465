/**
 * Existing-NGT step: NGT already installed at the ISO's version or newer
 * means the install is skipped (unless forced); an older one is replaced.
 */
import type { StepDefinition } from '../../engine/job';
import { compareNgtVersions } from '../../ngt/ngtConfig';
import type { LinuxInstallState } from './linuxJobState';
import type { LinuxStepKit } from './stepKit';

export function existingNgtStep(kit: LinuxStepKit): StepDefinition<LinuxInstallState> {
  const { t, params, state } = kit;
  return kit.step('existing-ngt', 'prepare', async () => {
    const f = kit.facts();
    if (!f.installed) return { status: 'ok', summary: t('linuxJob.existing.none'), data: { installed: false } };
    const installedVersion = f.installed.config?.ngtVersion;
    const isoVersion = f.iso.config?.ngtVersion;
    const p = { installed: installedVersion ?? '?', iso: isoVersion ?? '?', path: f.installed.path };
    const data = { installed: true, installedVersion, isoVersion, path: f.installed.path };
    if (installedVersion && isoVersion && compareNgtVersions(installedVersion, isoVersion) >= 0) {
      if (params.force) return { status: 'ok', summary: t('linuxJob.existing.forced', p), data };
      state.skipInstall = t('linuxJob.existing.skipReason', p);
      return { status: 'ok', summary: t('linuxJob.existing.sameOrNewer', p), data: { ...data, installSkipped: true } };
    }
    return { status: 'ok', summary: t('linuxJob.existing.older', p), data };
  });
}
