/**
 * Stage step: first checks the ISO's installer_factory.py still has the
 * sha256 the plan was made from (an ISO swapped after the approval is
 * refused before anything is created), copies the ISO tree to the plan's
 * staging folder, writes the patched installer_factory.py beside the original
 * (kept as .orig, checked identical to the ISO's), and checks the copy can run
 * there (SELinux, mount options) with the Python the installer will use. One
 * script, one round trip.
 */
import type { StepDefinition } from '../../engine/job';
import { FACTORY_RELATIVE_PATH } from '../isoLayout';
import { STAGE_SCRIPT } from '../remoteScripts';
import type { LinuxInstallState } from './linuxJobState';
import type { LinuxStepKit } from './stepKit';

const STAGE_TIMEOUT_MS = 10 * 60_000;

/** installer_factory.py in the staging copy: what stage writes and prove-patch compiles. */
export function stagedFactoryPath(state: LinuxInstallState): string {
  return `${state.stagingPath}/${FACTORY_RELATIVE_PATH}`;
}

/** The script's `key=value` lines (plain values, unlike the probes' base64 facts). */
function keyValues(stdout: string): Record<string, string> {
  return Object.fromEntries(
    stdout
      .split('\n')
      .filter((l) => l.includes('='))
      .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
  );
}

export function stageStep(kit: LinuxStepKit): StepDefinition<LinuxInstallState> {
  const { t, state, fail } = kit;
  return kit.step('stage', 'install', async (ctx) => {
    if (state.skipInstall) return { status: 'skipped', summary: state.skipInstall };
    const f = kit.facts();
    const decision = state.decision!;
    const patched =
      decision.kind === 'supported-after-patch' ? Buffer.from(decision.plan.patched, 'utf8').toString('base64') : '';
    const result = await kit.session().runScript(STAGE_SCRIPT, {
      args: [f.iso.dir!, state.stagingPath!, patched, state.python!.python!.path, state.planFactorySha256 ?? ''],
      sudo: state.sudo,
      timeoutMs: STAGE_TIMEOUT_MS,
      signal: ctx.signal,
    });
    const out = keyValues(result.stdout);
    if (result.code === 0 && out.staged === 'factory-changed') {
      const changed = {
        path: `${f.iso.dir}/${FACTORY_RELATIVE_PATH}`,
        was: state.planFactorySha256,
        now: out.factory_sha256,
      };
      return fail('LINUX_FACTORY_CHANGED', 'stage.factoryChanged', changed, { data: changed });
    }
    if (result.code === 0 && out.staged === 'ok') state.staged = true;
    const p = { staging: state.stagingPath, files: out.files ?? '?', iso: f.iso.dir };
    if (result.code !== 0 || out.staged !== 'ok') {
      // mkdir may have succeeded: keep whatever is there and name it.
      return fail('LINUX_STAGING_FAILED', 'stage.failed', p, {
        detail: result.stderr.trim() || undefined,
        data: { stagingPath: state.stagingPath },
      });
    }
    if (patched && out.orig !== 'identical')
      return fail('LINUX_STAGING_FAILED', 'stage.origDiffers', p, { data: { stagingPath: state.stagingPath } });
    const data = {
      stagingPath: state.stagingPath,
      files: Number(out.files) || undefined,
      original: patched ? `${stagedFactoryPath(state)}.orig` : undefined,
      runnable: out.runnable === 'ok',
      selinux: out.selinux || undefined,
      context: out.context || undefined,
    };
    // The staged copy must be readable and runnable by the installer's Python (SELinux, mount options).
    if (!data.runnable)
      return fail(
        'LINUX_STAGED_NOT_RUNNABLE',
        'stage.notRunnable',
        { ...p, python: state.python!.python!.path, selinux: data.selinux ?? '-', context: data.context ?? '-' },
        { detail: result.stderr.trim() || undefined, data },
      );
    return { status: 'ok', summary: t(patched ? 'linuxJob.stage.okPatched' : 'linuxJob.stage.ok', p), data };
  });
}
