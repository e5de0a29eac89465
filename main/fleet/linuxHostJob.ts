/**
 * The fleet's HostJobPort for Linux hosts: the single-VM job
 * (createLinuxInstallJob) run by the engine (startJob), one per host and
 * pass. Its prompts are answered for the fleet: an unknown host key is handed
 * to the runner (for the bulk confirmation) and refused for now; the plan is
 * accepted only when the factory's sha256 is the one whose diff was approved.
 */
import { createHash } from 'node:crypto';

import type { RunJobOptions } from '../engine/runJob';
import { startJob } from '../engine/runJob';
import type { JobEvent, PromptAnswer, PromptRequest } from '../engine/types';
import type { LinuxInstallParams } from '../linux/installParams';
import { createLinuxInstallJob, type LinuxInstallDeps } from '../linux/linuxInstallJob';
import type { FleetHost, HostJobHandle, HostJobPort, HostJobRequest } from './fleetTypes';

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
  /** Prism Central's trust file, for hosts whose params ask it for Communication Link Active. */
  prismCentral?: LinuxInstallDeps['prismCentral'];
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(Buffer.from(text, 'utf8')).digest('hex');
}

export function linuxHostJobPort(options: LinuxHostJobOptions): HostJobPort {
  return (host: FleetHost, request: HostJobRequest): HostJobHandle => {
    const config = options.configFor(host);
    const definition = createLinuxInstallJob(
      { ...config.params, phase: request.phase, dryRun: request.dryRun },
      {
        t: options.engine.t,
        // The fleet answers host-key prompts itself (collected for one confirmation).
        interactive: true,
        hostKeyPolicy: {
          knownHostsPath: options.knownHostsPath,
          acceptNew: options.acceptNew && request.fingerprint === undefined,
          fingerprint: request.fingerprint,
        },
        connect: config.connect,
        ssh: options.ssh,
        prismCentral: options.prismCentral,
      },
    );
    const factorySha = (): string | undefined => {
      const source = definition.state.facts?.iso.factorySource;
      return source === undefined ? undefined : sha256Hex(source);
    };
    const answerPrompt = async (prompt: PromptRequest): Promise<PromptAnswer> => {
      if (prompt.kind === 'host-key') {
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
      return {
        report,
        factorySha256: factorySha(),
        diff,
        alreadyDone: state.skipInstall !== undefined,
        ngtUuid: state.verify?.config?.ngtUuid ?? state.facts?.installed?.config?.ngtUuid,
        factorySource: state.facts?.iso.factorySource,
        patchedFactory: state.decision?.kind === 'supported-after-patch' ? state.decision.plan.patched : undefined,
        hostKey: state.session ? { type: state.session.hostKey.type, blob: state.session.hostKey.blob } : undefined,
      };
    });
    return { done, cancel: () => handle.cancel() };
  };
}
