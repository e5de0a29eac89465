/**
 * Reading what the prepare and verify scripts (remoteScripts.ts) print, and
 * deciding from it: which Python the installer will run with, which
 * distribution string it will compute, and whether the host is supported as
 * is, after the patch, or not at all. Pure: text in, facts and decisions out.
 */
import { classifyHost, parseOsRelease, type HostClassification } from './osRelease';
import { parseNgtConfig, type NgtConfig } from '../ngt/ngtConfig';
import { otherBranchMatch, type DistributionApi } from './installerFactory/factoryReaders';
import { planInstallerFactoryPatch, type PatchPlan } from './installerFactoryPatch';
import { NGT_CLUSTER_PORT } from '../engine/network';
import { parseJsonObject } from '../engine/jsonObject';

/** key → values in output order (a key may repeat). */
export type FactLines = Map<string, string[]>;

/** The first line every fact script prints (`kv probe 1`): what comes before is not ours. */
export const FACTS_START = 'probe=MQ==';

/**
 * Parses `key=<base64>` lines; other lines are ignored (they are not ours).
 * When the output holds our start line, everything before it is dropped: a
 * login shell's .bashrc may print to stdout, even `key=value`-looking lines.
 */
export function parseFactLines(stdout: string): FactLines {
  const facts: FactLines = new Map();
  const all = stdout.split('\n');
  const start = all.findIndex((l) => l.replace(/\r$/, '') === FACTS_START);
  for (const line of start >= 0 ? all.slice(start) : all) {
    const match = /^([a-z][a-z0-9_-]*)=([A-Za-z0-9+/=]*)\r?$/.exec(line);
    if (!match) continue;
    const value = Buffer.from(match[2]!, 'base64').toString('utf8');
    const list = facts.get(match[1]!) ?? [];
    list.push(value);
    facts.set(match[1]!, list);
  }
  return facts;
}

