/** Network profiles: a NIC in the Public profile keeps WinRM's firewall exceptions closed. */
import type { CheckContext, FindingInput } from './findings';

export function networkProfileFindings({ state, k }: CheckContext): FindingInput[] {
  const profiles = state.networkProfiles;
  if (!profiles) return [];
  if (profiles.length === 0) {
    return [
      {
        group: 'networkProfile',
        code: 'NETWORK_PROFILE_NONE',
        status: 'warn',
        summary: k('NETWORK_PROFILE_NONE.summary'),
        remediation: k('NETWORK_PROFILE_NONE.remediation'),
      },
    ];
  }
  const publicNics = profiles.filter((p) => p.networkCategory === 'Public');
  const detail = profiles
    .map((p) => k('NETWORK_PROFILE.line', { alias: p.interfaceAlias, name: p.name, category: p.networkCategory }))
    .join('\n');
  if (publicNics.length > 0) {
    return [
      {
        group: 'networkProfile',
        code: 'WINRM_PUBLIC_NIC',
        status: 'warn',
        blocker: true,
        summary: k('WINRM_PUBLIC_NIC.summary', { aliases: publicNics.map((p) => p.interfaceAlias).join(', ') }),
        detail: `${detail}\n${k('WINRM_PUBLIC_NIC.detail')}`,
        remediation: k('WINRM_PUBLIC_NIC.remediation', { index: publicNics[0].interfaceIndex }),
      },
    ];
  }
  return [
    {
      group: 'networkProfile',
      code: 'NETWORK_PROFILE_OK',
      status: 'ok',
      summary: k('NETWORK_PROFILE_OK.summary'),
      detail,
    },
  ];
}
