/** The fleet runner's vocabulary: hosts, their job port, prompts, results. Types and constants only. */
import type { HostOs } from './inventory/inventoryModel';
import type { Report } from '../engine/types';
import type { SupportDecision } from '../linux/prepareProbe';

export type HostResult = 'ok' | 'warn' | 'failed' | 'cancelled' | 'skipped';
export type FleetResult = 'ok' | 'warn' | 'failed' | 'cancelled';
export type FleetPhase = 'prepare' | 'install' | 'verify' | 'all';
export type Readiness =
  | 'will-patch'
  | 'will-install'
  | 'already-done'
  | 'cannot'
  | 'cancelled'
  /** Windows: the outside-in probe of WinRM HTTPS passed (ok or warn) / failed. */
  | 'winrm-ready'
  | 'winrm-not-ready';

export interface FleetHost {
  name: string;
  address: string;
  os?: HostOs;
  /** The inventory's port: for a Windows host, its WinRM HTTPS port (Ansible's ansible_port; 5986 when absent). */
  port?: number;
}

/**
 * How the install pass reaches a host when the fleet pushes through Prism Central
 * (`fleet install --pc-push`): NGT Prep's own SSH install, the same because the NGT
 * installer does not name the host's distribution (its report says so), or Prism Central's push.
 */
export type InstallWay = 'ssh' | 'ssh-installer-does-not-name' | 'prism-central';

export interface HostKeySeen {
  keyType: string;
  fingerprint: string;
  /** The key is a ProxyJump bastion's on the way to the host, not the host's own. */
  jump?: { host: string; port: number };
}

/** How a bastion's key trusted in the bulk confirmation is named to a host job. */
export function jumpKeyId(jump: { host: string; port: number }, fingerprint: string): string {
  return `${jump.host}:${jump.port} ${fingerprint}`;
}

export interface HostJobRequest {
  phase: FleetPhase;
  dryRun: boolean;
  /** A fingerprint confirmed for this host (bulk confirmation or --fingerprint). */
  fingerprint?: string;
  /** Bastion keys confirmed in the bulk confirmation (jumpKeyId): the job trusts them on the way. */
  trustedJumpKeys?: readonly string[];
  /** Answers the job's plan confirmation from the sha256 of the factory it is about to patch. */
  confirmPlan: (factorySha256: string | undefined) => boolean;
  /** The job met a host key known_hosts does not hold, and refused it. */
  onUnknownHostKey: (key: HostKeySeen) => void;
  /** A later pass of this run will go on from this one: leave its session open (HostJobOutcome.resume). */
  keep?: boolean;
  /** Go on from this earlier pass of the host (its prepare is not run again), when the port still can. */
  resumeFrom?: HostResume;
  /** The install pass's way, when the fleet pushes through Prism Central (absent: the SSH way, unsaid). */
  way?: InstallWay;
  /** The host's prepare pass, for a port that goes on from its report (the push replays its steps). */
  prepared?: HostJobOutcome;
}

/** What a pass left open for the next one (the SSH session, the ISO mount). */
export interface HostResume {
  /** Closes it when no pass will use it; idempotent, and a no-op once a pass went on from it. */
  release(): Promise<void>;
}

export interface HostJobOutcome {
  report: Report;
  factorySha256?: string;
  /** The diff the plan showed ('' when no patch is needed). */
  diff?: string;
  /** NGT of the ISO's version or newer is already installed: nothing to install. */
  alreadyDone?: boolean;
  /** What the prepare decided of the host's distribution (linux/prepareProbe.ts decideSupport). */
  supportDecision?: SupportDecision['kind'];
  /** ngt_uuid of the installed ngt_config.json, when there is one. */
  ngtUuid?: string;
  /** The ISO's installer_factory.py as the prepare pass read it, and the patcher's output for it (the Ansible export). */
  factorySource?: string;
  patchedFactory?: string;
  /** The host key the connect step verified. */
  hostKey?: { type: string; blob: Buffer };
  /** Present when the request asked to keep the pass open and the host can go on to install. */
  resume?: HostResume;
}

export interface HostJobHandle {
  done: Promise<HostJobOutcome>;
  cancel(): void;
}

export type HostJobPort = (host: FleetHost, request: HostJobRequest) => HostJobHandle;

export interface UnknownHostKey extends HostKeySeen {
  host: string;
  address: string;
}

export interface DiffGroup {
  factorySha256: string;
  diff: string;
  hosts: string[];
}

export interface ReadinessRow {
  host: string;
  address: string;
  readiness: Readiness;
  /** For `cannot`: the failing step's code and summary. */
  code?: string;
  reason?: string;
  factorySha256?: string;
}

export interface CloneFinding {
  ngtUuid: string;
  hosts: string[];
}

export interface FleetPrompts {
  /** All unknown keys at once; true trusts exactly these fingerprints. */
  confirmHostKeys(keys: UnknownHostKey[]): Promise<boolean>;
  /** One distinct installer_factory.py diff and the hosts that share it. */
  approveDiff(group: DiffGroup): Promise<boolean>;
  showReadiness?(rows: ReadinessRow[], clones: CloneFinding[]): void;
}

export interface HostRun {
  name: string;
  address: string;
  os: HostOs;
  result: HostResult;
  /** Why, for failed / skipped / cancelled hosts. */
  code?: string;
  reason?: string;
  readiness?: Readiness;
  factorySha256?: string;
  ngtUuid?: string;
  /** The host's last job report (the install pass's, else the prepare pass's). */
  report?: Report;
  durationMs: number;
}

export interface FleetRun {
  startedAt: Date;
  finishedAt: Date;
  phase: FleetPhase;
  dryRun: boolean;
  result: FleetResult;
  hosts: HostRun[];
  readiness: ReadinessRow[];
  diffGroups: DiffGroup[];
  clones: CloneFinding[];
  unknownHostKeys: UnknownHostKey[];
}

export interface FleetRunnerOptions {
  startJob: HostJobPort;
  /** Windows hosts: their readiness probe (windowsHostJob.ts), in the prepare pass; without it they are skipped. */
  probeWindows?: HostJobPort;
  prompts: FleetPrompts;
  forks?: number;
  hostTimeoutMs?: number;
  phase?: FleetPhase;
  dryRun?: boolean;
  /** Per-host fingerprints given up front (--fingerprint NAME=SHA256:…). */
  fingerprints?: Record<string, string>;
  now?: () => Date;
  onHost?: (host: HostRun, pass: 'prepare' | 'install') => void;
  /**
   * `fleet install --pc-push`: the Prism Central push (pcPushHostJob.ts) and the way each host
   * goes once prepared (pushRouting.ts). Windows hosts whose probe passed are asked too.
   */
  push?: { port: HostJobPort; wayOf: (host: FleetHost, prepared: HostJobOutcome | undefined) => InstallWay };
}

export const DEFAULT_FORKS = 10;

export const FLEET_CODES = {
  timeout: 'FLEET_HOST_TIMEOUT',
  cancelled: 'CANCELLED',
  windows: 'FLEET_WINDOWS_NOT_RUN',
  diffDeclined: 'FLEET_DIFF_DECLINED',
  factoryChanged: 'FLEET_FACTORY_CHANGED',
  hostKeysDeclined: 'FLEET_HOST_KEYS_DECLINED',
} as const;
