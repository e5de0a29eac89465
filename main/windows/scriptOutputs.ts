/**
 * The JSON contracts between NGT Prep and its PowerShell scripts (assets/windows/*.ps1).
 * Each script writes exactly one JSON object on stdout; these schemas are the single place
 * where the shape of that object is written down. Objects are loose (unknown fields are kept)
 * so that a newer script never breaks an older reader; fields that Windows may not provide
 * are nullable.
 */
import { z } from 'zod';
import { applyRecordSchema } from './applyRecord';
import { nullableString, optionalText, wsmanText } from './scriptValues';

// ---------------------------------------------------------------------------------------------
// Shared pieces
// ---------------------------------------------------------------------------------------------

/** The names the scripts give themselves in their output (`script`). */
export const WINDOWS_SCRIPTS = {
  check: 'Get-NgtPrepState',
  apply: 'Set-NgtPrepWinRm',
  verify: 'Test-NgtPrepWinRm',
  undo: 'Undo-NgtPrepWinRm',
} as const;
export type WindowsScriptKind = keyof typeof WINDOWS_SCRIPTS;

/** File name of each script under assets/windows. */
export function windowsScriptFileName(kind: WindowsScriptKind): string {
  return `${WINDOWS_SCRIPTS[kind]}.ps1`;
}

/** Facts NGT Prep's own objects are recognised by; the scripts use the same literals. */
export const NGT_PREP_FIREWALL_RULE_NAME = 'NGTPrep-WinRM-HTTPS-In';
export const NGT_PREP_CERTIFICATE_FRIENDLY_NAME = 'NGT Prep WinRM HTTPS';

/** Every script's failure: `{ ok: false, error: { code, message } }`. */
export const scriptErrorSchema = z.looseObject({
  ok: z.literal(false),
  script: z.string().optional(),
  schemaVersion: z.number().optional(),
  error: z.looseObject({
    code: z.string(),
    message: z.string(),
    detail: optionalText,
  }),
});
export type ScriptError = z.infer<typeof scriptErrorSchema>;

/** What every script's success begins with: `{ ok: true, script: <its name>, schemaVersion }`. */
function successHeader<K extends WindowsScriptKind>(kind: K) {
  return { ok: z.literal(true), script: z.literal(WINDOWS_SCRIPTS[kind]), schemaVersion: z.number() };
}

/** A WSMan:\ setting: its value (always text in WSMan) and SourceOfValue ("GPO" or null). */
export const wsmanSettingSchema = z.looseObject({ value: nullableString, source: nullableString });
export type WsmanSetting = z.infer<typeof wsmanSettingSchema>;

/** Who owns a setting: Group Policy (a local change is refused or reverted) or the machine itself. */
const ownerSchema = z.enum(['policy', 'local']);

export const listenerSchema = z.looseObject({
  address: nullableString,
  transport: nullableString,
  port: z.number(),
  hostname: wsmanText,
  enabled: z.boolean(),
  urlPrefix: optionalText,
  certificateThumbprint: wsmanText,
  listeningOn: z.array(nullableString).optional(),
  source: optionalText,
});
export type WinRmListener = z.infer<typeof listenerSchema>;

/** One certificate of Cert:\LocalMachine\My as the scripts describe it. Dates are ISO 8601 UTC. */
export const certificateInfoSchema = z.looseObject({
  thumbprint: z.string(),
  subject: z.string(),
  issuer: z.string(),
  friendlyName: optionalText,
  dnsNames: z.array(z.string()),
  ekus: z.array(z.string()),
  hasEkuExtension: z.boolean(),
  notBefore: z.string(),
  notAfter: z.string(),
  hasPrivateKey: z.boolean(),
  /** present: the key opens; missing: none; unreadable: Windows lists one that cannot be opened. */
  privateKeyStatus: z.enum(['present', 'missing', 'unreadable', 'access-denied', 'unknown']),
  keyAlgorithm: optionalText,
  keySize: z.number().nullable().optional(),
  signatureAlgorithm: optionalText,
  selfSigned: z.boolean(),
});
export type CertificateInfo = z.infer<typeof certificateInfoSchema>;

