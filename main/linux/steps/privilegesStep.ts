/** Privileges step: the prepare probe ran as root (directly, through sudo, or through `su -`). */
import type { StepDefinition } from '../../engine/job';
import type { LinuxInstallState } from './linuxJobState';
import type { LinuxStepKit } from './stepKit';

export function privilegesStep(kit: LinuxStepKit): StepDefinition<LinuxInstallState> {
  const { t, params, state, fail } = kit;
  return kit.step('privileges', 'prepare', async () => {
    if (state.sudoError) throw state.sudoError;
    const f = kit.facts();
    if (f.uid !== 0) return fail('LINUX_NOT_ROOT', 'privileges.notRoot', { user: f.user });
    if (state.sudo.kind === 'su')
      return {
        status: 'ok',
        summary: t('linuxJob.privileges.su', { user: params.username }),
        data: { root: false, sudo: false, su: true },
      };
    if (f.sudoUser)
      return {
        status: 'ok',
        summary: t('linuxJob.privileges.sudo', { user: f.sudoUser }),
        data: { root: false, sudo: true },
      };
    return { status: 'ok', summary: t('linuxJob.privileges.root'), data: { root: true, sudo: false } };
  });
}
