/**
 * What makes Prism Central's NGT push fail although Identify answers (issue 11, finding 5): WinRS
 * remote shells off, "Deny access to this computer from the network" holding local accounts, UAC
 * remote restrictions. Each comes with its owner from the check (`remoteAccess.*.source`): when
 * Group Policy owns it, the remedy is the Group Policy object, never a local write that the next
 * refresh reverts (or that WSMan refuses). Apply never writes these (it refuses the token filter
 * value a GPO owns).
 */
import type { CheckResult } from '../scriptOutputs';
import type { CheckContext, FindingInput } from './findings';

type RemoteAccess = NonNullable<CheckResult['remoteAccess']>;

export function remoteAccessFindings(ctx: CheckContext): FindingInput[] {
  return [...remoteShellFindings(ctx), ...networkLogonFindings(ctx), ...tokenFilterFindings(ctx)];
}

/** WinRS from the check's remoteAccess, or (older scripts) from the policy key and WSMan:\localhost\Shell. */
function remoteShellOf(state: CheckResult): RemoteAccess['remoteShell'] {
  if (state.remoteAccess) return state.remoteAccess.remoteShell;
  const shell = state.wsman.allowRemoteShellAccess;
  if (typeof state.policy?.allowRemoteShellAccess === 'number')
    return { allowed: state.policy.allowRemoteShellAccess !== 0, source: 'policy' };
  if (!shell?.value) return null;
  return { allowed: shell.value === 'true', source: shell.source === 'GPO' ? 'policy' : 'local' };
}

/** A setting that refuses the push and that apply does not change: a blocker, its owner in `data`. */
function pushBlocker(
  k: CheckContext['k'],
  code: string,
  data: Record<string, unknown>,
  params?: Record<string, unknown>,
): FindingInput {
  const text = (part: string) => k(`${code}.${part}`, params);
  return {
    group: 'authentication',
    code,
    status: 'fail',
    blocker: true,
    summary: text('summary'),
    detail: text('detail'),
    remediation: text('remediation'),
    data,
  };
}

/** Identify works without WinRS; the NGT push runs its installer in a remote shell. */
function remoteShellFindings({ state, k }: CheckContext): FindingInput[] {
  const shell = remoteShellOf(state);
  if (!shell || shell.allowed !== false) return [];
  const code = shell.source === 'policy' ? 'WINRS_GPO_BLOCKED' : 'WINRS_DISABLED';
  return [pushBlocker(k, code, { source: shell.source })];
}

/** Basic signs in with a local account; the deny right refuses every local account over the network. */
function networkLogonFindings({ state, k }: CheckContext): FindingInput[] {
  const deny = state.remoteAccess?.denyNetworkLogon;
  if (!deny || deny.localAccountsDenied.length === 0) return [];
  const code = deny.source === 'policy' ? 'NETWORK_LOGON_DENIED_GPO' : 'NETWORK_LOGON_DENIED';
  const data = { source: deny.source, sids: deny.localAccountsDenied };
  return [pushBlocker(k, code, data, { sids: deny.localAccountsDenied.join(', ') })];
}

/**
 * LocalAccountTokenFilterPolicy other than 1 filters every local administrator but the built-in
 * one. Locally, apply can set it (opt-in); owned by a GPO, only the GPO can.
 */
function tokenFilterFindings({ state, k }: CheckContext): FindingInput[] {
  const tokenFilter = state.remoteAccess?.tokenFilter;
  if (tokenFilter?.source === 'policy' && tokenFilter.value !== 1) {
    return [
      {
        group: 'authentication',
        code: 'LOCAL_ACCOUNT_TOKEN_FILTER_GPO',
        status: 'warn',
        summary: k('LOCAL_ACCOUNT_TOKEN_FILTER_GPO.summary'),
        detail: k('LOCAL_ACCOUNT_TOKEN_FILTER_GPO.detail', { value: String(tokenFilter.value) }),
        remediation: k('LOCAL_ACCOUNT_TOKEN_FILTER_GPO.remediation'),
        data: { source: 'policy', value: tokenFilter.value },
      },
    ];
  }
  if (state.localAccountTokenFilterPolicy === 1) return [];
  if (state.sectionErrors.some((e) => e.section === 'localAccountTokenFilterPolicy')) return [];
  return [
    {
      group: 'authentication',
      code: 'LOCAL_ACCOUNT_TOKEN_FILTER',
      status: 'warn',
      summary: k('LOCAL_ACCOUNT_TOKEN_FILTER.summary'),
      detail: k('LOCAL_ACCOUNT_TOKEN_FILTER.detail'),
      remediation: k('LOCAL_ACCOUNT_TOKEN_FILTER.remediation'),
      data: { source: tokenFilter?.source ?? null },
    },
  ];
}