export const firewallRuleSchema = z.looseObject({
  name: z.string(),
  displayName: z.string(),
  group: optionalText,
  enabled: z.boolean(),
  direction: z.string(),
  action: z.string(),
  /** "Domain", "Private", "Public", or "Any". */
  profiles: z.array(z.string()),
  localPorts: z.array(z.string()),
  remoteAddresses: z.array(z.string()),
  /** PolicyStoreSourceType: "Local", "GroupPolicy", ... */
  source: optionalText,
});
export type FirewallRule = z.infer<typeof firewallRuleSchema>;

export const serviceInfoSchema = z.looseObject({
  name: z.string(),
  present: z.boolean(),
  displayName: nullableString,
  /** Win32_Service State: "Running", "Stopped", ... */
  status: nullableString,
  /** "Automatic", "Manual", "Disabled" (Win32_Service "Auto" is written as "Automatic"). */
  startType: nullableString,
  delayedAutoStart: z.boolean().nullable().optional(),
});
export type ServiceInfo = z.infer<typeof serviceInfoSchema>;

export const hostNamesSchema = z.looseObject({
  hostName: z.string(),
  domain: optionalText,
  fqdn: z.string(),
  netbiosName: optionalText,
  partOfDomain: z.boolean().optional(),
  adDomain: optionalText,
});

// ---------------------------------------------------------------------------------------------
// Get-NgtPrepState.ps1 (check)
// ---------------------------------------------------------------------------------------------

