/**
 * Host step: the one prepare probe (remoteScripts.PREPARE_PROBE_SCRIPT) that
 * gathers every fact later steps read — OS, privileges, Pythons, space, the
 * ISO and its installer files, installed NGT, the cluster's reachability. A
 * refused sudo still gathers what an unprivileged user sees; the privileges
 * step then reports the refusal. A gate: without facts nothing can be judged.
 */
import { NgtError } from '../../engine/errors';
import type { StepDefinition } from '../../engine/job';
import { interpretPrepareFacts, parseFactLines } from '../prepareProbe';
import { PREPARE_PROBE_SCRIPT, PYTHON_CLUSTER_PROGRAM, PYTHON_DISTRIBUTION_PROGRAM } from '../remoteScripts';
import type { SudoMode } from '../ssh/sshSession';
import type { LinuxInstallState } from './linuxJobState';
import { CLUSTER_TIMEOUT_S, PROBE_TIMEOUT_MS } from './remoteTimeouts';
import type { LinuxStepKit } from './stepKit';

const SUDO_REFUSALS = ['SUDO_FAILED', 'SUDO_REQUIRES_TTY', 'SU_FAILED'];

export function hostStep(kit: LinuxStepKit): StepDefinition<LinuxInstallState> {
  const { t, params, state, fail } = kit;
  return kit.step(
    'host',
    'prepare',
    async (ctx) => {
      const s = kit.session();
      const args = [
        params.isoDir ?? '',
        String(CLUSTER_TIMEOUT_S),
        PYTHON_DISTRIBUTION_PROGRAM,
        PYTHON_CLUSTER_PROGRAM,
      ];
      const run = (sudo: SudoMode) =>
        s.runScript(PREPARE_PROBE_SCRIPT, { args, sudo, timeoutMs: PROBE_TIMEOUT_MS, signal: ctx.signal });
      let result;
      try {
        result = await run(state.sudo);
      } catch (error) {
        if (!(error instanceof NgtError && SUDO_REFUSALS.includes(error.code))) throw error;
        // Still gather what an unprivileged user can see; the privileges step reports the sudo failure.
        state.sudoError = error;
        ctx.log.warn(error.message);
        result = await run({ kind: 'none' });
      }
      const f = interpretPrepareFacts(parseFactLines(result.stdout));
      if (!f.complete) {
        return fail(
          'LINUX_PROBE_FAILED',
          'host.probeFailed',
          { code: String(result.code) },
          { detail: result.stderr.trim() || undefined },
        );
      }
      state.facts = f;
      if (f.iso.mountedByUs) state.mountedIso = f.iso.mountedByUs;
      const os = f.osRelease;
      const p = {
        name: os.PRETTY_NAME ?? `${os.NAME ?? '?'} ${os.VERSION_ID ?? ''}`.trim(),
        id: os.ID ?? '?',
        idLike: os.ID_LIKE ?? '-',
        arch: f.arch,
        hostname: f.hostname,
      };
      return {
        status: 'ok',
        summary: t('linuxJob.host.ok', p),
        detail: t('linuxJob.host.family', { family: f.family.family, reason: f.family.reason }),
        data: {
          osRelease: {
            NAME: os.NAME,
            ID: os.ID,
            ID_LIKE: os.ID_LIKE,
            VERSION_ID: os.VERSION_ID,
            PRETTY_NAME: os.PRETTY_NAME,
          },
          family: f.family.family,
          arch: f.arch,
          hostname: f.hostname,
        },
      };
    },
    { gate: true },
  );
}
