/**
 * What the NGT installer on the ISO needs and how it is started, read from
 * its own files (DOMAIN.md "Linux installer on the ISO": releases differ, so
 * detect, don't assume). Pure: file texts in, profile out.
 *
 * - Python: older install_ngt.py accept only Python 2.6/2.7 (their own version
 *   check); the rest run with 2.7 or 3.
 * - Distribution API: `platform.linux_distribution()` (older, gone in Python
 *   3.8) in installer_factory.py or redhat_installer.py, else python-distro.
 * - Entry point: newer ISOs carry install_ngt.sh and take `--operation=install`;
 *   install_ngt.py takes `--operation install` when it defines that option.
 * - setuptools: older releases import it.
 */
import { detectDistributionApi, type DistributionApi } from './installerFactory/factoryReaders';
import { INSTALLER_PY, INSTALLER_SH } from './isoLayout';

export interface InstallerSources {
  installNgtPy?: string;
  redhatInstaller?: string;
  factory?: string;
  hasInstallSh: boolean;
}

export interface InstallerProfile {
  /** Python major versions the installer's own check accepts. */
  pythonMajors: (2 | 3)[];
  /** Human text of that requirement, e.g. "2.6/2.7". */
  pythonRequirement: string;
  /** The API installer_factory.py computes the distribution with. */
  factoryApi: DistributionApi | null;
  /** redhat_installer.py also calls platform.linux_distribution() (the ≥ 6.4 version check). */
  redhatUsesPlatform: boolean;
  /** install_ngt.py defines --operation. */
  takesOperation: boolean;
  hasInstallSh: boolean;
  needsSetuptools: boolean;
}

const PY2_ONLY = [
  /sys\.version_info\[0\]\s*!=\s*2\b/,
  /sys\.version_info\[0\]\s*>\s*2\b/,
  /sys\.version_info\[0\]\s*>=\s*3\b/,
  /sys\.version_info(\[:2\])?\s*>=\s*\(\s*3\s*,/,
  /^\s*print\s+["'%]/m,
];
const PY3_ONLY = [
  /sys\.version_info\[0\]\s*!=\s*3\b/,
  /sys\.version_info\[0\]\s*<\s*3\b/,
  /sys\.version_info(\[:2\])?\s*<\s*\(\s*3\s*,/,
];

export function readInstallerProfile(sources: InstallerSources): InstallerProfile {
  const py = sources.installNgtPy ?? '';
  const py2Only = PY2_ONLY.some((re) => re.test(py));
  const py3Only = !py2Only && PY3_ONLY.some((re) => re.test(py));
  const pythonMajors: (2 | 3)[] = py2Only ? [2] : py3Only ? [3] : [2, 3];
  return {
    pythonMajors,
    pythonRequirement: py2Only ? '2.6/2.7' : py3Only ? '3' : '2.7 or 3',
    factoryApi: sources.factory !== undefined ? detectDistributionApi(sources.factory).api : null,
    redhatUsesPlatform: /\bplatform\s*\.\s*linux_distribution\s*\(/.test(sources.redhatInstaller ?? ''),
    takesOperation: /["']--operation["']/.test(py),
    hasInstallSh: sources.hasInstallSh,
    needsSetuptools: /^\s*(import\s+setuptools|from\s+setuptools\s+import|import\s+pkg_resources)\b/m.test(py),
  };
}

/** The API the installer needs from the Python it runs with (platform wins: it is the one that can be missing). */
export function requiredApi(profile: InstallerProfile): DistributionApi | null {
  if (profile.factoryApi === 'platform' || profile.redhatUsesPlatform) return 'platform';
  return profile.factoryApi;
}

/**
 * The command that starts the installer in the staging copy: the ISO's own
 * install_ngt.sh when it has one and the host's default Python is the one to
 * use (the script picks its interpreter itself), else install_ngt.py with the
 * chosen Python — with `--operation install` when it defines that option.
 */
export function installerCommand(
  profile: InstallerProfile,
  stagingPath: string,
  python: string,
  options: { pythonIsDefault?: boolean } = {},
): string[] {
  if (profile.hasInstallSh && options.pythonIsDefault !== false)
    return ['sh', `${stagingPath}/${INSTALLER_SH}`, '--operation=install'];
  const args = profile.takesOperation ? ['--operation', 'install'] : [];
  return [python, `${stagingPath}/${INSTALLER_PY}`, ...args];
}

/** Major version of a "2.7.18"-style string. */
export function majorOf(version: string | undefined): number | null {
  const m = /^(\d+)\./.exec(version ?? '');
  return m ? Number(m[1]) : null;
}
