/** Parts of Get-NgtPrepState.ps1's check that could not be read: one warning each, in its group. */
import type { CheckContext, FindingGroup, FindingInput } from './findings';

const SECTION_GROUP: Record<string, FindingGroup> = {
  os: 'service',
  computer: 'service',
  service: 'service',
  maxEnvelopeSizekb: 'service',
  applyRecords: 'service',
  listeners: 'listener',
  ipv4Filter: 'listener',
  ipv6Filter: 'listener',
  certificates: 'certificate',
  auth: 'authentication',
  allowUnencrypted: 'authentication',
  policy: 'authentication',
  localAccountTokenFilterPolicy: 'authentication',
  firewall: 'firewall',
  networkProfiles: 'networkProfile',
  ngt: 'ngt',
};

export function sectionErrorFindings({ state, k }: CheckContext): FindingInput[] {
  return state.sectionErrors.map((error) => ({
    group: SECTION_GROUP[error.section] ?? 'service',
    code: 'CHECK_PARTIAL',
    status: 'warn',
    summary: k('CHECK_PARTIAL.summary', { section: error.section }),
    detail: error.message,
    remediation: state.elevated ? k('CHECK_PARTIAL.remediation') : k('WINDOWS_NOT_ELEVATED.remediation'),
  }));
}
