/**
 * Clean-staging step: removes the staging copy once the install succeeded
 * (kept after a failure, for the person to look at), and only a path that
 * has the staging folder's own shape.
 */
import type { StepDefinition } from '../../engine/job';
import { STAGING_PATH_PATTERN } from '../prepareProbe';
import { REMOVE_STAGING_SCRIPT } from '../remoteScripts';
import type { LinuxInstallState } from './linuxJobState';
import type { LinuxStepKit } from './stepKit';

export function cleanStagingStep(kit: LinuxStepKit): StepDefinition<LinuxInstallState> {
  const { t, state, fail, warn, skipped } = kit;
  return kit.step('clean-staging', 'verify', async (ctx) => {
    if (!state.staged || !state.stagingPath) return skipped('clean.nothing');
    if (!state.installSucceeded) return skipped('clean.kept', { staging: state.stagingPath });
    if (!STAGING_PATH_PATTERN.test(state.stagingPath))
      return fail('LINUX_STAGING_CLEANUP_FAILED', 'clean.badPath', { staging: state.stagingPath });
    const result = await kit.session().runScript(REMOVE_STAGING_SCRIPT, {
      args: [state.stagingPath],
      sudo: state.sudo,
      timeoutMs: 60_000,
      signal: ctx.signal,
    });
    const stats = kit.session().stats();
    const data = { stagingPath: state.stagingPath, sshRoundTripsTotal: stats.execs + stats.sftpOps };
    if (result.code !== 0)
      return warn(
        'LINUX_STAGING_CLEANUP_FAILED',
        'clean.failed',
        { staging: state.stagingPath },
        { detail: result.stderr.trim(), data },
      );
    state.staged = false;
    return { status: 'ok', summary: t('linuxJob.clean.ok', { staging: state.stagingPath }), data };
  });
}
