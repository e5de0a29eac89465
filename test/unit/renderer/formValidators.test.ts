/**
 * The wizard's form checks (renderer/src/components/…/…Form.ts): what each
 * refuses, with which message key, and that what a valid form sends passes
 * main's own validation of the job request (main/ipc/contract.ts).
 */
import { describe, expect, it } from 'vitest';
import { jobStartSchema, normalizeThumbprint } from '../../../main/ipc/contract';
import {
  EMPTY_LINUX_FORM,
  fillFromRecent,
  linuxInstallRequest,
  validateLinuxForm,
  type LinuxFormValues,
} from '../../../renderer/src/components/linux/linuxForm';
import { EMPTY_PROBE_FORM, probeRequest, validateProbeForm } from '../../../renderer/src/components/probe/probeForm';
import {
  DEFAULT_WINDOWS_OPTIONS,
  splitAddresses,
  validateWindowsOptions,
  windowsApplyOptions,
} from '../../../renderer/src/components/windows/windowsOptions';

const THUMBPRINT = 'AB'.repeat(20);

describe('probe form', () => {
  it.each([
    [{ host: '' }, { host: 'ui.probe.errors.hostRequired' }],
    [{ host: 'bad host!' }, { host: 'ui.probe.errors.hostInvalid' }],
    [{ host: 'vm1', port: '0' }, { port: 'ui.probe.errors.portInvalid' }],
    [{ host: 'vm1', port: '65536' }, { port: 'ui.probe.errors.portInvalid' }],
    [{ host: 'vm1', port: '5986x' }, { port: 'ui.probe.errors.portInvalid' }],
    [{ host: 'vm1', user: 'admin' }, { password: 'ui.probe.errors.passwordRequired' }],
    [{ host: 'vm1', password: 'pw' }, { user: 'ui.probe.errors.userRequired' }],
    [{ host: ' vm1.example.com ', port: ' 5985 ', user: 'admin', password: 'pw' }, {}],
  ])('%j → %j', (patch, errors) => {
    expect(validateProbeForm({ ...EMPTY_PROBE_FORM, ...patch })).toEqual(errors);
  });

  it('sends a request main accepts, credentials only as a pair', () => {
    const request = probeRequest({ ...EMPTY_PROBE_FORM, host: ' vm1 ', user: 'admin', password: 'pw' });
    expect(request).toEqual({
      kind: 'probe-winrm',
      params: { host: 'vm1', port: 5986, user: 'admin', password: 'pw' },
    });
    expect(jobStartSchema.safeParse(request).success).toBe(true);
    expect(probeRequest({ ...EMPTY_PROBE_FORM, host: 'vm1', user: 'admin' }).params).toEqual({
      host: 'vm1',
      port: 5986,
    });
  });
});

describe('Windows options form', () => {
  it('normalises thumbprints as Windows copies them and splits address lists', () => {
    expect(normalizeThumbprint('\u200eab cd:ef-01')).toBe('ABCDEF01');
    expect(splitAddresses('10.0.0.1, 10.0.0.2\n\n10.0.0.1\r\n')).toEqual(['10.0.0.1', '10.0.0.2']);
  });

  it.each([
    [{ certThumbprint: 'xyz' }, { certThumbprint: { key: 'ui.windows.errors.thumbprintInvalid' } }],
    [{ validityDays: '0' }, { validityDays: { key: 'ui.windows.errors.validityInvalid' } }],
    [{ validityDays: '7301' }, { validityDays: { key: 'ui.windows.errors.validityInvalid' } }],
    [
      { firewallAddresses: '10.0.0.1, not an address' },
      { firewallAddresses: { key: 'ui.windows.errors.addressInvalid', params: { address: 'not an address' } } },
    ],
    [{ firewallAddresses: 'a'.repeat(101) }, { firewallAddresses: { key: 'ui.windows.errors.addressTooLong' } }],
    [{ certThumbprint: THUMBPRINT.toLowerCase(), validityDays: '365', firewallAddresses: '10.0.0.0/24' }, {}],
  ])('%j → %j', (patch, errors) => {
    const found = validateWindowsOptions({ ...DEFAULT_WINDOWS_OPTIONS, ...patch });
    expect(Object.keys(found)).toEqual(Object.keys(errors));
    expect(found).toMatchObject(errors);
  });

  it('sends options main accepts', () => {
    const options = windowsApplyOptions({
      ...DEFAULT_WINDOWS_OPTIONS,
      certThumbprint: THUMBPRINT.toLowerCase(),
      firewallAddresses: '10.0.0.5',
      keySize: '3072',
    });
    expect(options).toMatchObject({ certThumbprint: THUMBPRINT, keySize: 3072, firewallRemoteAddresses: ['10.0.0.5'] });
    expect(jobStartSchema.safeParse({ kind: 'windows-apply', params: options }).success).toBe(true);
  });
});

describe('Linux connection form', () => {
  const valid: LinuxFormValues = { ...EMPTY_LINUX_FORM, host: 'rocky9.lab', password: 'pw' };

  it.each([
    [{ host: '' }, { host: 'ui.linux.errors.hostRequired' }],
    [{ host: 'rm -rf' }, { host: 'ui.linux.errors.hostInvalid' }],
    [{ port: ' ' }, { port: 'ui.linux.errors.portRequired' }],
    [{ port: '70000' }, { port: 'ui.linux.errors.portInvalid' }],
    [{ username: '' }, { username: 'ui.linux.errors.usernameRequired' }],
    [{ username: '-root' }, { username: 'ui.linux.errors.usernameInvalid' }],
    [{ password: '' }, { password: 'ui.linux.errors.passwordRequired' }],
    [{ authKind: 'key' as const }, { privateKeyPath: 'ui.linux.errors.privateKeyPathRequired' }],
    [{ authKind: 'agent' as const, password: '' }, {}],
    [{ distro: 'x'.repeat(101) }, { distro: 'ui.linux.errors.distroInvalid' }],
    [{}, {}],
  ])('%j → %j', (patch, errors) => {
    expect(validateLinuxForm({ ...valid, ...patch })).toEqual(errors);
  });

  it('a check is a dry run of the prepare phase; an install runs all; main accepts both', () => {
    const check = linuxInstallRequest(valid, 'check');
    const install = linuxInstallRequest({ ...valid, authKind: 'key', privateKeyPath: ' ~/.ssh/id ' }, 'install');
    expect(check.params).toMatchObject({ phase: 'prepare', dryRun: true, auth: { kind: 'password', password: 'pw' } });
    expect(install.params).toMatchObject({
      phase: 'all',
      dryRun: false,
      auth: { kind: 'key', privateKeyPath: '~/.ssh/id' },
    });
    expect(jobStartSchema.safeParse(check).success).toBe(true);
    expect(jobStartSchema.safeParse(install).success).toBe(true);
  });

  it('a recent host fills the connection and clears every secret', () => {
    const filled = fillFromRecent(
      { ...valid, passphrase: 'pp', sudoPassword: 'sp' },
      { host: 'ubuntu.lab', port: 2222, username: 'ops', authKind: 'key', privateKeyPath: '/k' },
    );
    expect(filled).toMatchObject({ host: 'ubuntu.lab', port: '2222', username: 'ops', privateKeyPath: '/k' });
    expect([filled.password, filled.passphrase, filled.sudoPassword]).toEqual(['', '', '']);
  });
});
