/**
 * Prerequisites step: what the installer itself needs before it can finish —
 * a writable /usr/local, space where the copy goes (/root when /var/tmp is
 * noexec) and under /usr/local, dmidecode, and setuptools on older releases.
 */
import type { StepDefinition } from '../../engine/job';
import { freeKbAtStaging, stagingBaseFor } from '../prepareProbe';
import type { LinuxInstallState } from './linuxJobState';
import type { LinuxStepKit } from './stepKit';

/** Staging needs the ISO's size; real NGT ISOs are well under this. */
const MIN_FREE_KB_STAGING = 200 * 1024;
const MIN_FREE_KB_USR_LOCAL = 200 * 1024;

function kb(n: number | null): string {
  return n === null ? '?' : `${Math.round(n / 1024)} MB`;
}

export function prerequisitesStep(kit: LinuxStepKit): StepDefinition<LinuxInstallState> {
  const { t, state, fail, warn } = kit;
  return kit.step('prerequisites', 'prepare', async () => {
    const f = kit.facts();
    // The space that matters is where the copy will go: /root when /var/tmp is noexec.
    const stagingBase = stagingBaseFor(f.varTmpNoexec);
    const freeKbStaging = freeKbAtStaging(f);
    const p = {
      free: kb(freeKbStaging),
      staging: stagingBase,
      freeUsrLocal: kb(f.freeKbUsrLocal),
      dmidecode: f.dmidecode ?? '-',
    };
    const data = {
      dmidecode: f.dmidecode ?? null,
      usrLocalWritable: f.usrLocalWritable,
      stagingBase,
      freeKbStaging,
      freeKbVarTmp: f.freeKbVarTmp,
      freeKbUsrLocal: f.freeKbUsrLocal,
      selinux: f.selinux ?? null,
    };
    if (!f.usrLocalWritable) return fail('LINUX_USR_LOCAL_READONLY', 'prerequisites.usrLocal', p, { data });
    if (freeKbStaging !== null && freeKbStaging < MIN_FREE_KB_STAGING)
      return fail('LINUX_NO_SPACE', 'prerequisites.space', p, { data });
    // The installer itself stops without dmidecode (and, on older releases, setuptools).
    if (!f.dmidecode) return fail('LINUX_DMIDECODE_MISSING', 'prerequisites.dmidecode', p, { data });
    const python = state.python?.python;
    if (state.profile?.needsSetuptools && python && python.setuptools === false)
      return fail('LINUX_SETUPTOOLS_MISSING', 'prerequisites.setuptools', { ...p, python: python.path }, { data });
    if (f.freeKbUsrLocal !== null && f.freeKbUsrLocal < MIN_FREE_KB_USR_LOCAL)
      return warn('LINUX_LOW_SPACE', 'prerequisites.usrLocalSpace', p, { data });
    const selinux = f.selinux
      ? t('linuxJob.prerequisites.selinux', { mode: f.selinux })
      : t('linuxJob.prerequisites.selinuxAbsent');
    return { status: 'ok', summary: `${t('linuxJob.prerequisites.ok', p)} ${selinux}`, data };
  });
}