export const checkResultSchema = z.looseObject({
  ...successHeader('check'),
  collectedAt: z.string(),
  elevated: z.boolean(),
  os: z
    .looseObject({
      caption: z.string(),
      version: z.string(),
      build: z.number(),
      is64Bit: z.boolean(),
      /** 1 workstation, 2 domain controller, 3 server. */
      productType: z.number(),
    })
    .nullable(),
  powershell: z.looseObject({
    version: z.string(),
    edition: optionalText,
    clrVersion: optionalText,
  }),
  computer: hostNamesSchema.nullable(),
  service: serviceInfoSchema.nullable(),
  wsman: z.looseObject({
    available: z.boolean(),
    /** service-missing | service-not-running | wsman-unreadable */
    unavailableReason: nullableString,
    listeners: z.array(listenerSchema),
    auth: z
      .looseObject({
        basic: wsmanSettingSchema,
        kerberos: wsmanSettingSchema.optional(),
        negotiate: wsmanSettingSchema.optional(),
        certificate: wsmanSettingSchema.optional(),
        credSSP: wsmanSettingSchema.optional(),
        cbtHardeningLevel: wsmanSettingSchema.optional(),
      })
      .nullable(),
    allowUnencrypted: wsmanSettingSchema.nullable(),
    ipv4Filter: wsmanSettingSchema.nullable(),
    ipv6Filter: wsmanSettingSchema.nullable(),
    maxEnvelopeSizekb: wsmanSettingSchema.nullable(),
    /** WSMan:\localhost\Shell\AllowRemoteShellAccess (WinRS), which the NGT push needs. */
    allowRemoteShellAccess: wsmanSettingSchema.nullable().optional(),
  }),
  /** HKLM\SOFTWARE\Policies\Microsoft\Windows\WinRM\Service (written by Group Policy). */
  policy: z
    .looseObject({
      present: z.boolean(),
      allowBasic: z.number().nullable(),
      allowUnencryptedTraffic: z.number().nullable(),
      allowAutoConfig: z.number().nullable().optional(),
      ipv4Filter: nullableString,
      ipv6Filter: nullableString,
      /** ...\WinRM\Service\WinRS AllowRemoteShellAccess. */
      allowRemoteShellAccess: z.number().nullable().optional(),
    })
    .nullable(),
  localAccountTokenFilterPolicy: z.number().nullable(),
  /**
   * What makes Prism Central's push fail although Identify answers, each with its owner:
   * "policy" (Group Policy: a local change is refused or reverted) or "local". A part that could
   * not be read is null (and listed in sectionErrors). Absent from older scripts.
   */
  remoteAccess: z
    .looseObject({
      /** WinRS AllowRemoteShellAccess (policy key, or WSMan:\localhost\Shell). */
      remoteShell: z.looseObject({ allowed: z.boolean().nullable(), source: ownerSchema.nullable() }).nullable(),
      /** "Deny access to this computer from the network" (SeDenyNetworkLogonRight, from secedit /export). */
      denyNetworkLogon: z
        .looseObject({
          /** SIDs without the leading "*", or account names secedit could not write as a SID. */
          accounts: z.array(z.string()),
          /** S-1-5-113 (Local account) and S-1-5-114 (Local account and member of Administrators) among them. */
          localAccountsDenied: z.array(z.string()),
          source: ownerSchema,
        })
        .nullable(),
      /** LocalAccountTokenFilterPolicy; "policy" when a GPO sets it (the Resultant Set of Policy says so). */
      tokenFilter: z.looseObject({ value: z.number().nullable(), source: ownerSchema.nullable() }).nullable(),
    })
    .optional(),
  networkProfiles: z
    .array(
      z.looseObject({
        name: z.string(),
        interfaceAlias: z.string(),
        interfaceIndex: z.number(),
        /** "Public", "Private" or "DomainAuthenticated". */
        networkCategory: z.string(),
        ipv4Connectivity: optionalText,
      }),
    )
    .nullable(),
  firewall: z
    .looseObject({
      profiles: z.array(z.looseObject({ name: z.string(), enabled: z.boolean(), defaultInboundAction: optionalText })),
      rules: z.array(firewallRuleSchema),
    })
    .nullable(),
  certificates: z.array(certificateInfoSchema).nullable(),
  /** Apply records not yet rolled back, oldest first; `text` is the record's JSON. */
  applyRecords: z.array(z.looseObject({ path: z.string(), text: z.string() })).nullable(),
  /** The golden image's first-boot task and files (absent from older scripts; null when unreadable). */
  firstBoot: z
    .looseObject({
      taskName: z.string(),
      taskPresent: z.boolean(),
      scriptPath: z.string(),
      scriptPresent: z.boolean(),
      logCount: z.number(),
    })
    .nullable()
    .optional(),
  ngt: z
    .looseObject({
      installDir: z.string(),
      installed: z.boolean(),
      configPath: z.string(),
      /** ngt_config.json as written on disk (NGT Prep parses it). */
      configText: nullableString,
      clientCertPath: z.string(),
      /** client-cert.pem as text (NGT Prep parses it). */
      clientCertPem: nullableString,
      services: z.array(serviceInfoSchema),
      clusterReach: z.looseObject({
        host: nullableString,
        port: z.number(),
        attempted: z.boolean(),
        reachable: z.boolean().nullable(),
        error: nullableString,
        elapsedMs: z.number().nullable(),
      }),
      cdromDrives: z.array(
        z.looseObject({
          drive: nullableString,
          name: optionalText,
          mediaLoaded: z.boolean(),
          volumeName: nullableString,
        }),
      ),
      serialPorts: z.array(z.string()),
    })
    .nullable(),
  /** Parts of the check that could not be read, with Windows' message. */
  sectionErrors: z.array(z.looseObject({ section: z.string(), message: z.string() })),
});
export type CheckResult = z.infer<typeof checkResultSchema>;

// ---------------------------------------------------------------------------------------------
// Set-NgtPrepWinRm.ps1 (apply): the change record and the result (its options: applyOptions.ts)
// ---------------------------------------------------------------------------------------------

