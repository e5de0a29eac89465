/** ISO step: the NGT ISO was found (or mounted by the probe), with its configuration and installer_factory.py. */
import type { StepDefinition } from '../../engine/job';
import { FACTORY_RELATIVE_PATH } from '../isoLayout';
import type { LinuxInstallState } from './linuxJobState';
import type { LinuxStepKit } from './stepKit';

export function isoStep(kit: LinuxStepKit): StepDefinition<LinuxInstallState> {
  const { t, fail } = kit;
  return kit.step('iso', 'prepare', async () => {
    const { iso } = kit.facts();
    if (!iso.dir) {
      if (iso.given) return fail('NGT_ISO_NOT_FOUND', 'iso.notAtGiven', { dir: iso.given });
      if (iso.mountFailed) return fail('NGT_ISO_MOUNT_FAILED', 'iso.mountFailed', { device: iso.mountFailed });
      return fail('NGT_ISO_NOT_FOUND', 'iso.notFound');
    }
    if (!iso.config) {
      return fail('NGT_ISO_CONFIG_INVALID', 'iso.configInvalid', { dir: iso.dir, error: iso.configError ?? 'missing' });
    }
    if (iso.factorySource === undefined)
      return fail('NGT_ISO_INCOMPLETE', 'iso.noFactory', { dir: iso.dir, file: FACTORY_RELATIVE_PATH });
    const p = { dir: iso.dir, version: iso.config.ngtVersion ?? '?', device: iso.device ?? '' };
    return {
      status: 'ok',
      summary: t(iso.mountedByUs ? 'linuxJob.iso.mountedByUs' : 'linuxJob.iso.ok', p),
      data: {
        isoDir: iso.dir,
        mountedByUs: Boolean(iso.mountedByUs),
        ngtVersion: iso.config.ngtVersion,
        clusterIp: iso.config.clusterIp,
        port: iso.config.port,
        ngtUuid: iso.config.ngtUuid,
      },
    };
  });
}
