/**
 * The rules that turn Get-NgtPrepState.ps1's facts into findings a Windows admin can act on.
 * Pure: the clock, the translator and the PEM reader come in as parameters. The scripts hold
 * the facts; every judgement (what is a blocker, what apply fixes, how close to expiry is too
 * close) lives here.
 *
 * Findings are grouped (service, listener, certificate, authentication, firewall,
 * networkProfile, ngt); each group also comes as one StepOutcome so a job can show it as a step.
 * Blockers (things that stop a Prism Central push and that apply cannot fix, such as Basic
 * authentication forbidden by Group Policy) are flagged so they are explained before anything
 * changes.
 */
import { NGT_CLUSTER_PORT, WINRM_HTTPS_PORT } from '../engine/network';
import type { Translate } from '../engine/job';
import type { StepOutcome } from '../engine/types';
import {
  NGT_PREP_CERTIFICATE_FRIENDLY_NAME,
  ngtConfigSchema,
  parseScriptDate,
  type CertificateInfo,
  type CheckResult,
  type FirewallRule,
  type NgtConfig,
  type WinRmListener,
} from './scriptOutputs';
import { SERVER_AUTH_EKU } from './certificates';

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

/** NGT's client certificate lives 1000 days from ISO creation. */
export const NGT_CLIENT_CERT_LIFE_DAYS = 1000;
export const NGT_CLIENT_CERT_WARN_DAYS = 90;
/** A WinRM certificate closer than this to expiry is flagged. */
export const WINRM_CERT_WARN_DAYS = 30;
export const MIN_MAX_ENVELOPE_SIZE_KB = 150;
/** Windows Server 2012 R2 is build 9600. */
export const MIN_WINDOWS_BUILD = 9600;

const DAY_MS = 86_400_000;
const STATUS_RANK: Record<FindingStatus, number> = { ok: 0, warn: 1, fail: 2 };

type FindingInput = Omit<WindowsFinding, 'fixableByApply' | 'blocker'> & {
  fixableByApply?: boolean;
  blocker?: boolean;
};

/** Days from `now` to `date`, rounded down (negative when past). */
export function daysUntil(date: Date, now: Date): number {
  return Math.floor((date.getTime() - now.getTime()) / DAY_MS);
}

function sameName(a: string | null | undefined, b: string | null | undefined): boolean {
  return !!a && !!b && a.toLowerCase() === b.toLowerCase();
}

/** The CN of a subject such as "CN=web01, O=Example". */
export function commonNameOf(subject: string): string | null {
  const match = /(?:^|,)\s*CN=([^,]+)/i.exec(subject);
  return match ? match[1].trim() : null;
}

