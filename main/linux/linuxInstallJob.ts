/**
 * The Linux capability as one job: connect over SSH, find out everything that
 * matters in a handful of round trips, show the plan (staging folder and the
 * diff of installer_factory.py), copy the ISO tree, patch and prove the copy,
 * run the NGT installer as root with its output streamed live, and verify.
 * Each step is a factory in steps/ (sharing steps/stepKit.ts and the state
 * in steps/linuxJobState.ts); this file only chooses and orders them.
 *
 * Every value a person gives reaches the VM as a positional parameter of a
 * fixed script (remoteScripts.ts) or as one element of an argv that
 * SshSession quotes with shJoin: nothing is spliced into shell text.
 */
import type { JobDefinition, StepDefinition, Translate } from '../engine/job';
import type { LinuxInstallParams } from './installParams';
import type { SudoMode } from './ssh/sshSession';
import { cleanStagingStep } from './steps/cleanStagingStep';
import { clusterSideStep } from './steps/clusterSideStep';
import { clusterStep, verifyClusterStep } from './steps/clusterReachabilitySteps';
import { connectStep, type LinuxConnectDeps } from './steps/connectStep';
import { distributionStep } from './steps/distributionStep';
import { existingNgtStep } from './steps/existingNgtStep';
import { hostStep } from './steps/hostStep';
import { isoStep } from './steps/isoStep';
import { linuxJobCleanup } from './steps/linuxJobCleanup';
import type { LinuxInstallState } from './steps/linuxJobState';
import { planStep } from './steps/planStep';
import { prismCentralLinkStep, type LinuxPrismCentralDeps } from './steps/prismCentralLinkStep';
import { prerequisitesStep } from './steps/prerequisitesStep';
import { privilegesStep } from './steps/privilegesStep';
import { provePatchStep } from './steps/provePatchStep';
import { pythonStep } from './steps/pythonStep';
import { removeSteps } from './steps/removeSteps';
import { restartAgentStep } from './steps/restartAgentStep';
import { runInstallerStep } from './steps/runInstallerStep';
import { stageStep } from './steps/stageStep';
import { createLinuxStepKit, type LinuxStepKit } from './steps/stepKit';
import { verifyFactsReader } from './steps/verifyFacts';
import { verifyInstallStep } from './steps/verifyInstallStep';
import { verifyServicesStep } from './steps/verifyServicesStep';

export interface LinuxInstallDeps extends LinuxConnectDeps {
  t: Translate;
  /** Clock for the staging folder's name (default: the engine's clock). */
  now?: () => Date;
  /** Where Prism Central's certificates are pinned, when params.prismCentral asks it for the link. */
  prismCentral?: LinuxPrismCentralDeps;
  /**
   * The fleet's install pass after its own prepare pass of this host: the state that pass
   * left (its SSH session still open) and the steps that stand for connect and prepare
   * (main/fleet/resumedPrepare.ts), which then do not run again.
   */
  resume?: {
    state: LinuxInstallState;
    prepareSteps: (kit: LinuxStepKit) => StepDefinition<LinuxInstallState>[];
  };
}

function sudoModeFor(params: LinuxInstallParams): SudoMode {
  if (params.username === 'root') return { kind: 'none' };
  // No sudo for this user, but root's password was given: `su -` (see ssh/remoteCommand.ts).
  if (params.suPassword !== undefined) return { kind: 'su', password: params.suPassword };
  // Most sudo users type their login password: use it unless another was given.
  const password = params.sudoPassword ?? (params.auth.kind === 'password' ? params.auth.password : undefined);
  return { kind: 'sudo', password };
}

export function createLinuxInstallJob(
  params: LinuxInstallParams,
  deps: LinuxInstallDeps,
): JobDefinition<LinuxInstallState> {
  return buildLinuxJob(params, deps, 'install');
}

/** "Remove NGT" over the same connection handling (steps/removeSteps.ts); `dryRun` shows the plan only. */
export function createLinuxRemoveJob(
  params: LinuxInstallParams,
  deps: LinuxInstallDeps,
): JobDefinition<LinuxInstallState> {
  return buildLinuxJob(params, deps, 'remove');
}

/**
 * The clone repair's guest side over the same connection handling: connect, restart the guest
 * agent, and read whether its ngt_uuid is still `sharedUuid` (steps/restartAgentStep.ts).
 */
export function createLinuxAgentRestartJob(
  params: LinuxInstallParams,
  deps: LinuxInstallDeps,
  sharedUuid: string,
): JobDefinition<LinuxInstallState> {
  return buildLinuxJob(params, deps, 'restart-agent', sharedUuid);
}

function buildLinuxJob(
  params: LinuxInstallParams,
  deps: LinuxInstallDeps,
  operation: 'install' | 'remove' | 'restart-agent',
  sharedUuid = '',
): JobDefinition<LinuxInstallState> {
  const resume = operation === 'install' ? deps.resume : undefined;
  const state: LinuxInstallState = resume?.state ?? { sudo: sudoModeFor(params) };
  const kit = createLinuxStepKit(params, deps.t, state);
  const phase = params.phase ?? 'all';
  const withPrepare = phase !== 'verify';
  const withInstall = !params.dryRun && (phase === 'install' || phase === 'all');
  const withVerify = !params.dryRun && (phase === 'verify' || phase === 'all');

  const steps: StepDefinition<LinuxInstallState>[] = resume ? resume.prepareSteps(kit) : [connectStep(kit, deps)];
  if (operation === 'remove') steps.push(...removeSteps(kit, { dryRun: params.dryRun === true }));
  else if (operation === 'restart-agent') steps.push(restartAgentStep(kit, sharedUuid));
  else if (withPrepare && !resume) {
    steps.push(
      hostStep(kit),
      privilegesStep(kit),
      pythonStep(kit),
      prerequisitesStep(kit),
      isoStep(kit),
      existingNgtStep(kit),
      clusterStep(kit),
      distributionStep(kit),
      planStep(kit, { willInstall: withInstall, now: deps.now }),
    );
  }
  if (operation === 'install') {
    if (withInstall) steps.push(stageStep(kit), provePatchStep(kit), runInstallerStep(kit));
    const verifyFacts = verifyFactsReader(kit);
    if (withVerify)
      steps.push(
        verifyServicesStep(kit, verifyFacts),
        verifyInstallStep(kit, verifyFacts),
        verifyClusterStep(kit, verifyFacts),
        params.prismCentral && deps.prismCentral
          ? prismCentralLinkStep(kit, verifyFacts, deps.prismCentral)
          : clusterSideStep(kit, verifyFacts),
      );
    if (withInstall && withVerify) steps.push(cleanStagingStep(kit));
  }

  return {
    kind: operation === 'install' ? 'linux-install' : `linux-${operation}`,
    target: kit.target,
    state,
    steps,
    secrets: [
      params.auth.kind === 'password' ? params.auth.password : undefined,
      params.auth.kind === 'key' ? params.auth.passphrase : undefined,
      params.sudoPassword,
      params.suPassword,
      params.prismCentral?.password,
    ],
    cleanup: linuxJobCleanup(deps.t),
  };
}
