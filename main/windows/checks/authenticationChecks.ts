/**
 * How Prism Central signs in and runs the installer: what lets it in at all (remoteAccessChecks.ts:
 * WinRS, network logon, UAC remote restrictions), Basic authentication, unencrypted traffic.
 * Settings Group Policy owns are blockers: a local change (reg add, Set-Item) would be reverted or refused.
 */
import type { CheckContext, FindingInput } from './findings';
import { remoteAccessFindings } from './remoteAccessChecks';
import { unreadWhileWinRmStopped } from './serviceChecks';

export function authenticationFindings(ctx: CheckContext): FindingInput[] {
  return [...remoteAccessFindings(ctx), ...basicFindings(ctx), ...otherAuthFindings(ctx)];
}

function basicFindings(ctx: CheckContext): FindingInput[] {
  const { state, k, options } = ctx;
  const expectBasic = options.expectBasic ?? true;
  const basic = state.wsman.auth?.basic;
  const policyForbidsBasic = state.policy?.allowBasic === 0;
  if (basic?.value === 'true') {
    return [
      {
        group: 'authentication',
        code: 'WINRM_BASIC_ENABLED',
        status: 'ok',
        summary: k('WINRM_BASIC_ENABLED.summary'),
        detail: basic.source === 'GPO' ? k('WINRM_BASIC_ENABLED.detailGpo') : undefined,
      },
    ];
  }
  if (policyForbidsBasic || (basic && basic.source === 'GPO')) {
    return [
      {
        group: 'authentication',
        code: 'WINRM_BASIC_GPO_BLOCKED',
        status: expectBasic ? 'fail' : 'warn',
        blocker: expectBasic,
        summary: k('WINRM_BASIC_GPO_BLOCKED.summary'),
        detail: k('WINRM_BASIC_GPO_BLOCKED.detail'),
        remediation: k('WINRM_BASIC_GPO_BLOCKED.remediation'),
      },
    ];
  }
  if (basic) {
    const code = expectBasic ? 'WINRM_BASIC_DISABLED' : 'WINRM_BASIC_OFF_BY_CHOICE';
    return [
      {
        group: 'authentication',
        code,
        status: expectBasic ? 'fail' : 'warn',
        fixableByApply: expectBasic,
        summary: k(`${code}.summary`),
        remediation: k(`${code}.remediation`),
      },
    ];
  }
  return unreadWhileWinRmStopped(ctx, 'authentication', 'AUTH_UNKNOWN');
}

function otherAuthFindings({ state, k }: CheckContext): FindingInput[] {
  const out: FindingInput[] = [];
  if (state.wsman.allowUnencrypted?.value === 'true' || state.policy?.allowUnencryptedTraffic === 1) {
    out.push({
      group: 'authentication',
      code: 'WINRM_ALLOW_UNENCRYPTED',
      status: 'warn',
      summary: k('WINRM_ALLOW_UNENCRYPTED.summary'),
      remediation: k('WINRM_ALLOW_UNENCRYPTED.remediation'),
    });
  }
  return out;
}
