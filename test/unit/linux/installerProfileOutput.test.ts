/**
 * Pure parts of reading the NGT installer: its requirements and entry point
 * from its own files (installerProfile.ts), and its output by content
 * (installerOutput.ts). Shapes from the ISO fixture (written from DOMAIN.md).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { classifyInstallerLine, summariseInstallerOutput } from '../../../main/linux/installerOutput';
import { installerCommand, readInstallerProfile, requiredApi } from '../../../main/linux/installerProfile';

const STYLES = join(__dirname, '../../fixtures/ngt-iso/styles');
const read = (style: string, rel: string) => readFileSync(join(STYLES, style, 'installer/linux', rel), 'utf8');
const profileOf = (style: 'newer' | 'older', hasInstallSh: boolean) =>
  readInstallerProfile({
    installNgtPy: read(style, 'install_ngt.py'),
    factory: read(style, 'src/installer_factory.py'),
    redhatInstaller: read(style, 'src/redhat_installer.py'),
    hasInstallSh,
  });

describe('readInstallerProfile', () => {
  it('newer: Python 2.7 or 3, python-distro, --operation, install_ngt.sh', () => {
    const p = profileOf('newer', true);
    expect(p).toMatchObject({
      pythonMajors: [2, 3],
      factoryApi: 'distro',
      redhatUsesPlatform: false,
      takesOperation: true,
      needsSetuptools: false,
    });
    expect(requiredApi(p)).toBe('distro');
    expect(installerCommand(p, '/var/tmp/s', '/usr/bin/python3')).toEqual([
      'sh',
      '/var/tmp/s/installer/linux/install_ngt.sh',
      '--operation=install',
    ]);
    expect(installerCommand({ ...p, hasInstallSh: false }, '/var/tmp/s', '/usr/bin/python3')).toEqual([
      '/usr/bin/python3',
      '/var/tmp/s/installer/linux/install_ngt.py',
      '--operation',
      'install',
    ]);
  });

  it('older: Python 2 only, platform API in the factory and in redhat_installer.py, setuptools, no arguments', () => {
    const p = profileOf('older', false);
    expect(p).toMatchObject({
      pythonMajors: [2],
      pythonRequirement: '2.6/2.7',
      factoryApi: 'platform',
      redhatUsesPlatform: true,
      takesOperation: false,
      needsSetuptools: true,
    });
    expect(requiredApi(p)).toBe('platform');
    expect(installerCommand(p, '/var/tmp/s', '/usr/bin/python2')).toEqual([
      '/usr/bin/python2',
      '/var/tmp/s/installer/linux/install_ngt.py',
    ]);
  });

  it('a distro factory with a platform-based redhat_installer.py still needs platform', () => {
    const p = readInstallerProfile({
      factory: read('newer', 'src/installer_factory.py'),
      redhatInstaller: read('older', 'src/redhat_installer.py'),
      hasInstallSh: false,
    });
    expect(requiredApi(p)).toBe('platform');
  });
});

describe('classifyInstallerLine: by content, not by stream', () => {
  it.each([
    ['Using Linux Installer for rocky linux linux distribution.', 'info', undefined],
    ['Successfully set up Nutanix Guest Agent Service.', 'info', undefined],
    ['Nutanix Guest Tools installation is complete.', 'info', 'complete'],
    ['NGT version 4.1 is already installed. Exiting.', 'info', 'already-installed'],
    ['Nutanix Guest Agent Service failed to start.', 'error', 'failed-to-start'],
    ['Please check /usr/local/nutanix/logs/guest_agent_stdout.log for more details.', 'warn', 'log-pointer'],
    ['Unsupported distribution : rocky linux', 'error', undefined],
    ['Permission denied. Please rerun the installation script as root.', 'error', undefined],
    ['dmidecode is not installed. Please install dmidecode and rerun the installation script.', 'error', undefined],
  ])('%s → %s', (line, level, event) => {
    const c = classifyInstallerLine(line);
    expect(c.level).toBe(level);
    expect(c.event?.kind).toBe(event);
  });

  it('summarises a run', () => {
    expect(
      summariseInstallerOutput([
        'Setting up Nutanix Guest Agent Service.',
        'Nutanix Guest Agent Service failed to start.',
        'Please check /usr/local/nutanix/logs/guest_agent_stdout.log for more details.',
        'Nutanix Guest Tools installation is complete.',
      ]),
    ).toEqual({
      failedToStart: ['Nutanix Guest Agent Service'],
      logPointers: ['/usr/local/nutanix/logs/guest_agent_stdout.log'],
      complete: true,
    });
    expect(summariseInstallerOutput(['NGT version 4.1 is already installed. Exiting.']).alreadyInstalled).toBe('4.1');
  });
});
