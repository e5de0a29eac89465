/**
 * What a Linux job does last, whatever happened: unmount the ISO the probe
 * mounted, name a staging copy left behind, close the SSH session.
 */
import type { StepLogger, Translate } from '../../engine/job';
import { UNMOUNT_ISO_SCRIPT } from '../remoteScripts';
import type { LinuxInstallState } from './linuxJobState';

export function linuxJobCleanup(t: Translate) {
  return async function cleanup(st: LinuxInstallState, log: StepLogger): Promise<void> {
    const s = st.session;
    if (!s) return;
    if (st.mountedIso && s.alive) {
      try {
        const r = await s.runScript(UNMOUNT_ISO_SCRIPT, { args: [st.mountedIso], sudo: st.sudo, timeoutMs: 30_000 });
        if (r.code === 0) log.info(t('linuxJob.cleanup.unmounted', { dir: st.mountedIso }));
        else log.warn(t('linuxJob.cleanup.unmountFailed', { dir: st.mountedIso, detail: r.stderr.trim() }));
      } catch (error) {
        log.warn(
          t('linuxJob.cleanup.unmountFailed', {
            dir: st.mountedIso,
            detail: error instanceof Error ? error.message : String(error),
          }),
        );
      }
    } else if (st.mountedIso) {
      log.warn(t('linuxJob.cleanup.unmountFailed', { dir: st.mountedIso, detail: t('linuxJob.notConnected') }));
    }
    if (st.staged && st.stagingPath) log.warn(t('linuxJob.cleanup.stagingKept', { staging: st.stagingPath }));
    await s.close();
  };
}
