/**
 * The refusal every Windows job gives when it is not running on Windows: the
 * PowerShell scripts change the local machine, so they run on the VM itself.
 * Used by the CLI before it builds a job (main/cli/commands/windows.ts) and by
 * the jobs' own platform step (main/windows/windowsJobs.ts).
 */
import type { EnvironmentPort } from '../engine/ports';
import { NgtError } from '../engine/errors';
import type { Translate } from '../engine/job';

export function requireWindowsPlatform(environment: Pick<EnvironmentPort, 'platform'>, t: Translate): void {
  if (environment.platform !== 'win32') {
    throw new NgtError('USAGE_WINDOWS_ONLY', t('windows.jobs.platform.notWindows'), {
      category: 'usage',
      remediation: t('windows.jobs.platform.notWindowsRemediation'),
    });
  }
}
