/**
 * The fleet's HostJobPort for Linux hosts: the single-VM job
 * (createLinuxInstallJob) run by the engine (startJob), one per host and
 * pass. Its prompts are answered for the fleet: an unknown host key is handed
 * to the runner (for the bulk confirmation) and refused for now; the plan is
 * accepted only when the factory's sha256 is the one whose diff was approved.
 *
 * A prepare pass asked to `keep` leaves its SSH session (and the ISO mount)
 * open when the host can go on; the install pass then resumes from it
 * (resumedPrepare.ts: the prepare replayed, the factory's sha256 re-read) —
 * one handshake and one probe per host instead of two. A session that died
 * meanwhile is not resumed: the whole job runs again, as without keep.
 */

import type { JobDefinition, StepLogger } from '../engine/job';
import type { RunJobOptions } from '../engine/runJob';
import { startJob } from '../engine/runJob';
import type { JobEvent, PromptAnswer, PromptRequest } from '../engine/types';
import type { LinuxInstallParams } from '../linux/installParams';
import { createLinuxInstallJob, type LinuxInstallDeps } from '../linux/linuxInstallJob';
import type { LinuxInstallState } from '../linux/steps/linuxJobState';
import {
  jumpKeyId,
  type FleetHost,
  type HostJobHandle,
  type HostJobPort,
  type HostJobRequest,
  type HostResume,
} from './fleetTypes';
import { sha256Hex } from '../linux/installerFactory/factoryDigest';
import { approvedPlanStep, replayedSteps, type PreparedPass } from './resumedPrepare';

export interface LinuxFleetHostConfig {
  /** Everything but phase and dry run, which each pass decides. */
  params: Omit<LinuxInstallParams, 'phase' | 'dryRun'>;
  connect?: LinuxInstallDeps['connect'];
}

export interface LinuxHostJobOptions {
  configFor: (host: FleetHost) => LinuxFleetHostConfig;
  knownHostsPath: string;
  acceptNew: boolean;
  engine: Omit<RunJobOptions, 'onEvent' | 'answerPrompt' | 'jobId'>;
  ssh?: LinuxInstallDeps['ssh'];
  onEvent?: (host: FleetHost, event: JobEvent) => void;
  /** A bastion's unknown key goes to the bulk confirmation too (the board); absent, it is refused (the CLI). */
  jumpKeysInBulk?: boolean;
  /** Prism Central's trust file, for hosts whose params ask it for Communication Link Active. */
  prismCentral?: LinuxInstallDeps['prismCentral'];
}

/** A prepare pass left open: its state (session, facts, plan) and what it recorded. */
interface KeptPass extends PreparedPass {
  state: LinuxInstallState;
  cleanup: NonNullable<JobDefinition<LinuxInstallState>['cleanup']>;
  /** Released, or taken over by a pass that went on from it. */
  settled: boolean;
}

/** Log lines of a release after the job ended have no job to go to. */
const quietLog: StepLogger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

/** The prepare pass got as far as a plan and its session is up: an install pass can go on from it. */
function canGoOn(state: LinuxInstallState): boolean {
  return state.stagingPath !== undefined && state.session?.alive === true;
}

/** The id of the step that says why a host of a Prism Central push goes the SSH way. */
export const SSH_WAY_STEP_ID = 'install-way';

/**
 * In a fleet that pushes through Prism Central, a host whose distribution the NGT installer
 * does not name (it needs NGT Prep's patch) is installed over SSH; its report says so, first
 * of its install steps.
 */
function insertSshWayStep(definition: JobDefinition<LinuxInstallState>, t: RunJobOptions['t']): void {
  const at = definition.steps.findIndex((s) => s.phase !== 'prepare');
  definition.steps.splice(at < 0 ? definition.steps.length : at, 0, {
    id: SSH_WAY_STEP_ID,
    phase: 'install',
    title: t('fleetRun.push.steps.sshWay'),
    run: async (ctx) => ({
      status: 'ok',
      summary: t('fleetRun.push.sshWay', { distribution: ctx.state.distribution ?? '?' }),
      data: { way: 'ssh', reason: 'installer-does-not-name', distribution: ctx.state.distribution ?? null },
    }),
  });
}

