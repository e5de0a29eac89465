/**
 * "Remove NGT" reaches the same engine from the wizard: the Linux form's
 * remove buttons build a `linux-remove` request (dry run first), the IPC
 * contract accepts it, and the registry builds the removal job from it.
 * The job itself is tested against the sandbox (test/integration/linux/linuxRemove.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { jobStartSchema } from '../../../main/ipc/contract';
import { createJobDefinition } from '../../../main/jobs/registry';
import {
  EMPTY_LINUX_FORM,
  linuxInstallRequest,
  validateLinuxForm,
} from '../../../renderer/src/components/linux/linuxForm';
import { t, testPorts } from '../../support/engineHarness';

const form = { ...EMPTY_LINUX_FORM, host: 'vm1.example', username: 'root', password: 'pw' };

describe('Remove NGT wiring', () => {
  it.each([
    ['remove-check', true],
    ['remove', false],
  ] as const)('the form mode %s builds a linux-remove request (dryRun %s) the contract accepts', (mode, dryRun) => {
    const request = linuxInstallRequest(form, mode);
    expect(request.kind).toBe('linux-remove');
    expect(request.params).toMatchObject({ host: 'vm1.example', username: 'root', dryRun });
    const parsed = jobStartSchema.parse(request);
    const job = createJobDefinition(parsed, { t, ports: testPorts(), lang: 'en' } as Parameters<
      typeof createJobDefinition
    >[1]);
    expect(job.kind).toBe('linux-remove');
    expect(job.steps.map((s) => s.id)).toEqual(
      dryRun
        ? ['connect', 'remove-plan']
        : ['connect', 'remove-plan', 'run-uninstaller', 'remove-leftovers', 'remove-remains'],
    );
  });

  it('the install modes still build linux-install', () => {
    expect(linuxInstallRequest(form, 'check').kind).toBe('linux-install');
    expect(linuxInstallRequest(form, 'install').kind).toBe('linux-install');
  });
});

describe('the root password for su - (wizard field)', () => {
  const admin = { ...form, username: 'admin', suPassword: 'root-pw' };
  it('travels as suPassword, accepted by the contract for install and remove', () => {
    for (const mode of ['install', 'remove'] as const) {
      const request = linuxInstallRequest(admin, mode);
      expect(request.params).toMatchObject({ suPassword: 'root-pw' });
      expect(jobStartSchema.safeParse(request).success).toBe(true);
    }
    expect(linuxInstallRequest(form, 'install').params).not.toHaveProperty('suPassword');
  });
  it('is refused together with a sudo password, on its own field', () => {
    expect(validateLinuxForm(admin)).toEqual({});
    expect(validateLinuxForm({ ...admin, sudoPassword: 'x' })).toEqual({ suPassword: 'ui.linux.errors.sudoOrSu' });
  });
});
