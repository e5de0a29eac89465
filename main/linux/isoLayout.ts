/**
 * Where the NGT installer's files sit on the ISO (and so in the staging copy,
 * which is the whole ISO tree): written once, used by the probe and staging
 * scripts, the plan's diff names, the installer command and the CLI's
 * `linux patch` file lookup.
 *
 * The paths contain only [a-z_/.] characters, so the fixed remote scripts may
 * embed them as they are (remoteScripts.ts); no user value ever goes there.
 */
export const ISO_INSTALLER_DIR = 'installer/linux';
export const FACTORY_FILE_NAME = 'installer_factory.py';
export const FACTORY_RELATIVE_PATH = `${ISO_INSTALLER_DIR}/src/${FACTORY_FILE_NAME}`;
export const REDHAT_INSTALLER_RELATIVE_PATH = `${ISO_INSTALLER_DIR}/src/redhat_installer.py`;
export const INSTALLER_PY = `${ISO_INSTALLER_DIR}/install_ngt.py`;
export const INSTALLER_SH = `${ISO_INSTALLER_DIR}/install_ngt.sh`;
export const SETUP_PYTHON_SH = `${ISO_INSTALLER_DIR}/setup_python.sh`;
/** The ISO's NGT configuration (cluster address, version), two levels above the installer. */
export const ISO_CONFIG_RELATIVE_PATH = 'config/ngt_config.json';

/** Where an installed NGT keeps its ngt_config.json: newer releases under ngt/, older ones directly. */
export const INSTALLED_CONFIG_PATHS = [
  '/usr/local/nutanix/ngt/config/ngt_config.json',
  '/usr/local/nutanix/config/ngt_config.json',
] as const;

/** installer_factory.py under a folder that is its src/, installer/linux, or the ISO root. */
export const FACTORY_LOCATIONS = [FACTORY_FILE_NAME, `src/${FACTORY_FILE_NAME}`, FACTORY_RELATIVE_PATH] as const;
