/**
 * The fleet's Windows hosts in the CLI: their readiness probe (the port of
 * main/fleet/windowsHostJob.ts, run by the engine as `probe winrm` runs it)
 * and, for the hosts whose WinRM HTTPS listener is not ready for Prism
 * Central's push, the WinRM preparation script to run on them (`windows
 * export`'s script; `--golden-image` for templates), written with
 * `--windows-script FILE` or offered with the command that writes it.
 */
import * as path from 'node:path';

import type { FleetRun } from '../../fleet/fleetTypes';
import { applyOptionsSchema } from '../../windows/applyOptions';
import { exportWindowsScriptFile } from '../../jobs/windowsExport';
import type { CliContext } from '../cliTypes';

/** Options `fleet plan|install` take for Windows hosts. */
export const FLEET_WINDOWS_OPTIONS = {
  'windows-script': { type: 'string' },
  'golden-image': { type: 'boolean' },
} as const;

/** Names of the Windows hosts whose probe failed. */
export function windowsNotReady(run: FleetRun): string[] {
  return run.hosts.filter((h) => h.os === 'windows' && h.readiness === 'winrm-not-ready').map((h) => h.name);
}

/** Says which Windows hosts are not ready and writes (or offers) the script that prepares them. */
export async function offerWindowsScript(
  run: FleetRun,
  values: { 'windows-script'?: string; 'golden-image'?: boolean },
  context: CliContext,
  say: (text: string) => void,
): Promise<boolean> {
  const { t } = context;
  const hosts = windowsNotReady(run);
  if (hosts.length === 0) return true;
  const golden = values['golden-image'] === true;
  say(t('fleetRun.windows.notReady', { count: hosts.length, hosts: hosts.join(', ') }));
  const target = values['windows-script'];
  if (target === undefined) {
    say(t('fleetRun.windows.offer', { golden: golden ? ' --golden-image' : '' }));
    return true;
  }
  const file = await exportWindowsScriptFile(
    applyOptionsSchema.parse({}),
    golden,
    context.lang,
    context.ports.clock.now(),
  );
  const out = path.resolve(target);
  try {
    await context.ports.fs.writeFile(out, file.content);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    context.io.stderr(`${t('fleetRun.windows.writeFailed', { file: target, message })}\n`);
    return false;
  }
  say(t('cli.windows.export.written', { file: out, golden: golden ? t('cli.windows.export.goldenSuffix') : '' }));
  return true;
}
