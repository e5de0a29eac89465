/**
 * Turns a validated job request into a job definition. The one place that
 * knows which capability builds which kind of job; used by the Electron
 * shell, the browser host and the CLI alike.
 */
import type { JobDefinition, Translate } from '../engine/job';
import type { Ports } from '../engine/ports';
import type { PromptAnswer, PromptRequest } from '../engine/types';
import { createDoctorJob } from '../doctor/doctorJob';
import { createLinuxInstallJob, createLinuxRemoveJob, type LinuxInstallDeps } from '../linux/linuxInstallJob';
import { defaultKnownHostsPath } from '../linux/ssh/hostKeyPolicy';
import type { JobStartParsed } from '../ipc/contract';
import { createWinRmProbeJob } from '../windows/probe/winrmProbeJob';
import {
  createWindowsApplyJob,
  createWindowsCheckJob,
  createWindowsRollbackJob,
  createWindowsVerifyJob,
  type WindowsJobDeps,
} from '../windows/windowsJobs';
import { windowsScriptsDir } from '../platform/assets';
import { createFleetJob, createFleetRetryJob, type FleetJobDeps, type FleetSessions } from '../fleet/fleetJob';
import { TOOL } from '../app/toolInfo';

export interface JobFactoryContext {
  t: Translate;
  ports: Ports;
  lang: string;
  /** Trust-on-first-use and fingerprint pinning for the CLI; the wizard asks instead. */
  hostKeyPolicy?: { acceptNew?: boolean; fingerprint?: string; knownHostsPath?: string };
  /** The CLI's SSH connection through the ProxyJump bastions of ~/.ssh/config; a direct connection otherwise. */
  sshConnect?: LinuxInstallDeps['connect'];
  ask?: (prompt: PromptRequest) => Promise<PromptAnswer>;
  /** Tests inject a stand-in PowerShell here. */
  windows?: Partial<WindowsJobDeps>;
  /** The wizard's fleets (retry, cancel one host, the fleet report); the fleet kinds need it. */
  fleetSessions?: FleetSessions;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyJobDefinition = JobDefinition<any>;

export function createJobDefinition(request: JobStartParsed, context: JobFactoryContext): AnyJobDefinition {
  switch (request.kind) {
    case 'doctor':
      return createDoctorJob(context.t);
    case 'linux-install':
    case 'linux-remove':
      // Without a host-key policy (the wizard) an unknown key is asked about; the CLI passes its flags.
      return (request.kind === 'linux-remove' ? createLinuxRemoveJob : createLinuxInstallJob)(request.params, {
        t: context.t,
        interactive: context.hostKeyPolicy === undefined,
        hostKeyPolicy: {
          acceptNew: context.hostKeyPolicy?.acceptNew,
          fingerprint: context.hostKeyPolicy?.fingerprint,
          knownHostsPath:
            context.hostKeyPolicy?.knownHostsPath ?? defaultKnownHostsPath(context.ports.environment.homedir),
        },
        connect: context.sshConnect,
      });
    case 'probe-winrm':
      // The one timeout bounds the connection steps and the requests alike (the CLI's --timeout).
      return createWinRmProbeJob(request.params, { t: context.t, connectTimeoutMs: request.params.timeoutMs });
    case 'windows-check':
      return createWindowsCheckJob(windowsDeps(context));
    case 'windows-apply':
      return createWindowsApplyJob(windowsDeps(context), request.params);
    case 'windows-verify':
      return createWindowsVerifyJob(
        windowsDeps(context),
        request.params.user !== undefined && request.params.password !== undefined
          ? { user: request.params.user, password: request.params.password }
          : undefined,
      );
    case 'windows-rollback':
      return createWindowsRollbackJob(windowsDeps(context));
    case 'fleet':
      return createFleetJob(request.params, fleetDeps(context));
    case 'fleet-retry':
      return createFleetRetryJob(request.params.retryOf, fleetDeps(context));
  }
}

function fleetDeps(context: JobFactoryContext): FleetJobDeps {
  if (!context.fleetSessions) throw new Error('fleet jobs need the fleet sessions of the app');
  return {
    t: context.t,
    ports: context.ports,
    lang: context.lang,
    tool: { name: TOOL.name, version: TOOL.version },
    sessions: context.fleetSessions,
    knownHostsPath: context.hostKeyPolicy?.knownHostsPath ?? defaultKnownHostsPath(context.ports.environment.homedir),
  };
}

function windowsDeps(context: JobFactoryContext): WindowsJobDeps {
  return { t: context.t, ports: context.ports, scriptsDir: windowsScriptsDir(), ...context.windows };
}
