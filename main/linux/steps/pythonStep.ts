/**
 * Python step: reads what the ISO's installer needs (installerProfile.ts) and
 * chooses the host's Python that the installer accepts and that has the
 * distribution API it calls; refuses before anything changes when none fits
 * (the installer would crash with AttributeError / ImportError).
 */
import type { StepDefinition } from '../../engine/job';
import { readInstallerProfile, requiredApi } from '../installerProfile';
import { FACTORY_FILE_NAME, SETUP_PYTHON_SH } from '../isoLayout';
import { choosePython } from '../prepareProbe';
import type { LinuxInstallState } from './linuxJobState';
import type { LinuxStepKit } from './stepKit';

export function pythonStep(kit: LinuxStepKit): StepDefinition<LinuxInstallState> {
  const { t, state, fail } = kit;
  return kit.step('python', 'prepare', async () => {
    const f = kit.facts();
    const profile =
      f.iso.factorySource !== undefined
        ? readInstallerProfile({
            factory: f.iso.factorySource,
            installNgtPy: f.iso.installNgtPySource,
            redhatInstaller: f.iso.redhatInstallerSource,
            hasInstallSh: f.iso.hasInstallSh,
          })
        : undefined;
    state.profile = profile;
    // The distribution string is what installer_factory.py computes; the API the Python must have
    // is also the one redhat_installer.py calls (platform, on older releases).
    const api = profile ? requiredApi(profile) : null;
    state.api = profile?.factoryApi ?? null;
    const choice = choosePython(f.pythons, api, profile?.pythonMajors);
    state.python = choice;
    if (choice.distributionName !== undefined) state.distribution = choice.distributionName.toLowerCase();
    const candidates = f.pythons.map((p) => `${p.path} (${p.version ?? '?'})`).join(', ');
    const data = {
      python: choice.python?.path,
      version: choice.python?.version,
      api,
      apiAvailable: choice.apiAvailable,
      candidates: f.pythons.map((p) => p.path),
    };
    if (!choice.python && choice.refused.length > 0) {
      const refused = choice.refused.map((c) => `${c.path} (${c.version ?? '?'})`).join(', ');
      return fail(
        'LINUX_PYTHON_REFUSED_BY_INSTALLER',
        'python.refused',
        { requirement: profile?.pythonRequirement ?? '?', refused, version: f.iso.config?.ngtVersion ?? '?' },
        { data },
      );
    }
    if (!choice.python) {
      const setup = f.iso.dir && f.iso.setupPython ? `${f.iso.dir}/${SETUP_PYTHON_SH}` : SETUP_PYTHON_SH;
      return fail('LINUX_PYTHON_MISSING', 'python.missing', { setup }, { data });
    }
    const p = { path: choice.python.path, version: choice.python.version ?? '?', api: api ?? 'distro', candidates };
    if (!choice.apiAvailable && api !== null) {
      // Refused before anything changes: the installer would crash (AttributeError / ImportError).
      const error = (api === 'distro' ? choice.python.distroError : choice.python.platformError) ?? '';
      return fail(
        api === 'platform' ? 'LINUX_INSTALLER_NEEDS_PLATFORM_API' : 'LINUX_PYTHON_API_MISSING',
        `python.apiMissing.${api}`,
        {
          ...p,
          error,
          other: choice.evaluatedWith ?? '-',
          version: f.iso.config?.ngtVersion ?? '?',
          files: profile?.redhatUsesPlatform ? `${FACTORY_FILE_NAME}, redhat_installer.py` : FACTORY_FILE_NAME,
        },
        { data, detail: t('linuxJob.python.candidates', p) },
      );
    }
    return {
      status: 'ok',
      summary: t(api ? 'linuxJob.python.ok' : 'linuxJob.python.okNoIso', p),
      detail: t('linuxJob.python.candidates', p),
      data,
    };
  });
}
