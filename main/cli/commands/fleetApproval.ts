/**
 * Who approves a fleet's changes in the CLI. The plan (one diff per distinct
 * installer_factory.py and the hosts that share it) and the unknown host keys
 * (all at once, with their fingerprints) are asked as yes/no questions on a
 * terminal; `--yes` approves the plan and `--accept-new` / `--fingerprint`
 * answer for the keys. Without a terminal and without `--yes`, `fleet install`
 * refuses before contacting any host, saying what to run instead.
 */
import { usageError } from '../argumentParsers';
import type { CliContext } from '../cliTypes';
import type { FleetPhase, FleetPrompts } from '../../fleet/fleetTypes';

export const FLEET_APPROVAL_OPTIONS = { yes: { type: 'boolean' } } as const;

/** The run will change hosts (install), so its plan must be approved by --yes or on a terminal. */
export function checkPlanApproval(
  run: { planOnly: boolean; phase: FleetPhase; dryRun: boolean; yes: boolean },
  context: CliContext,
): void {
  const changes = !run.planOnly && !run.dryRun && (run.phase === 'all' || run.phase === 'install');
  if (changes && !run.yes && !context.io.confirm)
    throw usageError(
      'USAGE_FLEET_NOT_APPROVED',
      context.t('fleetRun.approve.noTerminal'),
      context.t('fleetRun.approve.noTerminalNext'),
    );
}

export function fleetApprovals(
  values: { yes?: boolean },
  context: CliContext,
  say: (text: string) => void,
): Pick<FleetPrompts, 'confirmHostKeys' | 'approveDiff'> {
  const { t, io } = context;
  return {
    async confirmHostKeys(keys) {
      say(t('fleet.cli.unknownKeys', { count: keys.length }));
      for (const k of keys) say(`  ${k.host} (${k.address}) ${k.keyType} ${k.fingerprint}`);
      // Without a terminal the keys are listed with what to type next.
      if (!io.confirm) {
        say(t('fleet.cli.unknownKeysNext'));
        return false;
      }
      return io.confirm(t('fleetRun.approve.hostKeys', { count: keys.length }));
    },
    async approveDiff(group) {
      say(
        t('fleet.cli.diffGroup', {
          sha: group.factorySha256,
          count: group.hosts.length,
          hosts: group.hosts.join(', '),
        }),
      );
      say(group.diff);
      if (values.yes) return true;
      if (!io.confirm) return false;
      return io.confirm(t('fleetRun.approve.diff', { count: group.hosts.length, sha: group.factorySha256 }));
    },
  };
}
