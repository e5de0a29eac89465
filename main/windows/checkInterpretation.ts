/**
 * The rules that turn Get-NgtPrepState.ps1's facts into findings a Windows admin can act on.
 * Pure: the clock, the translator and the PEM reader come in as parameters. The scripts hold
 * the facts; every judgement (what is a blocker, what apply fixes, how close to expiry is too
 * close) lives in the rule files under checks/, one per concern, with the numbers in
 * checks/thresholds.ts. This file composes them.
 *
 * Findings are grouped (service, listener, certificate, authentication, firewall,
 * networkProfile, ngt); each group also comes as one StepOutcome so a job can show it as a step.
 * Blockers (things that stop a Prism Central push and that apply cannot fix, such as Basic
 * authentication forbidden by Group Policy) are flagged so they are explained before anything
 * changes.
 */
import { hostNamesOf, sameThumbprint } from './certificateNames';
import { authenticationFindings } from './checks/authenticationChecks';
import { certificateFindings } from './checks/certificateChecks';
import {
  FINDING_GROUPS,
  type CheckContext,
  type CheckInterpretation,
  type CheckRule,
  type InterpretOptions,
  type WindowsFinding,
} from './checks/findings';
import { firewallFindings } from './checks/firewallChecks';
import { groupOutcome } from './checks/groupOutcome';
import { httpsListenerOf, listenerFindings } from './checks/listenerChecks';
import { networkProfileFindings } from './checks/networkProfileChecks';
import { ngtFindings } from './checks/ngtChecks';
import { sectionErrorFindings } from './checks/sectionErrors';
import { serviceFindings } from './checks/serviceChecks';
import type { CheckResult } from './scriptOutputs';

// The check's public face: what windowsJobs.ts and the tests import.
export {
  FINDING_GROUPS,
  type CertificateExpiryReader,
  type CheckInterpretation,
  type FindingGroup,
  type FindingStatus,
  type GroupOutcome,
  type InterpretOptions,
  type WindowsFinding,
} from './checks/findings';
export { certificateMatchesHost } from './certificateNames';
export { portListIncludes, profilesCovered } from './checks/firewallChecks';

/** The rules in the order their findings are shown. */
const RULES: CheckRule[] = [
  sectionErrorFindings,
  serviceFindings,
  listenerFindings,
  certificateFindings,
  authenticationFindings,
  firewallFindings,
  networkProfileFindings,
  ngtFindings,
];

export function interpretCheck(state: CheckResult, options: InterpretOptions): CheckInterpretation {
  const { t } = options;
  const hostName = state.computer?.hostName ?? '?';
  const listener = state.wsman.available ? httpsListenerOf(state.wsman.listeners) : undefined;
  const thumbprint = listener?.certificateThumbprint;
  const ctx: CheckContext = {
    state,
    options,
    k: (key, params) => t(`windows.findings.${key}`, params),
    names: hostNamesOf(state.computer),
    hostName,
    fqdn: state.computer?.fqdn ?? hostName,
    listener,
    listenerCert: thumbprint ? state.certificates?.find((c) => sameThumbprint(c.thumbprint, thumbprint)) : undefined,
  };
  const findings: WindowsFinding[] = RULES.flatMap((rule) => rule(ctx)).map((f) => ({
    fixableByApply: false,
    blocker: false,
    ...f,
  }));
  const groups = FINDING_GROUPS.map((group) => ({
    group,
    outcome: groupOutcome(
      group,
      findings.filter((f) => f.group === group),
      t,
    ),
  }));
  const blockers = findings.filter((f) => f.blocker && f.status !== 'ok');
  return { findings, groups, blockers };
}
