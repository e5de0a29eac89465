/**
 * What every check rule shares: the finding shape, the groups, the options a rule reads, and the
 * context the composer (../checkInterpretation.ts) builds once per check.
 */
import type { Translate } from '../../engine/job';
import type { StepOutcome } from '../../engine/types';
import type { CertificateInfo, CheckResult, WinRmListener } from '../scriptOutputs';

export const FINDING_GROUPS = [
  'service',
  'listener',
  'certificate',
  'authentication',
  'firewall',
  'networkProfile',
  'ngt',
] as const;
export type FindingGroup = (typeof FINDING_GROUPS)[number];
export type FindingStatus = 'ok' | 'warn' | 'fail';

export interface WindowsFinding {
  group: FindingGroup;
  code: string;
  status: FindingStatus;
  summary: string;
  detail?: string;
  remediation?: string;
  /** Set-NgtPrepWinRm.ps1 (apply) fixes this. */
  fixableByApply: boolean;
  /** Stops apply or a Prism Central push, and apply cannot fix it: shown before any change. */
  blocker: boolean;
  data?: Record<string, unknown>;
}

export interface GroupOutcome {
  group: FindingGroup;
  outcome: StepOutcome;
}

/** Reads a PEM certificate's expiry; main/windows/certificates.ts `inspectPemCertificate` fits. */
export type CertificateExpiryReader = (pem: string) => { notAfter: Date } | null;

export interface InterpretOptions {
  t: Translate;
  now: Date;
  certificateExpiry: CertificateExpiryReader;
  /** Whether Basic authentication is wanted (false with --no-basic). Default true. */
  expectBasic?: boolean;
}

export interface CheckInterpretation {
  findings: WindowsFinding[];
  groups: GroupOutcome[];
  /** Failing findings apply cannot fix, and other blockers: explain these first. */
  blockers: WindowsFinding[];
}

/** A finding as a rule writes it: not fixable by apply and no blocker unless it says so. */
export type FindingInput = Omit<WindowsFinding, 'fixableByApply' | 'blocker'> & {
  fixableByApply?: boolean;
  blocker?: boolean;
};

/** What the composer works out once and hands to every rule. */
export interface CheckContext {
  state: CheckResult;
  options: InterpretOptions;
  /** Translates `windows.findings.<key>`. */
  k: (key: string, params?: Record<string, unknown>) => string;
  /** The host's names, FQDN first (certificateNames.ts hostNamesOf). */
  names: string[];
  hostName: string;
  fqdn: string;
  /** The HTTPS listener Prism Central uses, when WSMan could be read. */
  listener: WinRmListener | undefined;
  /** The certificate that listener is bound to, when the check found it. */
  listenerCert: CertificateInfo | undefined;
}

/** A rule: the findings of one concern, in the order they are shown. */
export type CheckRule = (ctx: CheckContext) => FindingInput[];