export function linuxHostJobPort(options: LinuxHostJobOptions): HostJobPort {
  const kept = new WeakMap<HostResume, KeptPass>();
  const release = async (pass: KeptPass) => {
    if (pass.settled) return;
    pass.settled = true;
    await pass.cleanup(pass.state, quietLog);
  };
  return (host: FleetHost, request: HostJobRequest): HostJobHandle => {
    const config = options.configFor(host);
    const from = request.resumeFrom ? kept.get(request.resumeFrom) : undefined;
    const installs = !request.dryRun && request.phase !== 'prepare' && request.phase !== 'verify';
    const resume = from && !from.settled && installs && canGoOn(from.state) ? from : undefined;
    if (from && !resume) void release(from).catch(() => undefined);
    if (resume) resume.settled = true;
    const definition = createLinuxInstallJob(
      { ...config.params, phase: request.phase, dryRun: request.dryRun },
      {
        t: options.engine.t,
        // The fleet answers host-key prompts itself (collected for one confirmation).
        interactive: true,
        askJumpHostKeys: options.jumpKeysInBulk === true,
        hostKeyPolicy: {
          knownHostsPath: options.knownHostsPath,
          acceptNew: options.acceptNew && request.fingerprint === undefined,
          fingerprint: request.fingerprint,
        },
        connect: config.connect,
        ssh: options.ssh,
        prismCentral: options.prismCentral,
        resume: resume && {
          state: resume.state,
          prepareSteps: (kit) => [...replayedSteps(resume), approvedPlanStep(kit, options.engine.t, resume)],
        },
      },
    );
    if (request.way === 'ssh-installer-does-not-name') insertSshWayStep(definition, options.engine.t);
    // Kept open: the cleanup (unmount, close) waits for the install pass or for release().
    const cleanup = definition.cleanup!;
    let held: LinuxInstallState | undefined;
    if (request.keep)
      definition.cleanup = async (st, log) => {
        if (canGoOn(st)) held = st;
        else await cleanup(st, log);
      };
    const factorySha = (): string | undefined => {
      const source = definition.state.facts?.iso.factorySource;
      return source === undefined ? undefined : sha256Hex(source);
    };
    const answerPrompt = async (prompt: PromptRequest): Promise<PromptAnswer> => {
      if (prompt.kind === 'host-key') {
        const isTarget = prompt.host === config.params.host && prompt.port === (config.params.port ?? 22);
        if (!isTarget) {
          // A bastion on the way: trusted in the bulk confirmation, or listed for it.
          const jump = { host: prompt.host, port: prompt.port };
          if (request.trustedJumpKeys?.includes(jumpKeyId(jump, prompt.fingerprint))) return { accept: true };
          request.onUnknownHostKey({ keyType: prompt.keyType, fingerprint: prompt.fingerprint, jump });
          return { accept: false };
        }
        request.onUnknownHostKey({ keyType: prompt.keyType, fingerprint: prompt.fingerprint });
        return { accept: false };
      }
      return { accept: request.confirmPlan(factorySha()) };
    };
    const handle = startJob(definition, {
      ...options.engine,
      answerPrompt,
      onEvent: options.onEvent ? (event) => options.onEvent!(host, event) : undefined,
    });
    const done = handle.done.then((report) => {
      const plan = report.steps.find((s) => s.id === 'plan');
      const diff = typeof plan?.data?.diff === 'string' ? plan.data.diff : undefined;
      const state = definition.state;
      let resumeToken: HostResume | undefined;
      if (held) {
        const token: HostResume = { release: () => release(pass) };
        const pass: KeptPass = {
          state: held,
          cleanup,
          settled: false,
          steps: definition.steps,
          reportSteps: report.steps,
          factorySha256: factorySha(),
        };
        kept.set(token, pass);
        resumeToken = token;
      }
      return {
        report,
        factorySha256: factorySha(),
        diff,
        alreadyDone: state.skipInstall !== undefined,
        supportDecision: state.decision?.kind,
        ngtUuid: state.verify?.config?.ngtUuid ?? state.facts?.installed?.config?.ngtUuid,
        factorySource: state.facts?.iso.factorySource,
        patchedFactory: state.decision?.kind === 'supported-after-patch' ? state.decision.plan.patched : undefined,
        hostKey: state.session ? { type: state.session.hostKey.type, blob: state.session.hostKey.blob } : undefined,
        resume: resumeToken,
      };
    });
    return { done, cancel: () => handle.cancel() };
  };
}
