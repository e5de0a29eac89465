/**
 * "Remove NGT" (a way back): find the installed uninstaller, show what it
 * will remove, run it, stop services it left running, remove service files
 * and NGT Prep's staging leftovers, and report what remains. Dry run: the
 * plan only. Each step re-reads the VM with the one removal probe.
 */
import type { StepDefinition } from '../../engine/job';
import type { StepOutcome } from '../../engine/types';
import type { LinuxInstallState } from './linuxJobState';
import { parseFactLines } from '../prepareProbe';
import { interpretRemoveFacts, nothingRemains, uninstallerCommand, type RemoveFacts } from '../removePlan';
import { REMOVE_LEFTOVERS_SCRIPT, REMOVE_PROBE_SCRIPT } from '../removeScripts';
import { PROBE_TIMEOUT_MS } from './remoteTimeouts';
import type { LinuxCtx, LinuxStepKit } from './stepKit';

const UNINSTALL_TIMEOUT_MS = 15 * 60_000;

export function removeSteps(kit: LinuxStepKit, options: { dryRun: boolean }): StepDefinition<LinuxInstallState>[] {
  const { t, state, fail, warn, session } = kit;
  let before: RemoveFacts | undefined;

  const probe = async (ctx: LinuxCtx): Promise<RemoveFacts> => {
    const result = await session().runScript(REMOVE_PROBE_SCRIPT, {
      args: [],
      sudo: state.sudo,
      timeoutMs: PROBE_TIMEOUT_MS,
      signal: ctx.signal,
    });
    return interpretRemoveFacts(parseFactLines(result.stdout));
  };
  const listOf = (f: RemoveFacts) =>
    [...f.dirs, ...f.files, ...f.staging, ...f.running.map((r) => `${r.service} (pid ${r.pid})`)].join(', ') || '-';

  const planStep = kit.step(
    'remove-plan',
    'prepare',
    async (ctx): Promise<StepOutcome> => {
      const f = await probe(ctx);
      before = f;
      if (!f.complete) return fail('LINUX_PROBE_FAILED', 'host.probeFailed', { code: '?' });
      if (f.uid !== 0) return fail('LINUX_NOT_ROOT', 'privileges.notRoot', { user: kit.params.username });
      const command = uninstallerCommand(f);
      const data = { ...f, uninstallCommand: command, dryRun: options.dryRun };
      if (nothingRemains(f)) return { status: 'ok', summary: t('linuxJob.remove.nothing'), data };
      const p = { command: command?.join(' ') ?? '-', items: listOf(f) };
      if (!command && f.dirs.length > 0)
        return warn('LINUX_NGT_UNINSTALLER_MISSING', 'remove.noUninstaller', p, { data });
      if (!options.dryRun) {
        const answer = await ctx.ask({
          kind: 'confirm-plan',
          title: t('linuxJob.remove.confirmTitle', { target: kit.params.host }),
          summary: t('linuxJob.remove.plan', p),
        });
        if (!answer.accept) return { status: 'skipped', code: 'CANCELLED', summary: t('linuxJob.plan.declined'), data };
      }
      return { status: 'ok', summary: t('linuxJob.remove.plan', p), data };
    },
    { gate: true },
  );

  const runStep = kit.step('run-uninstaller', 'install', async (ctx) => {
    const f = before!;
    const command = uninstallerCommand(f);
    if (!command) return kit.skipped('remove.noUninstallerSkipped');
    const lines: string[] = [];
    const result = await session().exec(command, {
      sudo: state.sudo,
      timeoutMs: UNINSTALL_TIMEOUT_MS,
      signal: ctx.signal,
      onLine: (_stream, line) => {
        lines.push(line);
        ctx.log.info(line);
      },
    });
    const p = { command: command.join(' '), code: String(result.code ?? '?') };
    if (result.code !== 0)
      return fail('LINUX_NGT_UNINSTALL_FAILED', 'remove.failed', p, { detail: lines.slice(-15).join('\n') });
    return { status: 'ok', summary: t('linuxJob.remove.ran', p), data: { exitCode: 0, command } };
  });

  const leftoversStep = kit.step('remove-leftovers', 'install', async (ctx) => {
    const f = await probe(ctx);
    // Only pids the probe itself named as NGT services, and only paths the script accepts.
    const pids = f.running.map((r) => String(r.pid));
    const paths = [...f.files, ...f.staging];
    if (pids.length === 0 && paths.length === 0 && f.dirs.length === 0)
      return { status: 'ok', summary: t('linuxJob.remove.noLeftovers') };
    const result = await session().runScript(REMOVE_LEFTOVERS_SCRIPT, {
      args: [String(pids.length), ...pids, ...paths],
      sudo: state.sudo,
      timeoutMs: 60_000,
      signal: ctx.signal,
    });
    const done = result.stdout.split('\n').filter((l) => /^(stopped|removed)=/.test(l));
    return {
      status: 'ok',
      summary: t('linuxJob.remove.leftovers', { count: done.length, items: done.join(', ') }),
      data: { done },
    };
  });

  const remainsStep = kit.step('remove-remains', 'verify', async (ctx) => {
    const f = await probe(ctx);
    const data = { dirs: f.dirs, files: f.files, running: f.running, staging: f.staging };
    if (!nothingRemains(f)) return fail('LINUX_NGT_REMAINS', 'remove.remains', { items: listOf(f) }, { data });
    return { status: 'ok', summary: t('linuxJob.remove.clean'), data };
  });

  return options.dryRun ? [planStep] : [planStep, runStep, leftoversStep, remainsStep];
}