export const applyResultSchema = z.looseObject({
  ...successHeader('apply'),
  changed: z.boolean(),
  /** null when nothing changed (no record is kept then). */
  recordPath: nullableString,
  record: applyRecordSchema,
  certificate: z.looseObject({
    /** thumbprint | listener | earlier-ngt-prep | created */
    source: z.enum(['thumbprint', 'listener', 'earlier-ngt-prep', 'created']),
    method: nullableString,
    info: certificateInfoSchema,
  }),
  listener: listenerSchema.nullable(),
  firewall: z.looseObject({
    ruleName: z.string(),
    action: z.enum(['created', 'updated', 'unchanged', 'covered-by-existing']),
    coveringRules: z.array(z.string()),
  }),
  warnings: z.array(z.looseObject({ code: z.string(), message: z.string() })),
});
export type ApplyResult = z.infer<typeof applyResultSchema>;

// ---------------------------------------------------------------------------------------------
// Test-NgtPrepWinRm.ps1 (local verify)
// ---------------------------------------------------------------------------------------------

export const VERIFY_CHECK_IDS = [
  'listener-present',
  'listener-enabled',
  'certificate-valid',
  'certificate-name',
  'port-listening',
  'firewall-profiles',
] as const;

export const verifyResultSchema = z.looseObject({
  ...successHeader('verify'),
  collectedAt: z.string(),
  computer: hostNamesSchema,
  listener: z
    .looseObject({
      address: z.string(),
      transport: z.string(),
      port: z.number(),
      hostname: wsmanText,
      certificateThumbprint: wsmanText,
      enabled: z.boolean(),
    })
    .nullable(),
  certificate: certificateInfoSchema.nullable(),
  tcp: z.looseObject({ port: z.number(), listening: z.boolean(), localAddresses: z.array(z.string()) }),
  firewall: z.looseObject({
    rules: z.array(firewallRuleSchema),
    openingRules: z.array(z.string()),
    coveredProfiles: z.array(z.string()),
  }),
  checks: z.array(z.looseObject({ id: z.string(), passed: z.boolean(), code: z.string() })),
  passed: z.boolean(),
});
export type VerifyResult = z.infer<typeof verifyResultSchema>;

// ---------------------------------------------------------------------------------------------
// Undo-NgtPrepWinRm.ps1 (rollback): the result (the planned actions it is given: undoOptions.ts)
// ---------------------------------------------------------------------------------------------

export const undoResultSchema = z.looseObject({
  ...successHeader('undo'),
  changed: z.boolean(),
  failedCount: z.number(),
  results: z.array(
    z.looseObject({
      index: z.number(),
      type: z.string(),
      status: z.enum(['done', 'skipped', 'failed']),
      reason: nullableString,
      message: nullableString,
    }),
  ),
  archivedRecords: z.array(z.string()),
  /** The first-boot task and files removed after a rollback with no failure (null otherwise). */
  firstBoot: z
    .looseObject({ taskRemoved: z.boolean(), filesRemoved: z.array(z.string()) })
    .nullable()
    .optional(),
});
export type UndoResult = z.infer<typeof undoResultSchema>;

/** Progress lines the scripts write on stderr: `##ngtprep:progress {"step","current","max"}`. */
export const PROGRESS_PREFIX = '##ngtprep:progress ';
export const scriptProgressSchema = z.object({ step: z.string(), current: z.number(), max: z.number() });
export type ScriptProgress = z.infer<typeof scriptProgressSchema>;

/**
 * Dates from the scripts: ISO 8601 text, and also ConvertTo-Json's own "\/Date(ms)\/" form in
 * case a date ever escapes unconverted. Returns null for anything else.
 */
export function parseScriptDate(value: string | null | undefined): Date | null {
  if (!value) return null;
  const legacy = /^\/?Date\((-?\d+)(?:[+-]\d{4})?\)\/?$/.exec(value.replace(/\\/g, ''));
  if (legacy) return new Date(Number(legacy[1]));
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}
