/** The one shape of an NGT finding: its summary under `<code>.summary`, a remediation by key. */
import type { CheckResult } from '../scriptOutputs';
import type { CheckContext, FindingInput, FindingStatus } from './findings';

/** What Get-NgtPrepState.ps1 found of NGT. */
export type NgtFacts = NonNullable<CheckResult['ngt']>;

export interface NgtFindingExtras {
  /** Catalogue key (under windows.findings) of the remediation. */
  remediation?: string;
  /** Parameters of the remediation text when they are not the summary's. */
  remediationParams?: Record<string, unknown>;
  detail?: string;
  blocker?: boolean;
  data?: Record<string, unknown>;
}

export function ngtFinding(
  k: CheckContext['k'],
  code: string,
  status: FindingStatus,
  params: Record<string, unknown> = {},
  extras: NgtFindingExtras = {},
): FindingInput {
  const { remediation, remediationParams, ...rest } = extras;
  return {
    group: 'ngt',
    code,
    status,
    summary: k(`${code}.summary`, params),
    ...rest,
    ...(remediation ? { remediation: k(remediation, remediationParams ?? params) } : {}),
  };
}
