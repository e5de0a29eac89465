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
import { createPcPushJob } from '../cluster/prismCentral/pcPushJob';
import { createPcVmsJob } from '../cluster/prismCentral/pcVmsJob';
import { defaultTrustFile, TrustStore } from '../cluster/prismCentral/trustStore';
import type { PcPushWizardParams, PcVmsParams } from '../cluster/prismCentral/pcWizardParams';
import { createFleetJob, createFleetRetryJob, type FleetJobDeps, type FleetSessions } from '../fleet/fleetJob';
import { createFleetPcHostsJob } from '../fleet/fleetPrismCentralSource';
import { TOOL } from '../app/toolInfo';
import { unbracketHost } from '../engine/network';

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
  /** The Prism Central trust file (--trusted-certificates); default: the app data directory's. */
  pcTrustFile?: string;
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
        prismCentral: {
          trustFile: pcTrustFile(context),
        },
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
    case 'pc-vms':
      // The wizard asks about a first-seen certificate; a changed one is refused without a question.
      return createPcVmsJob(
        { connect: pcConnect(request.params, context), filter: request.params.filter || undefined },
        { t: context.t, askNewCertificate: true },
      );
    case 'pc-push':
      return createPcPushJob(
        {
          connect: pcConnect(request.params, context),
          vms: request.params.vms,
          guest: request.params.guest,
          reboot: request.params.reboot,
          waitReachableMs: request.params.waitReachableSeconds * 1000,
          taskTimeoutMs: PC_TASK_TIMEOUT_MS,
          pollIntervalMs: PC_POLL_INTERVAL_MS,
        },
        { t: context.t, askNewCertificate: true },
      );
    case 'fleet':
      return createFleetJob(request.params, fleetDeps(context));
    case 'fleet-retry':
      return createFleetRetryJob(request.params.retryOf, fleetDeps(context));
    case 'fleet-pc-hosts': {
      // The board's Prism Central source, checked as the board checks an inventory (fleet:check).
      const deps = fleetDeps(context);
      return createFleetPcHostsJob(request.params, {
        t: context.t,
        prismCentral: deps.prismCentral!,
        inventory: {
          t: context.t,
          environment: context.ports.environment,
          readFile: (p) => context.ports.fs.readFile(p),
          knownHostsPath: deps.knownHostsPath,
        },
      });
    }
  }
}

/** How long the wizard follows one Prism Central task, and how often it reads it (as `pc push` does by default). */
const PC_TASK_TIMEOUT_MS = 30 * 60_000;
const PC_POLL_INTERVAL_MS = 2000;

/** Prism Central as the wizard names it; the certificates pinned in the app data directory's trust file. */
function pcConnect(
  params: Pick<PcVmsParams | PcPushWizardParams, 'host' | 'port' | 'username' | 'password'>,
  context: JobFactoryContext,
) {
  const password = params.password;
  return {
    endpoint: { host: unbracketHost(params.host), port: params.port },
    username: params.username,
    password: () => password,
    trustStore: new TrustStore(pcTrustFile(context), context.t),
    acceptNew: false,
  };
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
    prismCentral: { connect: (account) => pcConnect(account, context), trustFile: pcTrustFile(context) },
  };
}

function windowsDeps(context: JobFactoryContext): WindowsJobDeps {
  return { t: context.t, ports: context.ports, scriptsDir: windowsScriptsDir(), ...context.windows };
}

/** One Prism Central trust file for every job: --trusted-certificates, else the app data directory's. */
function pcTrustFile(context: JobFactoryContext): string {
  return context.pcTrustFile ?? defaultTrustFile(context.ports.environment.appDataDir);
}
