/**
 * What the Linux jobs' steps share: the step ids (in the order the jobs run
 * them) and the state one step leaves for the next (the SSH session, the
 * prepare probe's facts, the plan's decisions).
 */
import type { NgtError } from '../../engine/errors';
import type { DistributionApi } from '../installerFactory/factoryReaders';
import type { InstallerProfile } from '../installerProfile';
import type { HostFacts, PythonChoice, SupportDecision, VerifyFacts } from '../prepareProbe';
import type { SshSession, SudoMode } from '../ssh/sshSession';

export type LinuxStepId =
  | 'connect'
  | 'host'
  | 'privileges'
  | 'python'
  | 'prerequisites'
  | 'iso'
  | 'existing-ngt'
  | 'cluster'
  | 'distribution'
  | 'plan'
  | 'stage'
  | 'prove-patch'
  | 'run-installer'
  | 'verify-services'
  | 'verify-install'
  | 'verify-cluster'
  | 'cluster-side'
  | 'clean-staging'
  | 'remove-plan'
  | 'run-uninstaller'
  | 'remove-leftovers'
  | 'remove-remains'
  | 'restart-agent';

export interface LinuxInstallState {
  session?: SshSession;
  sudo: SudoMode;
  connectStartedAt?: number;
  facts?: HostFacts;
  sudoError?: NgtError;
  api?: DistributionApi | null;
  python?: PythonChoice;
  /** What the installer computes: `linux_distribution()[0].lower()`. */
  distribution?: string;
  decision?: SupportDecision;
  stagingPath?: string;
  /**
   * sha256 of the ISO's installer_factory.py the plan (and its diff) was made
   * from: staging checks the ISO still has it, in the same script that copies.
   */
  planFactorySha256?: string;
  staged?: boolean;
  skipInstall?: string;
  installSucceeded?: boolean;
  mountedIso?: string;
  verify?: VerifyFacts;
  /** What the installer on the ISO needs and how it starts (installerProfile.ts). */
  profile?: InstallerProfile;
  /** argv that starts the installer in the staging copy (shown in the plan). */
  installCommand?: string[];
  /** The agent log the installer pointed to when a service failed to start. */
  agentLogHint?: string;
  /** Round trips and wall time of the prepare phase (also in the plan step's data). */
  prepareMetrics?: { sshRoundTrips: number; execs: number; sftpOps: number; prepareMs: number };
}
