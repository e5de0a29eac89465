/**
 * The guest side of the clone repair for a Linux host the fleet reached over
 * SSH: the single-VM Linux job's connect step and the restart-agent step
 * (createLinuxAgentRestartJob) with the host's own fleet configuration (its
 * address, login, ProxyJump and sudo as the run used them) and the fleet's
 * host-key policy, pinned to the key this run already verified for the host.
 * The run's sessions are closed by the time its health is reported (the
 * install pass's cleanup closes them, FleetRunner releases what a prepare
 * kept), so this is one more connection through the same code, never a new
 * connection path. Whatever happens, a result with a code.
 */
import type { RunJobOptions } from '../../engine/runJob';
import { startJob } from '../../engine/runJob';
import type { Report } from '../../engine/types';
import { createLinuxAgentRestartJob, type LinuxInstallDeps } from '../../linux/linuxInstallJob';
import type { LinuxFleetHostConfig } from '../linuxHostJob';

export interface AgentRestartResult {
  ok: boolean;
  code?: string;
  summary: string;
  remediation?: string;
  /** The ngt_uuid the installed ngt_config.json carries afterwards. */
  ngtUuid?: string;
  /** How the agent was restarted: systemd, init-script, pid-file (none when it was not found). */
  method?: string;
}

export type AgentRestarter = (host: string, sharedUuid: string) => Promise<AgentRestartResult>;

export interface CloneAgentRestartOptions {
  configFor: (host: string) => LinuxFleetHostConfig | undefined;
  knownHostsPath: string;
  /** The host key each host showed in this run (its connect step), pinned for this connection. */
  fingerprintOf: (host: string) => string | undefined;
  engine: Omit<RunJobOptions, 'onEvent' | 'answerPrompt' | 'jobId'>;
  ssh?: LinuxInstallDeps['ssh'];
  /** Cancels a restart under way (the CLI's Ctrl-C); one not started yet is not started. */
  signal?: AbortSignal;
}

/** The connect step's fingerprint in a host's report: the key the fleet verified (known_hosts, accepted or pinned). */
export function verifiedFingerprint(report: Report | undefined): string | undefined {
  const key = report?.steps.find((s) => s.id === 'connect' && s.status === 'ok')?.data?.hostKey as
    { fingerprint?: unknown } | undefined;
  return typeof key?.fingerprint === 'string' ? key.fingerprint : undefined;
}

export function resultOfRestartReport(report: Report): AgentRestartResult {
  const step = report.steps.find((s) => s.id === 'restart-agent' && s.status !== 'skipped');
  const failed = report.steps.find((s) => s.status === 'fail');
  const chosen = step ?? failed;
  if (!chosen)
    return report.result === 'cancelled'
      ? { ok: false, code: 'CANCELLED', summary: report.result }
      : { ok: false, code: 'LINUX_AGENT_RESTART_FAILED', summary: report.result };
  const data = chosen.data ?? {};
  return {
    ok: chosen.status === 'ok',
    ...(chosen.code ? { code: chosen.code } : {}),
    summary: chosen.summary,
    ...(chosen.remediation ? { remediation: chosen.remediation } : {}),
    ...(typeof data.ngtUuidAfter === 'string' ? { ngtUuid: data.ngtUuidAfter } : {}),
    ...(typeof data.method === 'string' ? { method: data.method } : {}),
  };
}

export function cloneAgentRestarter(options: CloneAgentRestartOptions): AgentRestarter {
  const { t } = options.engine;
  return async (host, sharedUuid) => {
    if (options.signal?.aborted)
      return { ok: false, code: 'CANCELLED', summary: t('clusterHealth.clone.cancelled', { host }) };
    const config = options.configFor(host);
    if (!config)
      return {
        ok: false,
        code: 'CLONE_NOT_REACHED',
        summary: t('clusterHealth.clone.notReached', { host }),
        remediation: t('clusterHealth.clone.restartByHand', { hosts: host }),
      };
    const definition = createLinuxAgentRestartJob(
      { ...config.params, phase: 'install', dryRun: false },
      {
        t,
        // Nobody to ask: a key other than the one this run verified is refused.
        interactive: false,
        hostKeyPolicy: {
          knownHostsPath: options.knownHostsPath,
          acceptNew: false,
          fingerprint: options.fingerprintOf(host),
        },
        connect: config.connect,
        ssh: options.ssh,
      },
      sharedUuid,
    );
    const handle = startJob(definition, options.engine);
    const cancel = () => handle.cancel();
    options.signal?.addEventListener('abort', cancel, { once: true });
    try {
      return resultOfRestartReport(await handle.done);
    } finally {
      options.signal?.removeEventListener('abort', cancel);
    }
  };
}