export function certificateNames(cert: CertificateInfo): string[] {
  const cn = commonNameOf(cert.subject);
  const seen = new Set<string>();
  return [...(cn ? [cn] : []), ...cert.dnsNames].filter((n) => {
    const key = n.toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** True when the certificate carries one of `names` (CN or SAN, case-insensitive, "*." wildcard). */
export function certificateMatchesHost(cert: CertificateInfo, names: string[]): boolean {
  return certificateNames(cert).some((certName) =>
    names.some((name) => {
      if (sameName(certName, name)) return true;
      if (certName.startsWith('*.')) {
        const rest = name.split('.').slice(1).join('.');
        return sameName(certName.slice(2), rest);
      }
      return false;
    }),
  );
}

/** Ports list from a firewall rule ("5986", "5985-5986", "Any") contains `port`. */
export function portListIncludes(ports: string[], port: number): boolean {
  return ports.some((entry) => {
    if (entry.toLowerCase() === 'any' || entry === String(port)) return true;
    const range = /^(\d+)-(\d+)$/.exec(entry);
    return !!range && Number(range[1]) <= port && Number(range[2]) >= port;
  });
}

export const FIREWALL_PROFILES = ['Domain', 'Private', 'Public'] as const;

/** Profiles on which enabled inbound rules of `action` open `port`. */
export function profilesCovered(rules: FirewallRule[], port: number, action: 'Allow' | 'Block'): string[] {
  const covered = new Set<string>();
  for (const rule of rules) {
    if (
      !rule.enabled ||
      rule.direction !== 'Inbound' ||
      rule.action !== action ||
      !portListIncludes(rule.localPorts, port)
    )
      continue;
    for (const profile of FIREWALL_PROFILES) {
      if (rule.profiles.includes('Any') || rule.profiles.includes(profile)) covered.add(profile);
    }
  }
  return FIREWALL_PROFILES.filter((p) => covered.has(p));
}

export type CertificateProblem =
  'expired' | 'not-yet-valid' | 'no-private-key' | 'private-key-unreadable' | 'no-server-auth-eku' | 'name-mismatch';

/** What stops WinRM from using this certificate for `names`, first problem first; [] when none. */
export function certificateProblems(cert: CertificateInfo, names: string[], now: Date): CertificateProblem[] {
  const problems: CertificateProblem[] = [];
  const notAfter = parseScriptDate(cert.notAfter);
  const notBefore = parseScriptDate(cert.notBefore);
  if (notAfter && notAfter.getTime() <= now.getTime()) problems.push('expired');
  if (notBefore && notBefore.getTime() > now.getTime()) problems.push('not-yet-valid');
  if (cert.privateKeyStatus === 'missing') problems.push('no-private-key');
  if (cert.privateKeyStatus === 'unreadable') problems.push('private-key-unreadable');
  if (cert.hasEkuExtension && !cert.ekus.includes(SERVER_AUTH_EKU)) problems.push('no-server-auth-eku');
  if (names.length > 0 && !certificateMatchesHost(cert, names)) problems.push('name-mismatch');
  return problems;
}

function hostNamesOf(state: CheckResult): string[] {
  const names = [state.computer?.hostName, state.computer?.fqdn].filter((n): n is string => !!n);
  return [...new Set(names.map((n) => n.toLowerCase()))];
}

/** The HTTPS listener Prism Central uses: Address=* first, else the first HTTPS one. */
export function httpsListenerOf(listeners: WinRmListener[]): WinRmListener | undefined {
  const https = listeners.filter((l) => l.transport?.toUpperCase() === 'HTTPS');
  return https.find((l) => l.address === '*') ?? https[0];
}

function findCertificate(state: CheckResult, thumbprint: string | null | undefined): CertificateInfo | undefined {
  if (!thumbprint) return undefined;
  return state.certificates?.find((c) => c.thumbprint.toUpperCase() === thumbprint.toUpperCase());
}

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

export function interpretCheck(state: CheckResult, options: InterpretOptions): CheckInterpretation {
  const { t, now } = options;
  const findings: WindowsFinding[] = [];
  const add = (f: FindingInput) => findings.push({ fixableByApply: false, blocker: false, ...f });
  const k = (key: string, params?: Record<string, unknown>) => t(`windows.findings.${key}`, params);
  const names = hostNamesOf(state);
  const hostName = state.computer?.hostName ?? '?';
  const fqdn = state.computer?.fqdn ?? hostName;

  // --- Parts of the check that could not be read -----------------------------------------
  for (const error of state.sectionErrors) {
    add({
      group: SECTION_GROUP[error.section] ?? 'service',
      code: 'CHECK_PARTIAL',
      status: 'warn',
      summary: k('CHECK_PARTIAL.summary', { section: error.section }),
      detail: error.message,
      remediation: state.elevated ? k('CHECK_PARTIAL.remediation') : k('WINDOWS_NOT_ELEVATED.remediation'),
    });
  }

  // --- service -------------------------------------------------------------------------------
  if (!state.elevated) {
    add({
      group: 'service',
      code: 'WINDOWS_NOT_ELEVATED',
      status: 'warn',
      blocker: true,
      summary: k('WINDOWS_NOT_ELEVATED.summary'),
      remediation: k('WINDOWS_NOT_ELEVATED.remediation'),
    });
  }
  if (state.os) {
    const osDetail = k('OS.detail', {
      caption: state.os.caption,
      build: state.os.build,
      bits: state.os.is64Bit ? 64 : 32,
      powershell: state.powershell.version,
    });
    if (state.os.build < MIN_WINDOWS_BUILD) {
      add({
        group: 'service',
        code: 'OS_UNSUPPORTED',
        status: 'warn',
        summary: k('OS_UNSUPPORTED.summary', { caption: state.os.caption }),
        detail: osDetail,
        remediation: k('OS_UNSUPPORTED.remediation'),
      });
    } else {
      add({
        group: 'service',
        code: 'OS_SUPPORTED',
        status: 'ok',
        summary: k('OS_SUPPORTED.summary', { caption: state.os.caption, build: state.os.build }),
        detail: osDetail,
      });
    }
  }
  const service = state.service;
  if (service) {
    const detail = k('WINRM_SERVICE.detail', { status: service.status ?? '?', startType: service.startType ?? '?' });
    if (!service.present) {
      add({
        group: 'service',
        code: 'WINRM_SERVICE_MISSING',
        status: 'fail',
        blocker: true,
        summary: k('WINRM_SERVICE_MISSING.summary'),
        remediation: k('WINRM_SERVICE_MISSING.remediation'),
      });
    } else if (service.startType === 'Disabled') {
      add({
        group: 'service',
        code: 'WINRM_SERVICE_DISABLED',
        status: 'fail',
        fixableByApply: true,
        summary: k('WINRM_SERVICE_DISABLED.summary'),
        detail,
        remediation: k('WINRM_SERVICE_DISABLED.remediation'),
      });
    } else if (service.status !== 'Running') {
      add({
        group: 'service',
        code: 'WINRM_SERVICE_STOPPED',
        status: 'fail',
        fixableByApply: true,
        summary: k('WINRM_SERVICE_STOPPED.summary', { status: service.status ?? '?' }),
        detail,
        remediation: k('WINRM_SERVICE_STOPPED.remediation'),
      });
    } else if (service.startType !== 'Automatic') {
      add({
        group: 'service',
        code: 'WINRM_SERVICE_NOT_AUTOMATIC',
        status: 'warn',
        fixableByApply: true,
        summary: k('WINRM_SERVICE_NOT_AUTOMATIC.summary', { startType: service.startType ?? '?' }),
        detail,
        remediation: k('WINRM_SERVICE_NOT_AUTOMATIC.remediation'),
      });
    } else {
      add({ group: 'service', code: 'WINRM_SERVICE_OK', status: 'ok', summary: k('WINRM_SERVICE_OK.summary'), detail });
    }
  }
  const envelope = Number(state.wsman.maxEnvelopeSizekb?.value);
  if (state.wsman.maxEnvelopeSizekb?.value && Number.isFinite(envelope) && envelope < MIN_MAX_ENVELOPE_SIZE_KB) {
    add({
      group: 'service',
      code: 'WINRM_MAX_ENVELOPE_SMALL',
      status: 'warn',
      summary: k('WINRM_MAX_ENVELOPE_SMALL.summary', { value: envelope }),
      remediation: k('WINRM_MAX_ENVELOPE_SMALL.remediation'),
    });
  }

  // --- listener ------------------------------------------------------------------------------
  const listener = state.wsman.available ? httpsListenerOf(state.wsman.listeners) : undefined;
  const listenerCert = findCertificate(state, listener?.certificateThumbprint);
  if (!state.wsman.available) {
    if (state.wsman.unavailableReason === 'service-not-running') {
      add({
        group: 'listener',
        code: 'LISTENER_UNKNOWN',
        status: 'warn',
        fixableByApply: true,
        summary: k('LISTENER_UNKNOWN.summary'),
        remediation: k('LISTENER_UNKNOWN.remediation'),
      });
    }
  } else if (!listener) {
    const http = state.wsman.listeners.some((l) => l.transport?.toUpperCase() === 'HTTP');
    add({
      group: 'listener',
      code: 'WINRM_NO_HTTPS_LISTENER',
      status: 'fail',
      fixableByApply: true,
      summary: k('WINRM_NO_HTTPS_LISTENER.summary'),
      detail: http ? k('WINRM_NO_HTTPS_LISTENER.detailHttpOnly') : undefined,
      remediation: k('WINRM_NO_HTTPS_LISTENER.remediation'),
    });
  } else {
    const listenerDetail = k('LISTENER.detail', {
      address: listener.address ?? '?',
      port: listener.port,
      hostname: listener.hostname ?? '',
      thumbprint: listener.certificateThumbprint ?? '',
      source: listener.source ?? '',
    });
    let listenerProblem = false;
    if (!listener.enabled) {
      listenerProblem = true;
      add({
        group: 'listener',
        code: 'LISTENER_DISABLED',
        status: 'fail',
        fixableByApply: true,
        summary: k('LISTENER_DISABLED.summary'),
        detail: listenerDetail,
        remediation: k('LISTENER_DISABLED.remediation'),
      });
    }
    if (listener.port !== WINRM_HTTPS_PORT) {
      listenerProblem = true;
      add({
        group: 'listener',
        code: 'LISTENER_PORT_NOT_5986',
        status: 'fail',
        blocker: true,
        summary: k('LISTENER_PORT_NOT_5986.summary', { port: listener.port }),
        detail: listenerDetail,
        remediation: k('LISTENER_PORT_NOT_5986.remediation'),
      });
    }
    const hostMatches = !listener.hostname || names.some((n) => sameName(n, listener.hostname));
    const certMatches = !listenerCert || certificateMatchesHost(listenerCert, names);
    if (!hostMatches || !certMatches) {
      listenerProblem = true;
      add({
        group: 'listener',
        code: 'LISTENER_HOSTNAME_MISMATCH',
        status: 'fail',
        fixableByApply: listener.source !== 'GPO',
        blocker: listener.source === 'GPO',
        summary: k('LISTENER_HOSTNAME_MISMATCH.summary', { hostName }),
        detail: k('LISTENER_HOSTNAME_MISMATCH.detail', {
          listenerHost: listener.hostname ?? '',
          certNames: listenerCert ? certificateNames(listenerCert).join(', ') : '',
          hostName,
          fqdn: sameName(fqdn, hostName) ? '-' : fqdn,
        }),
        remediation: k('LISTENER_HOSTNAME_MISMATCH.remediation'),
      });
    }
    if (listener.source === 'GPO') {
      add({
        group: 'listener',
        code: 'LISTENER_FROM_GPO',
        status: 'warn',
        summary: k('LISTENER_FROM_GPO.summary'),
        remediation: k('LISTENER_FROM_GPO.remediation'),
      });
    }
    if (!listenerProblem) {
      add({
        group: 'listener',
        code: 'LISTENER_OK',
        status: 'ok',
        summary: k('LISTENER_OK.summary', { port: listener.port, hostname: listener.hostname ?? hostName }),
        detail: listenerDetail,
      });
    }
  }
  const filterSetting = state.wsman.ipv4Filter;
  const policyFilter = state.policy?.ipv4Filter ?? null;
  const filterValue = policyFilter ?? filterSetting?.value ?? null;
  if (filterValue !== null && filterValue.trim() !== '*') {
    const byPolicy = policyFilter !== null || filterSetting?.source === 'GPO';
    const empty = filterValue.trim() === '';
    add({
      group: 'listener',
      code: byPolicy ? 'WINRM_FILTER_POLICY' : 'WINRM_IPV4_FILTER',
      status: empty ? 'fail' : 'warn',
      blocker: true,
      summary: k(empty ? 'WINRM_FILTER_POLICY.summaryEmpty' : 'WINRM_FILTER_POLICY.summary', { filter: filterValue }),
      detail: byPolicy ? k('WINRM_FILTER_POLICY.detailPolicy') : undefined,
      remediation: k(byPolicy ? 'WINRM_FILTER_POLICY.remediation' : 'WINRM_IPV4_FILTER.remediation'),
    });
  }

  // --- certificate ---------------------------------------------------------------------------
  if (listener && listener.certificateThumbprint) {
    if (!listenerCert) {
      if (state.certificates) {
        add({
          group: 'certificate',
          code: 'CERT_NOT_FOUND',
          status: 'fail',
          fixableByApply: true,
          summary: k('CERT_NOT_FOUND.summary', { thumbprint: listener.certificateThumbprint }),
          remediation: k('CERT_NOT_FOUND.remediation'),
        });
      }
    } else {
      addCertificateFindings(listenerCert, names, options, add);
    }
  } else if (state.certificates) {
    const usable = state.certificates.filter((c) => certificateProblems(c, names, now).length === 0);
    const stale = state.certificates.filter(
      (c) => c.friendlyName === NGT_PREP_CERTIFICATE_FRIENDLY_NAME && certificateProblems(c, names, now).length > 0,
    );
    add({
      group: 'certificate',
      code: 'CERT_NONE_BOUND',
      status: 'ok',
      summary:
        usable.length > 0
          ? k('CERT_NONE_BOUND.summaryCandidate', { thumbprint: usable[0].thumbprint })
          : k('CERT_NONE_BOUND.summary'),
      detail:
        stale.length > 0
          ? k('CERT_NONE_BOUND.detailStale', { thumbprints: stale.map((c) => c.thumbprint).join(', ') })
          : undefined,
      data: { candidates: usable.map((c) => c.thumbprint) },
    });
  }

  // --- remote shell (WinRS): Identify works without it, the NGT push does not -----------------
  const shell = state.wsman.allowRemoteShellAccess;
  if (state.policy?.allowRemoteShellAccess === 0 || (shell?.value === 'false' && shell.source === 'GPO')) {
    // Owned by Group Policy: a local change (reg add, Set-Item) would be reverted or refused.
    add({
      group: 'authentication',
      code: 'WINRS_GPO_BLOCKED',
      status: 'fail',
      blocker: true,
      summary: k('WINRS_GPO_BLOCKED.summary'),
      detail: k('WINRS_GPO_BLOCKED.detail'),
      remediation: k('WINRS_GPO_BLOCKED.remediation'),
    });
  }

  // --- authentication ------------------------------------------------------------------------
  const expectBasic = options.expectBasic ?? true;
  const basic = state.wsman.auth?.basic;
  const policyForbidsBasic = state.policy?.allowBasic === 0;
  if (basic?.value === 'true') {
    add({
      group: 'authentication',
      code: 'WINRM_BASIC_ENABLED',
      status: 'ok',
      summary: k('WINRM_BASIC_ENABLED.summary'),
      detail: basic.source === 'GPO' ? k('WINRM_BASIC_ENABLED.detailGpo') : undefined,
    });
  } else if (policyForbidsBasic || (basic && basic.source === 'GPO')) {
    add({
      group: 'authentication',
      code: 'WINRM_BASIC_GPO_BLOCKED',
      status: expectBasic ? 'fail' : 'warn',
      blocker: expectBasic,
      summary: k('WINRM_BASIC_GPO_BLOCKED.summary'),
      detail: k('WINRM_BASIC_GPO_BLOCKED.detail'),
      remediation: k('WINRM_BASIC_GPO_BLOCKED.remediation'),
    });
  } else if (basic) {
    add({
      group: 'authentication',
      code: expectBasic ? 'WINRM_BASIC_DISABLED' : 'WINRM_BASIC_OFF_BY_CHOICE',
      status: expectBasic ? 'fail' : 'warn',
      fixableByApply: expectBasic,
      summary: k(expectBasic ? 'WINRM_BASIC_DISABLED.summary' : 'WINRM_BASIC_OFF_BY_CHOICE.summary'),
      remediation: k(expectBasic ? 'WINRM_BASIC_DISABLED.remediation' : 'WINRM_BASIC_OFF_BY_CHOICE.remediation'),
    });
  } else if (state.wsman.unavailableReason === 'service-not-running') {
    add({
      group: 'authentication',
      code: 'AUTH_UNKNOWN',
      status: 'warn',
      fixableByApply: true,
      summary: k('AUTH_UNKNOWN.summary'),
      remediation: k('LISTENER_UNKNOWN.remediation'),
    });
  }
  const unencrypted = state.wsman.allowUnencrypted?.value === 'true' || state.policy?.allowUnencryptedTraffic === 1;
  if (unencrypted) {
    add({
      group: 'authentication',
      code: 'WINRM_ALLOW_UNENCRYPTED',
      status: 'warn',
      summary: k('WINRM_ALLOW_UNENCRYPTED.summary'),
      remediation: k('WINRM_ALLOW_UNENCRYPTED.remediation'),
    });
  }
  if (
    state.localAccountTokenFilterPolicy !== 1 &&
    !state.sectionErrors.some((e) => e.section === 'localAccountTokenFilterPolicy')
  ) {
    add({
      group: 'authentication',
      code: 'LOCAL_ACCOUNT_TOKEN_FILTER',
      status: 'warn',
      summary: k('LOCAL_ACCOUNT_TOKEN_FILTER.summary'),
      detail: k('LOCAL_ACCOUNT_TOKEN_FILTER.detail'),
      remediation: k('LOCAL_ACCOUNT_TOKEN_FILTER.remediation'),
    });
  }

  // --- firewall ------------------------------------------------------------------------------
  if (state.firewall) {
    const disabledProfiles = state.firewall.profiles.filter((p) => !p.enabled).map((p) => p.name);
    const allowed = profilesCovered(state.firewall.rules, WINRM_HTTPS_PORT, 'Allow');
    const open = FIREWALL_PROFILES.filter((p) => allowed.includes(p) || disabledProfiles.includes(p));
    const missing = FIREWALL_PROFILES.filter((p) => !open.includes(p));
    const blocking = state.firewall.rules.filter(
      (r) =>
        r.enabled &&
        r.direction === 'Inbound' &&
        r.action === 'Block' &&
        portListIncludes(r.localPorts, WINRM_HTTPS_PORT),
    );
    const opening = state.firewall.rules.filter(
      (r) =>
        r.enabled &&
        r.direction === 'Inbound' &&
        r.action === 'Allow' &&
        portListIncludes(r.localPorts, WINRM_HTTPS_PORT),
    );
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
      add({
        group: 'firewall',
        code: 'FIREWALL_BLOCK_RULE',
        status: 'fail',
        blocker: true,
        summary: k('FIREWALL_BLOCK_RULE.summary', { rules: blocking.map((r) => r.displayName).join(', ') }),
        remediation: k('FIREWALL_BLOCK_RULE.remediation'),
      });
    }
    if (missing.length === 0) {
      add({
        group: 'firewall',
        code: 'FIREWALL_OK',
        status: 'ok',
        summary: k('FIREWALL_OK.summary'),
        detail: rulesDetail || undefined,
      });
    } else if (open.length === 0) {
      add({
        group: 'firewall',
        code: 'FIREWALL_NO_RULE',
        status: 'fail',
        fixableByApply: true,
        summary: k('FIREWALL_NO_RULE.summary'),
        remediation: k('FIREWALL_NO_RULE.remediation'),
      });
    } else {
      add({
        group: 'firewall',
        code: 'FIREWALL_PROFILES_PARTIAL',
        status: 'warn',
        fixableByApply: true,
        summary: k('FIREWALL_PROFILES_PARTIAL.summary', { missing: missing.join(', ') }),
        detail: rulesDetail || undefined,
        remediation: k('FIREWALL_NO_RULE.remediation'),
      });
    }
  }

  // --- network profile -----------------------------------------------------------------------
  if (state.networkProfiles) {
    const publicNics = state.networkProfiles.filter((p) => p.networkCategory === 'Public');
    const detail = state.networkProfiles
      .map((p) => k('NETWORK_PROFILE.line', { alias: p.interfaceAlias, name: p.name, category: p.networkCategory }))
      .join('\n');
    if (state.networkProfiles.length === 0) {
      add({
        group: 'networkProfile',
        code: 'NETWORK_PROFILE_NONE',
        status: 'warn',
        summary: k('NETWORK_PROFILE_NONE.summary'),
        remediation: k('NETWORK_PROFILE_NONE.remediation'),
      });
    } else if (publicNics.length > 0) {
      add({
        group: 'networkProfile',
        code: 'WINRM_PUBLIC_NIC',
        status: 'warn',
        blocker: true,
        summary: k('WINRM_PUBLIC_NIC.summary', { aliases: publicNics.map((p) => p.interfaceAlias).join(', ') }),
        detail: `${detail}\n${k('WINRM_PUBLIC_NIC.detail')}`,
        remediation: k('WINRM_PUBLIC_NIC.remediation', { index: publicNics[0].interfaceIndex }),
      });
    } else {
      add({
        group: 'networkProfile',
        code: 'NETWORK_PROFILE_OK',
        status: 'ok',
        summary: k('NETWORK_PROFILE_OK.summary'),
        detail,
      });
    }
  }

  // --- NGT on this VM ------------------------------------------------------------------------
  if (state.ngt) addNgtFindings(state.ngt, options, add);

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

function addCertificateFindings(
  cert: CertificateInfo,
  names: string[],
  options: InterpretOptions,
  add: (f: FindingInput) => void,
): void {
  const { t, now } = options;
  const k = (key: string, params?: Record<string, unknown>) => t(`windows.findings.${key}`, params);
  const notAfter = parseScriptDate(cert.notAfter);
  const detail = k('CERT.detail', {
    subject: cert.subject,
    names: cert.dnsNames.join(', '),
    issuer: cert.issuer,
    notAfter: cert.notAfter,
    thumbprint: cert.thumbprint,
    keySize: cert.keySize ?? '?',
    signature: cert.signatureAlgorithm ?? '?',
  });
  const problems = certificateProblems(cert, [], now);
  const codeOf: Record<CertificateProblem, string> = {
    expired: 'CERT_EXPIRED',
    'not-yet-valid': 'CERT_NOT_YET_VALID',
    'no-private-key': 'CERT_NO_PRIVATE_KEY',
    'private-key-unreadable': 'CERT_PRIVATE_KEY_UNREADABLE',
    'no-server-auth-eku': 'CERT_NO_SERVER_AUTH_EKU',
    'name-mismatch': 'LISTENER_HOSTNAME_MISMATCH',
  };
  if (cert.privateKeyStatus === 'access-denied') {
    // Not a fault of the certificate: this check could not open the key (not elevated).
    add({
      group: 'certificate',
      code: 'CERT_PRIVATE_KEY_ACCESS_DENIED',
      status: 'warn',
      summary: k('CERT_PRIVATE_KEY_ACCESS_DENIED.summary', { thumbprint: cert.thumbprint }),
      detail,
      remediation: k('CERT_PRIVATE_KEY_ACCESS_DENIED.remediation'),
    });
  }
  for (const problem of problems) {
    const code = codeOf[problem];
    add({
      group: 'certificate',
      code,
      status: 'fail',
      fixableByApply: true,
      summary: k(`${code}.summary`, { notAfter: cert.notAfter, thumbprint: cert.thumbprint }),
      detail,
      remediation: k(`${code}.remediation`),
      data: { thumbprint: cert.thumbprint },
    });
  }
  const days = notAfter ? daysUntil(notAfter, now) : null;
  if (problems.length === 0 && days !== null && days < WINRM_CERT_WARN_DAYS) {
    add({
      group: 'certificate',
      code: 'CERT_EXPIRING',
      status: 'warn',
      summary: k('CERT_EXPIRING.summary', { days }),
      detail,
      remediation: k('CERT_EXPIRING.remediation'),
    });
  }
  if (cert.keySize && cert.keySize < 2048) {
    add({
      group: 'certificate',
      code: 'CERT_WEAK_KEY',
      status: 'warn',
      summary: k('CERT_WEAK_KEY.summary', { keySize: cert.keySize }),
      remediation: k('CERT_WEAK_KEY.remediation'),
    });
  }
  if (cert.signatureAlgorithm && /sha1|md5/i.test(cert.signatureAlgorithm)) {
    add({
      group: 'certificate',
      code: 'CERT_WEAK_SIGNATURE',
      status: 'warn',
      summary: k('CERT_WEAK_SIGNATURE.summary', { algorithm: cert.signatureAlgorithm }),
      remediation: k('CERT_WEAK_KEY.remediation'),
    });
  }
  if (problems.length === 0) {
    add({
      group: 'certificate',
      code: 'CERT_OK',
      status: 'ok',
      summary: k(cert.selfSigned ? 'CERT_OK.summarySelfSigned' : 'CERT_OK.summary', {
        days: days ?? '?',
        names: certificateNames(cert).join(', '),
      }),
      detail,
      data: { thumbprint: cert.thumbprint, matchesHost: certificateMatchesHost(cert, names) },
    });
  }
}

/** ngt_config.json, parsed leniently (unknown fields kept); null when absent or not JSON. */
export function parseNgtConfig(text: string | null | undefined): NgtConfig | null {
  if (!text) return null;
  try {
    const parsed = ngtConfigSchema.safeParse(JSON.parse(text.replace(/^\uFEFF/, '')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

type NgtFacts = NonNullable<CheckResult['ngt']>;

function addNgtFindings(ngt: NgtFacts, options: InterpretOptions, add: (f: FindingInput) => void): void {
  const { t, now } = options;
  const k = (key: string, params?: Record<string, unknown>) => t(`windows.findings.${key}`, params);
  const group: FindingGroup = 'ngt';

  // CD-ROM: Prism mounts the per-VM NGT ISO on an empty CD-ROM.
  const isoDrive = ngt.cdromDrives.find((d) => d.mediaLoaded && d.volumeName === 'NUTANIX_TOOLS');
  const emptyDrive = ngt.cdromDrives.find((d) => !d.mediaLoaded);
  if (ngt.cdromDrives.length === 0) {
    add({
      group,
      code: 'NGT_NO_CDROM',
      status: ngt.installed ? 'warn' : 'fail',
      blocker: !ngt.installed,
      summary: k('NGT_NO_CDROM.summary'),
      detail: k('NGT_NO_CDROM.detail'),
      remediation: k('NGT_NO_CDROM.remediation'),
    });
  } else if (isoDrive) {
    add({
      group,
      code: 'NGT_ISO_MOUNTED',
      status: 'ok',
      summary: k('NGT_ISO_MOUNTED.summary', { drive: isoDrive.drive ?? '?' }),
    });
  } else if (emptyDrive) {
    add({
      group,
      code: 'NGT_EMPTY_CDROM',
      status: 'ok',
      summary: k('NGT_EMPTY_CDROM.summary', { drive: emptyDrive.drive ?? '?' }),
    });
  } else {
    add({
      group,
      code: 'NGT_CDROM_BUSY',
      status: 'warn',
      summary: k('NGT_CDROM_BUSY.summary', {
        volumes: ngt.cdromDrives.map((d) => `${d.drive ?? '?'} ${d.volumeName ?? ''}`.trim()).join(', '),
      }),
      remediation: k('NGT_CDROM_BUSY.remediation'),
    });
  }

  const hasSerial = ngt.serialPorts.length > 0;
  if (!ngt.installed) {
    add({ group, code: 'NGT_NOT_INSTALLED', status: 'ok', summary: k('NGT_NOT_INSTALLED.summary') });
    add({
      group,
      code: hasSerial ? 'NGT_SERIAL_PORT_PRESENT' : 'NGT_SERIAL_PORT_ABSENT',
      status: 'ok',
      summary: k(hasSerial ? 'NGT_SERIAL_PORT_PRESENT.summary' : 'NGT_SERIAL_PORT_ABSENT.summary', {
        port: ngt.serialPorts[0] ?? '',
      }),
    });
    return;
  }

  // Configuration
  const config = parseNgtConfig(ngt.configText);
  if (!ngt.configText) {
    add({
      group,
      code: 'NGT_CONFIG_MISSING',
      status: 'warn',
      summary: k('NGT_CONFIG_MISSING.summary', { path: ngt.configPath }),
      remediation: k('NGT_CONFIG_MISSING.remediation'),
    });
  } else if (!config) {
    add({
      group,
      code: 'NGT_CONFIG_INVALID',
      status: 'warn',
      summary: k('NGT_CONFIG_INVALID.summary', { path: ngt.configPath }),
      remediation: k('NGT_CONFIG_MISSING.remediation'),
    });
  } else {
    add({
      group,
      code: 'NGT_CONFIG_OK',
      status: 'ok',
      summary: k('NGT_CONFIG_OK.summary', {
        version: config.ngt_version ?? config.version ?? '?',
        clusterIp: config.cluster_ip ?? '?',
      }),
      detail: k('NGT_CONFIG_OK.detail', { uuid: config.ngt_uuid ?? '?', port: config.port ?? NGT_CLUSTER_PORT }),
      data: { config },
    });
  }

  // Services: the guest agent and Self Service Restore.
  const roles: { role: 'agent' | 'ssr'; pattern: RegExp }[] = [
    { role: 'agent', pattern: /guest\s*agent|guest\s*tools\s*agent/i },
    { role: 'ssr', pattern: /self\s*service\s*restore|ssr/i },
  ];
  for (const { role, pattern } of roles) {
    const svc = ngt.services.find((s) => pattern.test(s.name) || pattern.test(s.displayName ?? ''));
    const label = k(`NGT_SERVICE.${role}`);
    if (!svc || !svc.present) {
      add({
        group,
        code: 'NGT_SERVICE_MISSING',
        status: 'fail',
        summary: k('NGT_SERVICE_MISSING.summary', { service: label }),
        remediation: k('NGT_SERVICE_MISSING.remediation'),
      });
    } else if (svc.status !== 'Running') {
      add({
        group,
        code: 'NGT_SERVICE_STOPPED',
        status: 'fail',
        summary: k('NGT_SERVICE_STOPPED.summary', { service: svc.displayName ?? svc.name, status: svc.status ?? '?' }),
        remediation: k('NGT_SERVICE_STOPPED.remediation', { name: svc.name }),
      });
    } else {
      add({
        group,
        code: 'NGT_SERVICE_RUNNING',
        status: 'ok',
        summary: k('NGT_SERVICE_RUNNING.summary', { service: svc.displayName ?? svc.name }),
      });
    }
  }

  // Client certificate: 1000 days from ISO creation; the link stops when it expires.
  if (!ngt.clientCertPem) {
    add({
      group,
      code: 'NGT_CLIENT_CERT_MISSING',
      status: 'warn',
      summary: k('NGT_CLIENT_CERT_MISSING.summary', { path: ngt.clientCertPath }),
      remediation: k('NGT_CLIENT_CERT_RENEW.remediation'),
    });
  } else {
    const expiry = options.certificateExpiry(ngt.clientCertPem);
    if (!expiry) {
      add({
        group,
        code: 'NGT_CLIENT_CERT_UNREADABLE',
        status: 'warn',
        summary: k('NGT_CLIENT_CERT_UNREADABLE.summary', { path: ngt.clientCertPath }),
        remediation: k('NGT_CLIENT_CERT_RENEW.remediation'),
      });
    } else {
      const days = daysUntil(expiry.notAfter, now);
      const issued = new Date(expiry.notAfter.getTime() - NGT_CLIENT_CERT_LIFE_DAYS * DAY_MS);
      const usedPercent = Math.min(
        100,
        Math.max(0, Math.round(((now.getTime() - issued.getTime()) / (NGT_CLIENT_CERT_LIFE_DAYS * DAY_MS)) * 100)),
      );
      const params = {
        days,
        daysAgo: -days,
        notAfter: expiry.notAfter.toISOString().slice(0, 10),
        issued: issued.toISOString().slice(0, 10),
        usedPercent,
        life: NGT_CLIENT_CERT_LIFE_DAYS,
      };
      const detail = k('NGT_CLIENT_CERT.detail', params);
      const data = { notAfter: expiry.notAfter.toISOString(), daysLeft: days };
      if (expiry.notAfter.getTime() <= now.getTime()) {
        add({
          group,
          code: 'NGT_CLIENT_CERT_EXPIRED',
          status: 'fail',
          summary: k('NGT_CLIENT_CERT_EXPIRED.summary', params),
          detail,
          remediation: k('NGT_CLIENT_CERT_RENEW.remediation'),
          data,
        });
      } else if (days < NGT_CLIENT_CERT_WARN_DAYS) {
        add({
          group,
          code: 'NGT_CLIENT_CERT_EXPIRING',
          status: 'warn',
          summary: k('NGT_CLIENT_CERT_EXPIRING.summary', params),
          detail,
          remediation: k('NGT_CLIENT_CERT_RENEW.remediation'),
          data,
        });
      } else {
        add({
          group,
          code: 'NGT_CLIENT_CERT_OK',
          status: 'ok',
          summary: k('NGT_CLIENT_CERT_OK.summary', params),
          detail,
          data,
        });
      }
    }
  }

  // The way to the cluster: TCP 2074 to the cluster IP, or IP-less over the first serial port.
  const reach = ngt.clusterReach;
  if (reach.attempted && reach.reachable) {
    add({
      group,
      code: 'NGT_CLUSTER_REACHABLE',
      status: 'ok',
      summary: k('NGT_CLUSTER_REACHABLE.summary', { host: reach.host ?? '?', port: reach.port }),
    });
  } else if (reach.attempted && hasSerial) {
    add({
      group,
      code: 'NGT_CLUSTER_UNREACHABLE',
      status: 'warn',
      summary: k('NGT_CLUSTER_UNREACHABLE.summary', { host: reach.host ?? '?', port: reach.port }),
      detail: k('NGT_CLUSTER_UNREACHABLE.detail', { port: ngt.serialPorts[0], error: reach.error ?? '' }),
      remediation: k('NGT_CLUSTER_UNREACHABLE.remediation', { host: reach.host ?? '?', port: reach.port }),
    });
  } else if (reach.attempted) {
    add({
      group,
      code: 'NGT_NO_PATH_TO_CLUSTER',
      status: 'fail',
      summary: k('NGT_NO_PATH_TO_CLUSTER.summary', { host: reach.host ?? '?', port: reach.port }),
      detail: reach.error ?? undefined,
      remediation: k('NGT_NO_PATH_TO_CLUSTER.remediation', { host: reach.host ?? '?', port: reach.port }),
    });
  }
  if (hasSerial && !(reach.attempted && !reach.reachable)) {
    add({
      group,
      code: 'NGT_SERIAL_PORT_PRESENT',
      status: 'ok',
      summary: k('NGT_SERIAL_PORT_PRESENT.summary', { port: ngt.serialPorts[0] }),
    });
  }
}

/** One StepOutcome for a group: worst status, the worst finding first, every finding in detail. */
export function groupOutcome(group: FindingGroup, findings: WindowsFinding[], t: Translate): StepOutcome {
  if (findings.length === 0) {
    return { status: 'skipped', summary: t(`windows.groups.${group}.none`), data: { group, findings: [] } };
  }
  const sorted = [...findings].sort((a, b) => STATUS_RANK[b.status] - STATUS_RANK[a.status]);
  const worst = sorted[0];
  const problems = sorted.filter((f) => f.status !== 'ok');
  const summary =
    problems.length === 0
      ? t(`windows.groups.${group}.ok`)
      : problems.length === 1
        ? worst.summary
        : t('windows.groups.more', { first: worst.summary, count: problems.length - 1 });
  const detail = sorted
    .map(
      (f) =>
        `${t(`windows.status.${f.status}`)}: ${f.summary}${f.detail ? `\n  ${f.detail.split('\n').join('\n  ')}` : ''}`,
    )
    .join('\n');
  const remediations = [...new Set(problems.map((f) => f.remediation).filter((r): r is string => !!r))];
  return {
    status: worst.status,
    summary,
    detail,
    remediation:
      remediations.length === 0
        ? undefined
        : remediations.length === 1
          ? remediations[0]
          : remediations.map((r, i) => `${i + 1}. ${r}`).join('\n'),
    code: problems.length > 0 ? worst.code : undefined,
    data: { group, findings },
  };
}
