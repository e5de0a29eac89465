/** Windows Firewall in front of WinRM HTTPS: rules that open or block the port, on which profiles. */
import { WINRM_HTTPS_PORT } from '../../engine/network';
import type { FirewallRule } from '../scriptOutputs';
import type { CheckContext, FindingInput } from './findings';

export const FIREWALL_PROFILES = ['Domain', 'Private', 'Public'] as const;

/** Ports list from a firewall rule ("5986", "5985-5986", "Any") contains `port`. */
export function portListIncludes(ports: string[], port: number): boolean {
  return ports.some((entry) => {
    if (entry.toLowerCase() === 'any' || entry === String(port)) return true;
    const range = /^(\d+)-(\d+)$/.exec(entry);
    return !!range && Number(range[1]) <= port && Number(range[2]) >= port;
  });
}

/** An enabled inbound rule of `action` on `port`. */
function actsOnInbound(rule: FirewallRule, port: number, action: 'Allow' | 'Block'): boolean {
  return (
    rule.enabled && rule.direction === 'Inbound' && rule.action === action && portListIncludes(rule.localPorts, port)
  );
}

/** Profiles on which enabled inbound rules of `action` open `port`. */
export function profilesCovered(rules: FirewallRule[], port: number, action: 'Allow' | 'Block'): string[] {
  const covered = new Set<string>();
  for (const rule of rules) {
    if (!actsOnInbound(rule, port, action)) continue;
    for (const profile of FIREWALL_PROFILES) {
      if (rule.profiles.includes('Any') || rule.profiles.includes(profile)) covered.add(profile);
    }
  }
  return FIREWALL_PROFILES.filter((p) => covered.has(p));
}

export function firewallFindings({ state, k }: CheckContext): FindingInput[] {
  if (!state.firewall) return [];
  const out: FindingInput[] = [];
  const { rules, profiles } = state.firewall;
  const disabledProfiles = profiles.filter((p) => !p.enabled).map((p) => p.name);
  const allowed = profilesCovered(rules, WINRM_HTTPS_PORT, 'Allow');
  const open = FIREWALL_PROFILES.filter((p) => allowed.includes(p) || disabledProfiles.includes(p));
  const missing = FIREWALL_PROFILES.filter((p) => !open.includes(p));
  const blocking = rules.filter((r) => actsOnInbound(r, WINRM_HTTPS_PORT, 'Block'));
  const opening = rules.filter((r) => actsOnInbound(r, WINRM_HTTPS_PORT, 'Allow'));
  const rulesDetail = opening
    .map((r) =>
      k('FIREWALL.ruleLine', {
        name: r.displayName,
        profiles: r.profiles.join(', '),
        addresses: r.remoteAddresses.join(', '),
      }),
    )
    .join('\n');
  if (blocking.length > 0) {
    out.push({
      group: 'firewall',
      code: 'FIREWALL_BLOCK_RULE',
      status: 'fail',
      blocker: true,
      summary: k('FIREWALL_BLOCK_RULE.summary', { rules: blocking.map((r) => r.displayName).join(', ') }),
      remediation: k('FIREWALL_BLOCK_RULE.remediation'),
    });
  }
  if (missing.length === 0) {
    out.push({
      group: 'firewall',
      code: 'FIREWALL_OK',
      status: 'ok',
      summary: k('FIREWALL_OK.summary'),
      detail: rulesDetail || undefined,
    });
  } else if (open.length === 0) {
    out.push({
      group: 'firewall',
      code: 'FIREWALL_NO_RULE',
      status: 'fail',
      fixableByApply: true,
      summary: k('FIREWALL_NO_RULE.summary'),
      remediation: k('FIREWALL_NO_RULE.remediation'),
    });
  } else {
    out.push({
      group: 'firewall',
      code: 'FIREWALL_PROFILES_PARTIAL',
      status: 'warn',
      fixableByApply: true,
      summary: k('FIREWALL_PROFILES_PARTIAL.summary', { missing: missing.join(', ') }),
      detail: rulesDetail || undefined,
      remediation: k('FIREWALL_NO_RULE.remediation'),
    });
  }
  return out;
}
