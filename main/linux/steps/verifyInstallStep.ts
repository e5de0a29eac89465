/** Verify-install step: NGT's install folder is there with a readable ngt_config.json. */
import type { StepDefinition } from '../../engine/job';
import type { LinuxInstallState } from './linuxJobState';
import type { LinuxStepKit } from './stepKit';
import type { VerifyFactsReader } from './verifyFacts';

export function verifyInstallStep(
  kit: LinuxStepKit,
  verifyFacts: VerifyFactsReader,
): StepDefinition<LinuxInstallState> {
  const { t, fail } = kit;
  return kit.step('verify-install', 'verify', async (ctx) => {
    const v = await verifyFacts(ctx);
    if (!v.installDir) {
      return fail('LINUX_NGT_NOT_INSTALLED', v.installDirWithoutConfig ? 'verify.noConfig' : 'verify.notInstalled', {
        dir: v.installDirWithoutConfig ?? '/usr/local/nutanix/ngt',
      });
    }
    const p = { dir: v.installDir, version: v.config?.ngtVersion ?? '?' };
    if (!v.config) return fail('LINUX_NGT_NOT_INSTALLED', 'verify.configInvalid', { ...p, error: v.configError ?? '' });
    return {
      status: 'ok',
      summary: t('linuxJob.verify.installOk', p),
      data: { installDir: v.installDir, ngtVersion: v.config.ngtVersion, ngtUuid: v.config.ngtUuid },
    };
  });
}