function first(facts: FactLines, key: string): string | undefined {
  return facts.get(key)?.[0];
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

function asInt(value: string | undefined): number | null {
  return value !== undefined && /^\d+$/.test(value.trim()) ? Number(value.trim()) : null;
}

function parseJson(text: string | undefined): Record<string, unknown> | null {
  return text ? parseJsonObject(text) : null;
}

function asTriple(value: unknown): [string, string, string] | undefined {
  return Array.isArray(value) && value.length >= 1 && value.every((v) => typeof v === 'string')
    ? [String(value[0]), String(value[1] ?? ''), String(value[2] ?? '')]
    : undefined;
}

export interface PythonCandidate {
  path: string;
  version?: string;
  /** `distro.linux_distribution()` on the host, when the module exists. */
  distro?: [string, string, string];
  distroError?: string;
  /** `platform.linux_distribution()` (gone since Python 3.8). */
  platform?: [string, string, string];
  platformError?: string;
  /** The interpreter did not run the probe program at all. */
  failed: boolean;
  /** `import setuptools` works there. */
  setuptools?: boolean;
}

export interface ClusterCheck {
  ip: string;
  port: number;
  reachable: boolean;
  error?: string;
}

export function parseClusterCheck(text: string | undefined): ClusterCheck | undefined {
  const json = parseJson(text);
  if (!json || typeof json.reachable !== 'boolean') return undefined;
  return {
    ip: typeof json.ip === 'string' ? json.ip : '',
    port: typeof json.port === 'number' ? json.port : NGT_CLUSTER_PORT,
    reachable: json.reachable,
    error: typeof json.error === 'string' ? json.error : undefined,
  };
}

export type SerialPort = 'present' | 'absent' | 'unknown';

export interface HostFacts {
  /** The script reached its end. */
  complete: boolean;
  osRelease: Record<string, string>;
  family: HostClassification;
  arch: string;
  hostname: string;
  uid: number | null;
  user: string;
  sudoUser?: string;
  systemd: boolean;
  dmidecode?: string;
  usrLocalWritable: boolean;
  freeKbVarTmp: number | null;
  /** What getenforce printed (Enforcing, Permissive, Disabled); undefined when it is not installed. */
  selinux?: string;
  /** Free space in /root, the staging base when /var/tmp is noexec. */
  freeKbRoot: number | null;
  freeKbUsrLocal: number | null;
  /** /var/tmp is mounted noexec. */
  varTmpNoexec: boolean;
  serial: SerialPort;
  pythons: PythonCandidate[];
  /** clientCertPem: the client-cert.pem beside it, when readable (public; the key is never read). */
  installed?: { path: string; config?: NgtConfig; error?: string; clientCertPem?: string };
  iso: {
    given?: string;
    dir?: string;
    device?: string;
    mountedByUs?: string;
    mountFailed?: string;
    config?: NgtConfig;
    configError?: string;
    factorySource?: string;
    installNgtPySource?: string;
    redhatInstallerSource?: string;
    hasInstallSh: boolean;
    setupPython: boolean;
  };
  cluster?: ClusterCheck;
}

/** `ttyS0/type` is the UART type: 0 means the kernel found no port there. */
function serialOf(value: string | undefined): SerialPort {
  if (value === undefined) return 'unknown';
  const v = value.trim();
  if (v === 'present') return 'present';
  if (v === 'absent') return 'absent';
  if (/^\d+$/.test(v)) return Number(v) > 0 ? 'present' : 'absent';
  return 'unknown';
}

function configOf(text: string | undefined): { config?: NgtConfig; error?: string } {
  if (text === undefined) return {};
  const parsed = parseNgtConfig(text);
  return parsed.ok ? { config: parsed.config } : { error: parsed.error };
}

export function interpretPrepareFacts(facts: FactLines): HostFacts {
  const osRelease = parseOsRelease(first(facts, 'os_release') ?? '');
  const pythonPaths = facts.get('python') ?? [];
  const evals = facts.get('python_eval') ?? [];
  const pythons: PythonCandidate[] = [];
  const seen = new Set<string>();
  pythonPaths.forEach((path, i) => {
    const json = parseJson(evals[i]);
    const key = `${path}`;
    if (seen.has(key)) return;
    seen.add(key);
    pythons.push({
      path,
      version: typeof json?.version === 'string' ? json.version : undefined,
      distro: asTriple(json?.distro),
      distroError: typeof json?.distroError === 'string' ? json.distroError : undefined,
      platform: asTriple(json?.platform),
      platformError: typeof json?.platformError === 'string' ? json.platformError : undefined,
      failed: json === null || json.failed === true,
      setuptools: typeof json?.setuptools === 'boolean' ? json.setuptools : undefined,
    });
  });
  const installedPath = nonEmpty(first(facts, 'installed_config_path'));
  const installedConfig = configOf(first(facts, 'installed_config'));
  const isoConfig = configOf(first(facts, 'iso_config'));
  return {
    complete: first(facts, 'probe_end') === '1',
    osRelease,
    family: classifyHost(osRelease),
    arch: first(facts, 'arch') ?? '',
    hostname: first(facts, 'hostname') ?? '',
    uid: asInt(first(facts, 'uid')),
    user: first(facts, 'user') ?? '',
    sudoUser: nonEmpty(first(facts, 'sudo_user')),
    systemd: first(facts, 'systemd') === '1',
    dmidecode: nonEmpty(first(facts, 'dmidecode')),
    usrLocalWritable: first(facts, 'usr_local_writable') === '1',
    freeKbVarTmp: asInt(first(facts, 'free_kb_var_tmp')),
    freeKbRoot: asInt(first(facts, 'free_kb_root')),
    selinux: nonEmpty(first(facts, 'selinux')),
    freeKbUsrLocal: asInt(first(facts, 'free_kb_usr_local')),
    varTmpNoexec: first(facts, 'var_tmp_noexec') === '1',
    serial: serialOf(first(facts, 'serial')),
    pythons,
    installed: installedPath
      ? { path: installedPath, ...installedConfig, clientCertPem: first(facts, 'installed_client_cert') }
      : undefined,
    iso: {
      given: nonEmpty(first(facts, 'iso_given')),
      dir: nonEmpty(first(facts, 'iso_dir')),
      device: nonEmpty(first(facts, 'iso_device')),
      mountedByUs: nonEmpty(first(facts, 'iso_mounted_by_us')),
      mountFailed: nonEmpty(first(facts, 'iso_mount_failed')),
      config: isoConfig.config,
      configError: isoConfig.error,
      factorySource: first(facts, 'factory'),
      installNgtPySource: first(facts, 'installer_py'),
      redhatInstallerSource: first(facts, 'redhat_installer'),
      hasInstallSh: first(facts, 'installer_sh') === '1',
      setupPython: first(facts, 'setup_python') === '1',
    },
    cluster: parseClusterCheck(first(facts, 'cluster')),
  };
}

export interface PythonChoice {
  /** The Python install_ngt.py will be run with; undefined when the host has none. */
  python?: PythonCandidate;
  /** The API the installer uses exists in that Python. */
  apiAvailable: boolean;
  /** Which API the distribution string below was computed with. */
  evaluatedWith?: DistributionApi;
  /** `linux_distribution()[0]` as the host's Python reports it (not lower-cased). */
  distributionName?: string;
  /** Working Pythons the installer's own version check refuses. */
  refused: PythonCandidate[];
}

function nameBy(candidate: PythonCandidate, api: DistributionApi): string | undefined {
  const triple = api === 'distro' ? candidate.distro : candidate.platform;
  return triple?.[0];
}

/**
 * Among the Pythons the installer accepts (its own version check: `majors`),
 * the first candidate (python3, platform-python, python2, python) in which the
 * installer's API works; when none has it, the first accepted Python, with the
 * string computed through the other API and `apiAvailable` false. No
 * accepted Python: `python` undefined, the others in `refused`.
 */
export function choosePython(
  pythons: PythonCandidate[],
  api: DistributionApi | null,
  majors: (2 | 3)[] = [2, 3],
): PythonChoice {
  const accepts = (p: PythonCandidate) => {
    const major = /^(\d+)\./.exec(p.version ?? '')?.[1];
    return major === undefined || (majors as number[]).includes(Number(major));
  };
  const alive = pythons.filter((p) => !p.failed);
  const refused = alive.filter((p) => !accepts(p));
  const working = alive.filter(accepts);
  if (working.length === 0 && refused.length > 0) return { apiAvailable: false, refused };
  const order: DistributionApi[] = api === 'platform' ? ['platform', 'distro'] : ['distro', 'platform'];
  const wanted = api ?? 'distro';
  const withApi = working.find((p) => nameBy(p, wanted) !== undefined);
  if (withApi) {
    return {
      python: withApi,
      apiAvailable: true,
      evaluatedWith: wanted,
      distributionName: nameBy(withApi, wanted),
      refused,
    };
  }
  const fallback = working[0] ?? pythons[0];
  if (!fallback) return { apiAvailable: false, refused };
  for (const other of order) {
    const name = nameBy(fallback, other);
    if (name !== undefined)
      return { python: fallback, apiAvailable: api === null, evaluatedWith: other, distributionName: name, refused };
  }
  return { python: fallback, apiAvailable: false, refused };
}

export type SupportDecision =
  | { kind: 'supported-as-is'; matchedName: string; plan: PatchPlan }
  /** Another branch of the installer (Ubuntu, SUSE) names it: the installer's own way, no patch. */
  | { kind: 'supported-by-installer'; matchedName: string }
  | { kind: 'supported-after-patch'; plan: Extract<PatchPlan, { kind: 'patched' }> }
  | { kind: 'refused'; family: HostClassification }
  | { kind: 'unrecognised'; plan: Extract<PatchPlan, { kind: 'unrecognised' }> };

/**
 * Supported as is when the Red Hat branch already names the distribution;
 * after the patch when the host is RHEL-like; refused otherwise (NGT Prep
 * never routes a Debian- or SUSE-like host to the Red Hat installer).
 */
export function decideSupport(factorySource: string, patchName: string, family: HostClassification): SupportDecision {
  const plan = planInstallerFactoryPatch(factorySource, patchName);
  if (plan.kind === 'already-supported') return { kind: 'supported-as-is', matchedName: plan.matchedName, plan };
  const own = otherBranchMatch(factorySource, patchName);
  if (own !== null) return { kind: 'supported-by-installer', matchedName: own };
  if (family.family !== 'rhel-like') return { kind: 'refused', family };
  if (plan.kind === 'patched') return { kind: 'supported-after-patch', plan };
  return { kind: 'unrecognised', plan };
}

export interface ServiceState {
  name: string;
  active: boolean;
  /**
   * 'systemd' (unit active), 'init-script' (/etc/init.d/<name> status says running),
   * 'pid-file' (/run/<name>.pid names a live process), 'process' (found by command line).
   */
  method: 'systemd' | 'init-script' | 'pid-file' | 'process' | 'none';
  pid?: number;
  unitState?: string;
  /** What `/etc/init.d/<name> status` printed, when there is one. */
  initScriptStatus?: string;
  /** No unit, init script, pid file or process: the installed release does not have this service. */
  absent?: boolean;
}

export interface VerifyFacts {
  systemd: boolean;
  services: { agent: ServiceState; selfServiceRestore: ServiceState };
  installDir?: string;
  installDirWithoutConfig?: string;
  config?: NgtConfig;
  configError?: string;
  cluster?: ClusterCheck;
  hostname: string;
  /** The agent's stdout log and its last lines (shown when the agent is down). */
  agentLog?: { path: string; tail: string };
}

/** Systemd unit first, then init script, then pid file, then process. */
function serviceState(facts: FactLines, name: string, systemd: boolean): ServiceState {
  const unitState = nonEmpty(first(facts, `unit_${name}`));
  const initScriptStatus = nonEmpty(first(facts, `initd_${name}`));
  const pid = asInt(first(facts, `pid_${name}`)) ?? undefined;
  if (systemd && unitState === 'active') return { name, active: true, method: 'systemd', unitState, pid };
  if (first(facts, `initd_ok_${name}`) === '1')
    return { name, active: true, method: 'init-script', pid, unitState, initScriptStatus };
  const source = first(facts, `pidsrc_${name}`);
  if (pid !== undefined)
    return {
      name,
      active: true,
      method: source === 'process' ? 'process' : 'pid-file',
      pid,
      unitState,
      initScriptStatus,
    };
  const absent =
    initScriptStatus === undefined && (unitState === undefined || unitState === 'unknown' || unitState === 'inactive');
  return { name, active: false, method: systemd ? 'systemd' : 'none', unitState, initScriptStatus, absent };
}

export function interpretVerifyFacts(facts: FactLines): VerifyFacts {
  const systemd = first(facts, 'systemd') === '1';
  let agent = serviceState(facts, 'ngt_guest_agent', systemd);
  // Some releases name the agent unit nutanix-guest-agent.
  if (!agent.active) {
    const alt = serviceState(facts, 'nutanix-guest-agent', systemd);
    if (alt.active) agent = alt;
  }
  const config = configOf(first(facts, 'installed_config'));
  const logPath = nonEmpty(first(facts, 'agent_log_path'));
  return {
    systemd,
    services: { agent, selfServiceRestore: serviceState(facts, 'ngt_self_service_restore', systemd) },
    installDir: nonEmpty(first(facts, 'install_dir')),
    installDirWithoutConfig: nonEmpty(first(facts, 'install_dir_only')),
    config: config.config,
    configError: config.error,
    cluster: parseClusterCheck(first(facts, 'cluster')),
    hostname: first(facts, 'hostname') ?? '',
    agentLog: logPath ? { path: logPath, tail: first(facts, 'agent_log_tail') ?? '' } : undefined,
  };
}

/** The older layout (no ngt/ folder) has no Self Service Restore service. */
export function expectsSelfServiceRestore(installDir: string | undefined): boolean {
  return installDir !== '/usr/local/nutanix';
}

/** The NGT installer's progress lines (stdout of a successful install), in order. */
export const INSTALLER_MILESTONES: RegExp[] = [
  /^Using Linux Installer for /,
  /^Setting up Nutanix Guest Tools - VM mobility drivers/,
  /^Successfully set up Nutanix Guest Tools - VM mobility drivers/,
  /^Setting up Nutanix Guest Agent Service/,
  /^Successfully set up Nutanix Guest Agent Service/,
  /^Setting up Nutanix Self Service Restore Service/,
  /^Successfully set up Nutanix Self Service Restore Service/,
  /installation is complete/i,
];

/** Index+1 of the milestone a line reaches, or 0. */
export function installerMilestone(line: string): number {
  const i = INSTALLER_MILESTONES.findIndex((re) => re.test(line.trim()));
  return i + 1;
}

/**
 * Where the installer copy goes: /var/tmp, unless it is mounted noexec (a
 * common hardening; the installer may run programs from its copy), then
 * root's home /root, which is never noexec on RHEL-family systems.
 */
export const STAGING_BASES = ['/var/tmp', '/root'] as const;
export type StagingBase = (typeof STAGING_BASES)[number];

export function stagingBaseFor(varTmpNoexec: boolean): StagingBase {
  return varTmpNoexec ? '/root' : '/var/tmp';
}

/** `<base>/ngt-prep-<YYYYmmddHHMMSS>` in UTC (base /var/tmp by default). */
export function stagingPathFor(date: Date, base: StagingBase = '/var/tmp'): string {
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  const stamp = `${p(date.getUTCFullYear(), 4)}${p(date.getUTCMonth() + 1)}${p(date.getUTCDate())}${p(date.getUTCHours())}${p(date.getUTCMinutes())}${p(date.getUTCSeconds())}`;
  return `${base}/ngt-prep-${stamp}`;
}

/** Free space where the copy will actually go (stagingBaseFor). */
export function freeKbAtStaging(facts: Pick<HostFacts, 'varTmpNoexec' | 'freeKbVarTmp' | 'freeKbRoot'>): number | null {
  return stagingBaseFor(facts.varTmpNoexec) === '/root' ? facts.freeKbRoot : facts.freeKbVarTmp;
}

export const STAGING_PATH_PATTERN = /^\/(var\/tmp|root)\/ngt-prep-\d{14}$/;
