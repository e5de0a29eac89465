/**
 * Install step: runs the NGT installer from the staging copy, as root, with
 * the entry point and arguments the ISO expects (plan's installCommand), and
 * reads its output by content (installerOutput.ts), whichever stream it
 * arrives on. Exit 1 after "NGT version X is already installed. Exiting." is
 * "already done"; exit 0 after "... failed to start." is a warning that
 * verify turns into a failure with the agent's log.
 */
import { NgtError } from '../../engine/errors';
import type { StepDefinition } from '../../engine/job';
import { classifyInstallerLine, summariseInstallerOutput } from '../installerOutput';
import type { LinuxInstallState } from './linuxJobState';
import { installerMilestone, INSTALLER_MILESTONES } from '../prepareProbe';
import { INSTALL_LOG_TAIL_SCRIPT } from '../remoteScripts';
import type { LinuxStepKit } from './stepKit';

const INSTALL_TIMEOUT_MS = 30 * 60_000;
const LOG_TAIL_LINES = 40;
const KEPT_LINES = 200;

export function runInstallerStep(kit: LinuxStepKit): StepDefinition<LinuxInstallState> {
  const { t, state, fail, warn, session } = kit;
  return kit.step('run-installer', 'install', async (ctx) => {
    if (state.skipInstall) return { status: 'skipped', summary: state.skipInstall };
    const argv = state.installCommand!;
    const command = argv.join(' ');
    const max = INSTALLER_MILESTONES.length;
    let reached = 0;
    let lastLine = '';
    const lines: string[] = [];
    ctx.progress({ current: 0, max, label: t('linuxJob.install.starting') });
    ctx.log.info(t('linuxJob.install.running', { command }));
    const p = { staging: state.stagingPath, command };
    let result;
    try {
      result = await session().exec(argv, {
        sudo: state.sudo,
        timeoutMs: INSTALL_TIMEOUT_MS,
        signal: ctx.signal,
        onLine: (_stream, line) => {
          lines.push(line);
          if (lines.length > KEPT_LINES) lines.shift();
          if (line.trim()) lastLine = line;
          // By content: the installer's progress arrives on stderr (Python logging's default handler).
          ctx.log[classifyInstallerLine(line).level](line);
          const m = installerMilestone(line);
          if (m > reached) {
            reached = m;
            ctx.progress({ current: m, max, label: line.trim() });
          }
        },
      });
    } catch (error) {
      if (!(error instanceof NgtError)) throw error;
      // Link lost, timeout: say where it stopped and what was left behind.
      return {
        status: 'fail',
        code: error.code,
        summary: t('linuxJob.install.interrupted', { ...p, message: error.message }),
        detail: t('linuxJob.install.stoppedAt', { ...p, last: lastLine || '-', reached, max }),
        remediation: `${error.remediation ?? ''} ${t('linuxJob.install.interruptedRemediation', p)}`.trim(),
        data: { stagingPath: state.stagingPath, lastLine, milestonesReached: reached, milestones: max },
      };
    }
    const said = summariseInstallerOutput(lines);
    if (result.code === 1 && said.alreadyInstalled !== undefined) {
      state.installSucceeded = true;
      return {
        status: 'ok',
        summary: t('linuxJob.install.alreadyInstalled', { ...p, version: said.alreadyInstalled }),
        data: { exitCode: 1, alreadyInstalled: said.alreadyInstalled, milestonesReached: reached, milestones: max },
      };
    }
    if (result.code === 0) {
      state.installSucceeded = true;
      ctx.progress({ current: max, max });
      if (said.failedToStart.length > 0) {
        state.agentLogHint = said.logPointers[0];
        return warn(
          'LINUX_NGT_SERVICE_FAILED_TO_START',
          'install.failedToStart',
          { ...p, services: said.failedToStart.join(', '), log: said.logPointers[0] ?? '-' },
          { data: { exitCode: 0, failedToStart: said.failedToStart, logPointers: said.logPointers } },
        );
      }
      return {
        status: 'ok',
        summary: t('linuxJob.install.ok', p),
        data: { exitCode: 0, milestonesReached: reached, milestones: max },
      };
    }
    let logFile: string | undefined;
    let logTail: string | undefined;
    try {
      const tail = await session().runScript(INSTALL_LOG_TAIL_SCRIPT, {
        args: [String(LOG_TAIL_LINES)],
        sudo: state.sudo,
        timeoutMs: 30_000,
      });
      if (tail.code === 0) {
        const [firstLine, ...rest] = tail.stdout.replace(/\n$/, '').split('\n');
        logFile = firstLine;
        logTail = rest.join('\n');
      }
    } catch (error) {
      ctx.log.warn(error instanceof Error ? error.message : String(error));
    }
    const detailParts = [t('linuxJob.install.lastOutput'), ...lines.slice(-15)];
    if (logFile)
      detailParts.push('', t('linuxJob.install.logTail', { file: logFile, lines: LOG_TAIL_LINES }), logTail ?? '');
    return fail(
      'LINUX_INSTALLER_FAILED',
      'install.failed',
      { ...p, code: String(result.code ?? result.signal ?? '?'), last: lastLine || '-' },
      {
        detail: detailParts.join('\n'),
        data: { exitCode: result.code, stagingPath: state.stagingPath, logFile, logTail, lastLine },
      },
    );
  });
}
