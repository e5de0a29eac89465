/**
 * The Linux capability as one job: connect over SSH, find out everything that
 * matters in a handful of round trips, show the plan (staging folder and the
 * diff of installer_factory.py), copy the ISO tree, patch and prove the copy,
 * run the NGT installer as root with its output streamed live, and verify.
 *
 * Every value a person gives reaches the VM as a positional parameter of a
 * fixed script (remoteScripts.ts) or as one element of an argv that
 * SshSession quotes with shJoin: nothing is spliced into shell text.
 */
import * as nodeFs from 'node:fs/promises';

import { FILE_LIMITS, readBoundedFileFor } from '../engine/boundedFileRead';
import { NgtError } from '../engine/errors';
import type { JobDefinition, StepContext, StepDefinition, StepLogger, Translate } from '../engine/job';
import type { StepOutcome } from '../engine/types';
import type { LinuxInstallParams } from './installParams';
import { compareNgtVersions } from '../ngt/ngtConfig';
import { redHatCondition, type DistributionApi } from './installerFactoryPatch';
import {
  choosePython,
  decideSupport,
  interpretPrepareFacts,
  interpretVerifyFacts,
  parseFactLines,
  stagingBaseFor,
  freeKbAtStaging,
  stagingPathFor,
  STAGING_PATH_PATTERN,
  type HostFacts,
  type PythonChoice,
  type SupportDecision,
  type VerifyFacts,
} from './prepareProbe';
import {
  PREPARE_PROBE_SCRIPT,
  PROVE_PATCH_SCRIPT,
  PYTHON_CLUSTER_PROGRAM,
  PYTHON_DISTRIBUTION_PROGRAM,
  REMOVE_STAGING_SCRIPT,
  STAGE_SCRIPT,
  UNMOUNT_ISO_SCRIPT,
  VERIFY_SCRIPT,
} from './remoteScripts';
import { unifiedDiff } from './unifiedDiff';
import { installerCommand, readInstallerProfile, requiredApi, type InstallerProfile } from './installerProfile';
import { runInstallerStep } from './steps/runInstallerStep';
import type { LinuxStepKit } from './steps/stepKit';
import { removeSteps } from './steps/removeSteps';
import { verifyServicesStep } from './steps/verifyServicesStep';
import { connectSsh, type SshAuth, type SshConnectOptions } from './ssh/connectSsh';
import { hostKeyVerifier, type KnownHostsFsPort } from './ssh/hostKeyPolicy';
import type { SshSession, SudoMode } from './ssh/sshSession';
import { SSH_PORT } from '../engine/network';

export const FACTORY_RELATIVE_PATH = 'installer/linux/src/installer_factory.py';
export const INSTALLER_RELATIVE_PATH = 'installer/linux/install_ngt.py';
/** Seconds the VM waits for the cluster's port before calling it unreachable. */
const CLUSTER_TIMEOUT_S = 3;
const PROBE_TIMEOUT_MS = 90_000;
const STAGE_TIMEOUT_MS = 10 * 60_000;
/** Staging needs the ISO's size; real NGT ISOs are well under this. */
const MIN_FREE_KB_STAGING = 200 * 1024;
const MIN_FREE_KB_USR_LOCAL = 200 * 1024;

export interface LinuxInstallDeps {
  t: Translate;
  hostKeyPolicy: { acceptNew?: boolean; fingerprint?: string; knownHostsPath: string };
  /** Someone can answer prompts (the wizard): an unknown host key is asked about instead of refused. */
  interactive?: boolean;
  connect?: typeof connectSsh;
  /** Clock for the staging folder's name (default: the engine's clock). */
  now?: () => Date;
  knownHostsFs?: KnownHostsFsPort;
  /** Connection timeouts (tests shorten them). */
  ssh?: Pick<SshConnectOptions, 'readyTimeoutMs' | 'keepaliveIntervalMs' | 'keepaliveCountMax'>;
}

export type LinuxStepId =
  | 'connect'
  | 'host'
  | 'privileges'
  | 'python'
  | 'prerequisites'
  | 'iso'
  | 'existing-ngt'
  | 'cluster'
  | 'distribution'
  | 'plan'
  | 'stage'
  | 'prove-patch'
  | 'run-installer'
  | 'verify-services'
  | 'verify-install'
  | 'verify-cluster'
  | 'cluster-side'
  | 'clean-staging'
  | 'remove-plan'
  | 'run-uninstaller'
  | 'remove-leftovers'
  | 'remove-remains';

export interface LinuxInstallState {
  session?: SshSession;
  sudo: SudoMode;
  connectStartedAt?: number;
  facts?: HostFacts;
  sudoError?: NgtError;
  api?: DistributionApi | null;
  python?: PythonChoice;
  /** What the installer computes: `linux_distribution()[0].lower()`. */
  distribution?: string;
  decision?: SupportDecision;
  stagingPath?: string;
  staged?: boolean;
  skipInstall?: string;
  installSucceeded?: boolean;
  mountedIso?: string;
  verify?: VerifyFacts;
  /** What the installer on the ISO needs and how it starts (installerProfile.ts). */
  profile?: InstallerProfile;
  /** argv that starts the installer in the staging copy (shown in the plan). */
  installCommand?: string[];
  /** The agent log the installer pointed to when a service failed to start. */
  agentLogHint?: string;
  /** Round trips and wall time of the prepare phase (also in the plan step's data). */
  prepareMetrics?: { sshRoundTrips: number; execs: number; sftpOps: number; prepareMs: number };
}

type Ctx = StepContext<LinuxInstallState>;

function toSshAuth(auth: LinuxInstallParams['auth']): SshAuth {
  switch (auth.kind) {
    case 'password':
      return { kind: 'password', password: auth.password };
    case 'key':
      return { kind: 'key', privateKeyPath: auth.privateKeyPath, passphrase: auth.passphrase };
    case 'agent':
      return { kind: 'agent' };
  }
}

function sudoModeFor(params: LinuxInstallParams): SudoMode {
  if (params.username === 'root') return { kind: 'none' };
  // No sudo for this user, but root's password was given: `su -` (see ssh/remoteCommand.ts).
  if (params.suPassword !== undefined) return { kind: 'su', password: params.suPassword };
  // Most sudo users type their login password: use it unless another was given.
  const password = params.sudoPassword ?? (params.auth.kind === 'password' ? params.auth.password : undefined);
  return { kind: 'sudo', password };
}

function kb(n: number | null): string {
  return n === null ? '?' : `${Math.round(n / 1024)} MB`;
}

export function createLinuxInstallJob(
  params: LinuxInstallParams,
  deps: LinuxInstallDeps,
): JobDefinition<LinuxInstallState> {
  return buildLinuxJob(params, deps, 'install');
}

/** "Remove NGT" over the same connection handling (steps/removeSteps.ts); `dryRun` shows the plan only. */
export function createLinuxRemoveJob(
  params: LinuxInstallParams,
  deps: LinuxInstallDeps,
): JobDefinition<LinuxInstallState> {
  return buildLinuxJob(params, deps, 'remove');
}

function buildLinuxJob(
  params: LinuxInstallParams,
  deps: LinuxInstallDeps,
  operation: 'install' | 'remove',
): JobDefinition<LinuxInstallState> {
  const { t } = deps;
  const connect = deps.connect ?? connectSsh;
  const knownHostsFs: KnownHostsFsPort = deps.knownHostsFs ?? {
    readFile: async (path) => (await readBoundedFileFor(path, FILE_LIMITS.knownHosts, t)).toString('utf8'),
    mkdir: (path, options) => nodeFs.mkdir(path, options),
    appendFile: (path, data, options) => nodeFs.appendFile(path, data, options),
  };
  const port = params.port ?? SSH_PORT;
  const target = `${params.username}@${params.host}:${port}`;
  const state: LinuxInstallState = { sudo: sudoModeFor(params) };
  const phase = params.phase ?? 'all';
  const withPrepare = phase !== 'verify';
  const withInstall = !params.dryRun && (phase === 'install' || phase === 'all');
  const withVerify = !params.dryRun && (phase === 'verify' || phase === 'all');

  const fail = (
    code: string,
    key: string,
    p: Record<string, unknown> = {},
    extra: Partial<StepOutcome> = {},
  ): StepOutcome => ({
    status: 'fail',
    code,
    summary: t(`linuxJob.${key}.summary`, p),
    remediation: t(`linuxJob.${key}.remediation`, p),
    ...extra,
  });
  const warn = (
    code: string,
    key: string,
    p: Record<string, unknown> = {},
    extra: Partial<StepOutcome> = {},
  ): StepOutcome => ({
    ...fail(code, key, p, extra),
    status: 'warn',
  });
  const skipped = (key: string, p: Record<string, unknown> = {}): StepOutcome => ({
    status: 'skipped',
    summary: t(`linuxJob.${key}`, p),
  });

  const session = (): SshSession => {
    if (!state.session)
      throw new NgtError('SSH_CONNECTION_LOST', t('linuxJob.notConnected'), {
        category: 'connect',
        remediation: t('linuxJob.notConnectedRemediation'),
      });
    return state.session;
  };
  /** Facts from the prepare probe; the host step is a gate, so later steps always have them. */
  const facts = (): HostFacts => {
    if (!state.facts)
      throw new NgtError('LINUX_PROBE_FAILED', t('linuxJob.host.noFacts.summary'), {
        remediation: t('linuxJob.host.noFacts.remediation'),
      });
    return state.facts;
  };
  const now = (ctx: Ctx): number => ctx.ports.clock.now().getTime();

  const step = (
    id: LinuxStepId,
    phaseOf: 'prepare' | 'install' | 'verify',
    run: (ctx: Ctx) => Promise<StepOutcome>,
    options: { gate?: boolean; advisory?: boolean } = {},
  ): StepDefinition<LinuxInstallState> => ({ id, phase: phaseOf, title: t(`linuxJob.steps.${id}`), run, ...options });
  const kit: LinuxStepKit = { t, params, state, fail, warn, skipped, session, facts, step };

  // ---------------------------------------------------------------- connect
  const connectStep = step(
    'connect',
    'prepare',
    async (ctx) => {
      state.connectStartedAt = now(ctx);
      const log = (level: 'debug' | 'info' | 'warn' | 'error', text: string) => ctx.log[level](text);
      const verifyHostKey = hostKeyVerifier({
        host: params.host,
        port,
        knownHostsPath: deps.hostKeyPolicy.knownHostsPath,
        fs: knownHostsFs,
        t,
        acceptNew: deps.hostKeyPolicy.acceptNew,
        expectedFingerprint: deps.hostKeyPolicy.fingerprint,
        ask: deps.interactive
          ? async (key) =>
              (
                await ctx.ask({
                  kind: 'host-key',
                  host: params.host,
                  port,
                  keyType: key.type,
                  fingerprint: key.fingerprint,
                })
              ).accept
          : undefined,
        log,
      });
      state.session = await connect(
        { host: params.host, port, username: params.username, auth: toSshAuth(params.auth), ...deps.ssh },
        { t, verifyHostKey, log },
      );
      const key = state.session.hostKey;
      return {
        status: 'ok',
        summary: t('linuxJob.connect.ok', { target, type: key.type, fingerprint: key.fingerprint }),
        data: {
          hostKey: { type: key.type, fingerprint: key.fingerprint },
          knownHostsPath: deps.hostKeyPolicy.knownHostsPath,
        },
      };
    },
    { gate: true },
  );

  // ---------------------------------------------------------------- prepare
  const hostStep = step(
    'host',
    'prepare',
    async (ctx) => {
      const s = session();
      const args = [
        params.isoDir ?? '',
        String(CLUSTER_TIMEOUT_S),
        PYTHON_DISTRIBUTION_PROGRAM,
        PYTHON_CLUSTER_PROGRAM,
      ];
      const run = (sudo: SudoMode) =>
        s.runScript(PREPARE_PROBE_SCRIPT, { args, sudo, timeoutMs: PROBE_TIMEOUT_MS, signal: ctx.signal });
      let result;
      try {
        result = await run(state.sudo);
      } catch (error) {
        const refusals = ['SUDO_FAILED', 'SUDO_REQUIRES_TTY', 'SU_FAILED'];
        if (!(error instanceof NgtError && refusals.includes(error.code))) throw error;
        // Still gather what an unprivileged user can see; the privileges step reports the sudo failure.
        state.sudoError = error;
        ctx.log.warn(error.message);
        result = await run({ kind: 'none' });
      }
      const f = interpretPrepareFacts(parseFactLines(result.stdout));
      if (!f.complete) {
        return fail(
          'LINUX_PROBE_FAILED',
          'host.probeFailed',
          { code: String(result.code) },
          { detail: result.stderr.trim() || undefined },
        );
      }
      state.facts = f;
      if (f.iso.mountedByUs) state.mountedIso = f.iso.mountedByUs;
      const os = f.osRelease;
      const p = {
        name: os.PRETTY_NAME ?? `${os.NAME ?? '?'} ${os.VERSION_ID ?? ''}`.trim(),
        id: os.ID ?? '?',
        idLike: os.ID_LIKE ?? '-',
        arch: f.arch,
        hostname: f.hostname,
      };
      return {
        status: 'ok',
        summary: t('linuxJob.host.ok', p),
        detail: t('linuxJob.host.family', { family: f.family.family, reason: f.family.reason }),
        data: {
          osRelease: {
            NAME: os.NAME,
            ID: os.ID,
            ID_LIKE: os.ID_LIKE,
            VERSION_ID: os.VERSION_ID,
            PRETTY_NAME: os.PRETTY_NAME,
          },
          family: f.family.family,
          arch: f.arch,
          hostname: f.hostname,
        },
      };
    },
    { gate: true },
  );

  const privilegesStep = step('privileges', 'prepare', async () => {
    if (state.sudoError) throw state.sudoError;
    const f = facts();
    if (f.uid !== 0) return fail('LINUX_NOT_ROOT', 'privileges.notRoot', { user: f.user });
    if (state.sudo.kind === 'su')
      return {
        status: 'ok',
        summary: t('linuxJob.privileges.su', { user: params.username }),
        data: { root: false, sudo: false, su: true },
      };
    if (f.sudoUser)
      return {
        status: 'ok',
        summary: t('linuxJob.privileges.sudo', { user: f.sudoUser }),
        data: { root: false, sudo: true },
      };
    return { status: 'ok', summary: t('linuxJob.privileges.root'), data: { root: true, sudo: false } };
  });

  const pythonStep = step('python', 'prepare', async () => {
    const f = facts();
    const profile =
      f.iso.factorySource !== undefined
        ? readInstallerProfile({
            factory: f.iso.factorySource,
            installNgtPy: f.iso.installNgtPySource,
            redhatInstaller: f.iso.redhatInstallerSource,
            hasInstallSh: f.iso.hasInstallSh,
          })
        : undefined;
    state.profile = profile;
    // The distribution string is what installer_factory.py computes; the API the Python must have
    // is also the one redhat_installer.py calls (platform, on older releases).
    const api = profile ? requiredApi(profile) : null;
    state.api = profile?.factoryApi ?? null;
    const choice = choosePython(f.pythons, api, profile?.pythonMajors);
    state.python = choice;
    if (choice.distributionName !== undefined) state.distribution = choice.distributionName.toLowerCase();
    const candidates = f.pythons.map((p) => `${p.path} (${p.version ?? '?'})`).join(', ');
    const data = {
      python: choice.python?.path,
      version: choice.python?.version,
      api,
      apiAvailable: choice.apiAvailable,
      candidates: f.pythons.map((p) => p.path),
    };
    if (!choice.python && choice.refused.length > 0) {
      const refused = choice.refused.map((c) => `${c.path} (${c.version ?? '?'})`).join(', ');
      return fail(
        'LINUX_PYTHON_REFUSED_BY_INSTALLER',
        'python.refused',
        { requirement: profile?.pythonRequirement ?? '?', refused, version: f.iso.config?.ngtVersion ?? '?' },
        { data },
      );
    }
    if (!choice.python) {
      const setup =
        f.iso.dir && f.iso.setupPython
          ? `${f.iso.dir}/installer/linux/setup_python.sh`
          : 'installer/linux/setup_python.sh';
      return fail('LINUX_PYTHON_MISSING', 'python.missing', { setup }, { data });
    }
    const p = { path: choice.python.path, version: choice.python.version ?? '?', api: api ?? 'distro', candidates };
    if (!choice.apiAvailable && api !== null) {
      // Refused before anything changes: the installer would crash (AttributeError / ImportError).
      const error = (api === 'distro' ? choice.python.distroError : choice.python.platformError) ?? '';
      return fail(
        api === 'platform' ? 'LINUX_INSTALLER_NEEDS_PLATFORM_API' : 'LINUX_PYTHON_API_MISSING',
        `python.apiMissing.${api}`,
        {
          ...p,
          error,
          other: choice.evaluatedWith ?? '-',
          version: f.iso.config?.ngtVersion ?? '?',
          files: profile?.redhatUsesPlatform ? 'installer_factory.py, redhat_installer.py' : 'installer_factory.py',
        },
        { data, detail: t('linuxJob.python.candidates', p) },
      );
    }
    return {
      status: 'ok',
      summary: t(api ? 'linuxJob.python.ok' : 'linuxJob.python.okNoIso', p),
      detail: t('linuxJob.python.candidates', p),
      data,
    };
  });

  const prerequisitesStep = step('prerequisites', 'prepare', async () => {
    const f = facts();
    // The space that matters is where the copy will go: /root when /var/tmp is noexec.
    const stagingBase = stagingBaseFor(f.varTmpNoexec);
    const freeKbStaging = freeKbAtStaging(f);
    const p = {
      free: kb(freeKbStaging),
      staging: stagingBase,
      freeUsrLocal: kb(f.freeKbUsrLocal),
      dmidecode: f.dmidecode ?? '-',
    };
    const data = {
      dmidecode: f.dmidecode ?? null,
      usrLocalWritable: f.usrLocalWritable,
      stagingBase,
      freeKbStaging,
      freeKbVarTmp: f.freeKbVarTmp,
      freeKbUsrLocal: f.freeKbUsrLocal,
      selinux: f.selinux ?? null,
    };
    if (!f.usrLocalWritable) return fail('LINUX_USR_LOCAL_READONLY', 'prerequisites.usrLocal', p, { data });
    if (freeKbStaging !== null && freeKbStaging < MIN_FREE_KB_STAGING)
      return fail('LINUX_NO_SPACE', 'prerequisites.space', p, { data });
    // The installer itself stops without dmidecode (and, on older releases, setuptools).
    if (!f.dmidecode) return fail('LINUX_DMIDECODE_MISSING', 'prerequisites.dmidecode', p, { data });
    const python = state.python?.python;
    if (state.profile?.needsSetuptools && python && python.setuptools === false)
      return fail('LINUX_SETUPTOOLS_MISSING', 'prerequisites.setuptools', { ...p, python: python.path }, { data });
    if (f.freeKbUsrLocal !== null && f.freeKbUsrLocal < MIN_FREE_KB_USR_LOCAL)
      return warn('LINUX_LOW_SPACE', 'prerequisites.usrLocalSpace', p, { data });
    const selinux = f.selinux
      ? t('linuxJob.prerequisites.selinux', { mode: f.selinux })
      : t('linuxJob.prerequisites.selinuxAbsent');
    return { status: 'ok', summary: `${t('linuxJob.prerequisites.ok', p)} ${selinux}`, data };
  });

  const isoStep = step('iso', 'prepare', async () => {
    const { iso } = facts();
    if (!iso.dir) {
      if (iso.given) return fail('NGT_ISO_NOT_FOUND', 'iso.notAtGiven', { dir: iso.given });
      if (iso.mountFailed) return fail('NGT_ISO_MOUNT_FAILED', 'iso.mountFailed', { device: iso.mountFailed });
      return fail('NGT_ISO_NOT_FOUND', 'iso.notFound');
    }
    if (!iso.config) {
      return fail('NGT_ISO_CONFIG_INVALID', 'iso.configInvalid', { dir: iso.dir, error: iso.configError ?? 'missing' });
    }
    if (iso.factorySource === undefined)
      return fail('NGT_ISO_INCOMPLETE', 'iso.noFactory', { dir: iso.dir, file: FACTORY_RELATIVE_PATH });
    const p = { dir: iso.dir, version: iso.config.ngtVersion ?? '?', device: iso.device ?? '' };
    return {
      status: 'ok',
      summary: t(iso.mountedByUs ? 'linuxJob.iso.mountedByUs' : 'linuxJob.iso.ok', p),
      data: {
        isoDir: iso.dir,
        mountedByUs: Boolean(iso.mountedByUs),
        ngtVersion: iso.config.ngtVersion,
        clusterIp: iso.config.clusterIp,
        port: iso.config.port,
        ngtUuid: iso.config.ngtUuid,
      },
    };
  });

  const existingStep = step('existing-ngt', 'prepare', async () => {
    const f = facts();
    if (!f.installed) return { status: 'ok', summary: t('linuxJob.existing.none'), data: { installed: false } };
    const installedVersion = f.installed.config?.ngtVersion;
    const isoVersion = f.iso.config?.ngtVersion;
    const p = { installed: installedVersion ?? '?', iso: isoVersion ?? '?', path: f.installed.path };
    const data = { installed: true, installedVersion, isoVersion, path: f.installed.path };
    if (installedVersion && isoVersion && compareNgtVersions(installedVersion, isoVersion) >= 0) {
      if (params.force) return { status: 'ok', summary: t('linuxJob.existing.forced', p), data };
      state.skipInstall = t('linuxJob.existing.skipReason', p);
      return { status: 'ok', summary: t('linuxJob.existing.sameOrNewer', p), data: { ...data, installSkipped: true } };
    }
    return { status: 'ok', summary: t('linuxJob.existing.older', p), data };
  });

  const clusterStep = step(
    'cluster',
    'prepare',
    async () => {
      const f = facts();
      const serial = t(`linuxJob.cluster.serial.${f.serial}`);
      const c = f.cluster;
      if (!c)
        return {
          status: 'skipped',
          summary: t('linuxJob.cluster.notChecked'),
          detail: serial,
          data: { serial: f.serial },
        };
      const p = { ip: c.ip, port: c.port, error: c.error ?? '', seconds: CLUSTER_TIMEOUT_S };
      const data = { clusterIp: c.ip, port: c.port, reachable: c.reachable, serial: f.serial };
      if (!c.reachable) {
        return warn(
          'LINUX_CLUSTER_UNREACHABLE',
          f.serial === 'present' ? 'cluster.unreachableSerial' : 'cluster.unreachable',
          p,
          { detail: `${c.error ?? ''}\n${serial}`.trim(), data },
        );
      }
      return { status: 'ok', summary: t('linuxJob.cluster.reachable', p), detail: serial, data };
    },
    { advisory: true },
  );

  const distributionStep = step('distribution', 'prepare', async () => {
    const f = facts();
    const source = f.iso.factorySource;
    if (source === undefined) return skipped('distribution.noIso');
    const computed = state.distribution;
    const name = (params.distro ?? computed ?? '').trim().toLowerCase();
    if (name === '') return fail('LINUX_DISTRIBUTION_UNKNOWN', 'distribution.unknown');
    const decision = decideSupport(source, name, f.family);
    state.decision = decision;
    const p = {
      distribution: computed ?? name,
      name,
      family: f.family.family,
      reason: f.family.reason,
      api: state.api ?? 'distro',
    };
    const data: Record<string, unknown> = {
      distribution: computed ?? null,
      patchName: name,
      api: state.api,
      family: f.family.family,
      decision: decision.kind,
    };
    switch (decision.kind) {
      case 'supported-as-is':
        return {
          status: 'ok',
          summary: t('linuxJob.distribution.asIs', { ...p, matched: decision.matchedName }),
          data,
        };
      case 'supported-by-installer':
        return {
          status: 'ok',
          summary: t('linuxJob.distribution.ownBranch', { ...p, matched: decision.matchedName }),
          data,
        };
      case 'supported-after-patch':
        return {
          status: 'ok',
          summary: t('linuxJob.distribution.afterPatch', p),
          detail: t('linuxJob.host.family', p),
          data,
        };
      case 'refused':
        return fail('LINUX_DISTRIBUTION_UNSUPPORTED', 'distribution.refused', p, { data });
      case 'unrecognised':
        return fail(
          'LINUX_FACTORY_UNRECOGNISED',
          'distribution.unrecognised',
          { ...p, message: decision.plan.message },
          { detail: decision.plan.expected, data },
        );
    }
  });

  const planStep = step('plan', 'prepare', async (ctx) => {
    const s = session();
    const stats = s.stats();
    const metrics = {
      sshRoundTrips: stats.execs + stats.sftpOps,
      execs: stats.execs,
      sftpOps: stats.sftpOps,
      prepareMs: Math.max(0, now(ctx) - (state.connectStartedAt ?? now(ctx))),
    };
    state.prepareMetrics = metrics;
    ctx.log.info(t('linuxJob.plan.metrics', metrics));
    const failed = (
      ['host', 'privileges', 'python', 'prerequisites', 'iso', 'existing-ngt', 'distribution'] as const
    ).filter((id) => ctx.outcomeOf(id)?.status === 'fail');
    const decision = state.decision;
    if (failed.length > 0 || !decision || !state.python?.python || !state.facts?.iso.dir) {
      return {
        status: 'skipped',
        summary: t('linuxJob.plan.none', { steps: failed.join(', ') || '-' }),
        data: { metrics },
      };
    }
    const isoDir = state.facts.iso.dir;
    const stagingBase = stagingBaseFor(state.facts.varTmpNoexec);
    const stagingPath = stagingPathFor(deps.now ? deps.now() : ctx.ports.clock.now(), stagingBase);
    state.stagingPath = stagingPath;
    const diff =
      decision.kind === 'supported-after-patch'
        ? unifiedDiff(state.facts.iso.factorySource ?? '', decision.plan.patched, {
            oldName: `a/${FACTORY_RELATIVE_PATH}`,
            newName: `b/${FACTORY_RELATIVE_PATH}`,
          })
        : '';
    const installCommandArgv = state.profile
      ? installerCommand(state.profile, stagingPath, state.python.python.path, {
          // install_ngt.sh picks the first Python it finds; another one chosen here runs install_ngt.py itself.
          pythonIsDefault: state.facts.pythons.find((c) => !c.failed)?.path === state.python.python.path,
        })
      : [state.python.python.path, `${stagingPath}/${INSTALLER_RELATIVE_PATH}`];
    state.installCommand = installCommandArgv;
    const installed = state.facts.installed;
    const p = {
      staging: stagingPath,
      iso: isoDir,
      python: state.python.python.path,
      reason: state.skipInstall ?? '',
      command: installCommandArgv.join(' '),
      installedPath: installed?.path ?? '',
      installedVersion: installed?.config?.ngtVersion ?? '?',
    };
    const summary = state.skipInstall
      ? t('linuxJob.plan.skipInstall', p)
      : diff
        ? t('linuxJob.plan.patch', p)
        : t('linuxJob.plan.noPatch', p);
    const data: Record<string, unknown> = {
      stagingPath,
      stagingBase,
      varTmpNoexec: state.facts.varTmpNoexec,
      isoDir,
      python: state.python.python.path,
      distribution: state.distribution ?? null,
      patch: decision.kind === 'supported-after-patch' ? 'patched' : 'already-supported',
      diff,
      installCommand: installCommandArgv,
      replacesInstalled:
        installed && !state.skipInstall ? { path: installed.path, version: installed.config?.ngtVersion } : undefined,
      willInstall: withInstall && !state.skipInstall,
      isoModified: false,
      metrics,
    };
    // The installer deletes /usr/local/nutanix on every run: say so when NGT is there.
    const detail = [
      t('linuxJob.plan.detail', p),
      t('linuxJob.plan.command', p),
      ...(installed && !state.skipInstall ? [t('linuxJob.plan.replacesInstalled', p)] : []),
      ...(stagingBase !== '/var/tmp' ? [t('linuxJob.plan.varTmpNoexec', p)] : []),
    ].join('\n');
    if (withInstall && !state.skipInstall) {
      const answer = await ctx.ask({
        kind: 'confirm-plan',
        title: t('linuxJob.plan.confirmTitle', { target }),
        summary: `${summary}\n${detail}`,
        diff: diff || undefined,
      });
      if (!answer.accept) return { status: 'skipped', code: 'CANCELLED', summary: t('linuxJob.plan.declined'), data };
    }
    return { status: 'ok', summary, detail, data };
  });

  // ---------------------------------------------------------------- install
  const factoryPath = () => `${state.stagingPath}/${FACTORY_RELATIVE_PATH}`;

  const stageStep = step('stage', 'install', async (ctx) => {
    if (state.skipInstall) return { status: 'skipped', summary: state.skipInstall };
    const f = facts();
    const decision = state.decision!;
    const patched =
      decision.kind === 'supported-after-patch' ? Buffer.from(decision.plan.patched, 'utf8').toString('base64') : '';
    const result = await session().runScript(STAGE_SCRIPT, {
      args: [f.iso.dir!, state.stagingPath!, patched, state.python!.python!.path],
      sudo: state.sudo,
      timeoutMs: STAGE_TIMEOUT_MS,
      signal: ctx.signal,
    });
    const out = Object.fromEntries(
      result.stdout
        .split('\n')
        .filter((l) => l.includes('='))
        .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
    );
    if (result.code === 0 && out.staged === 'ok') state.staged = true;
    const p = { staging: state.stagingPath, files: out.files ?? '?', iso: f.iso.dir };
    if (result.code !== 0 || out.staged !== 'ok') {
      // mkdir may have succeeded: keep whatever is there and name it.
      return fail('LINUX_STAGING_FAILED', 'stage.failed', p, {
        detail: result.stderr.trim() || undefined,
        data: { stagingPath: state.stagingPath },
      });
    }
    if (patched && out.orig !== 'identical')
      return fail('LINUX_STAGING_FAILED', 'stage.origDiffers', p, { data: { stagingPath: state.stagingPath } });
    const data = {
      stagingPath: state.stagingPath,
      files: Number(out.files) || undefined,
      original: patched ? `${factoryPath()}.orig` : undefined,
      runnable: out.runnable === 'ok',
      selinux: out.selinux || undefined,
      context: out.context || undefined,
    };
    // The staged copy must be readable and runnable by the installer's Python (SELinux, mount options).
    if (!data.runnable)
      return fail(
        'LINUX_STAGED_NOT_RUNNABLE',
        'stage.notRunnable',
        { ...p, python: state.python!.python!.path, selinux: data.selinux ?? '-', context: data.context ?? '-' },
        { detail: result.stderr.trim() || undefined, data },
      );
    return { status: 'ok', summary: t(patched ? 'linuxJob.stage.okPatched' : 'linuxJob.stage.ok', p), data };
  });

  const proveStep = step('prove-patch', 'install', async (ctx) => {
    if (state.skipInstall) return { status: 'skipped', summary: state.skipInstall };
    const decision = state.decision!;
    if (decision.kind !== 'supported-after-patch') {
      return {
        status: 'ok',
        summary: t('linuxJob.prove.notNeeded', {
          name: decision.kind === 'supported-as-is' ? decision.matchedName : '',
        }),
      };
    }
    const condition = redHatCondition(decision.plan.patched);
    if (condition === null) return fail('LINUX_PATCH_UNPROVEN', 'prove.noCondition');
    const python = state.python!.python!.path;
    const distribution = state.distribution ?? (params.distro ?? '').toLowerCase();
    const result = await session().runScript(PROVE_PATCH_SCRIPT, {
      args: [python, factoryPath(), condition, distribution],
      sudo: state.sudo,
      timeoutMs: 60_000,
      signal: ctx.signal,
    });
    const p = { python, distribution, condition, staging: state.stagingPath };
    const data = {
      python,
      distribution,
      condition,
      compiled: result.stdout.includes('compiled=ok'),
      selectsRedHat: result.stdout.includes('condition=True'),
    };
    if (!data.compiled)
      return fail('LINUX_PATCH_UNPROVEN', 'prove.compileFailed', p, {
        detail: result.stderr.trim() || undefined,
        data,
      });
    if (!data.selectsRedHat)
      return fail('LINUX_PATCH_UNPROVEN', 'prove.conditionFalse', p, {
        detail: result.stderr.trim() || result.stdout.trim(),
        data,
      });
    return { status: 'ok', summary: t('linuxJob.prove.ok', p), detail: condition, data };
  });

  const installStep = runInstallerStep(kit);

  // ---------------------------------------------------------------- verify
  const verifyFacts = async (ctx: Ctx): Promise<VerifyFacts> => {
    if (state.verify) return state.verify;
    const result = await session().runScript(VERIFY_SCRIPT, {
      args: [
        String(CLUSTER_TIMEOUT_S),
        PYTHON_CLUSTER_PROGRAM,
        state.python?.python?.path ?? '',
        state.agentLogHint ?? '',
      ],
      sudo: state.sudo,
      timeoutMs: PROBE_TIMEOUT_MS,
      signal: ctx.signal,
    });
    state.verify = interpretVerifyFacts(parseFactLines(result.stdout));
    return state.verify;
  };

  const servicesStep = verifyServicesStep(kit, verifyFacts);

  const installDirStep = step('verify-install', 'verify', async (ctx) => {
    const v = await verifyFacts(ctx);
    if (!v.installDir) {
      return fail('LINUX_NGT_NOT_INSTALLED', v.installDirWithoutConfig ? 'verify.noConfig' : 'verify.notInstalled', {
        dir: v.installDirWithoutConfig ?? '/usr/local/nutanix/ngt',
      });
    }
    const p = { dir: v.installDir, version: v.config?.ngtVersion ?? '?' };
    if (!v.config) return fail('LINUX_NGT_NOT_INSTALLED', 'verify.configInvalid', { ...p, error: v.configError ?? '' });
    return {
      status: 'ok',
      summary: t('linuxJob.verify.installOk', p),
      data: { installDir: v.installDir, ngtVersion: v.config.ngtVersion, ngtUuid: v.config.ngtUuid },
    };
  });

  const verifyClusterStep = step(
    'verify-cluster',
    'verify',
    async (ctx) => {
      const v = await verifyFacts(ctx);
      const c = v.cluster;
      if (!c) return { status: 'skipped', summary: t('linuxJob.cluster.notChecked') };
      const p = { ip: c.ip, port: c.port, error: c.error ?? '', seconds: CLUSTER_TIMEOUT_S };
      const data = { clusterIp: c.ip, port: c.port, reachable: c.reachable };
      if (!c.reachable) return warn('LINUX_CLUSTER_UNREACHABLE', 'cluster.unreachable', p, { detail: c.error, data });
      return { status: 'ok', summary: t('linuxJob.cluster.reachable', p), data };
    },
    { advisory: true },
  );

  const clusterSideStep = step('cluster-side', 'verify', async (ctx) => {
    const v = await verifyFacts(ctx);
    const vmName = v.hostname || params.host;
    const commands = [
      `ncli vm list name="${vmName}"`,
      'ncli ngt get vm-id=<Uuid from the line above>',
      `ncli ngt list vm-names="${vmName}"`,
    ];
    return {
      status: 'ok',
      summary: t('linuxJob.clusterSide.summary'),
      detail: t('linuxJob.clusterSide.detail', {
        vmName,
        list: commands[0],
        get: commands[1],
        byName: commands[2],
        ngtUuid: v.config?.ngtUuid ?? '?',
      }),
      data: { commands, vmNameGuess: vmName, ngtUuid: v.config?.ngtUuid, checkedFromVm: false },
    };
  });

  const cleanStep = step('clean-staging', 'verify', async (ctx) => {
    if (!state.staged || !state.stagingPath) return skipped('clean.nothing');
    if (!state.installSucceeded) return skipped('clean.kept', { staging: state.stagingPath });
    if (!STAGING_PATH_PATTERN.test(state.stagingPath))
      return fail('LINUX_STAGING_CLEANUP_FAILED', 'clean.badPath', { staging: state.stagingPath });
    const result = await session().runScript(REMOVE_STAGING_SCRIPT, {
      args: [state.stagingPath],
      sudo: state.sudo,
      timeoutMs: 60_000,
      signal: ctx.signal,
    });
    const stats = session().stats();
    const data = { stagingPath: state.stagingPath, sshRoundTripsTotal: stats.execs + stats.sftpOps };
    if (result.code !== 0)
      return warn(
        'LINUX_STAGING_CLEANUP_FAILED',
        'clean.failed',
        { staging: state.stagingPath },
        { detail: result.stderr.trim(), data },
      );
    state.staged = false;
    return { status: 'ok', summary: t('linuxJob.clean.ok', { staging: state.stagingPath }), data };
  });

  const steps: StepDefinition<LinuxInstallState>[] = [connectStep];
  if (operation === 'remove') steps.push(...removeSteps(kit, { dryRun: params.dryRun === true }));
  else if (withPrepare) {
    steps.push(
      hostStep,
      privilegesStep,
      pythonStep,
      prerequisitesStep,
      isoStep,
      existingStep,
      clusterStep,
      distributionStep,
      planStep,
    );
  }
  if (operation === 'install') {
    if (withInstall) steps.push(stageStep, proveStep, installStep);
    if (withVerify) steps.push(servicesStep, installDirStep, verifyClusterStep, clusterSideStep);
    if (withInstall && withVerify) steps.push(cleanStep);
  }

  return {
    kind: operation === 'remove' ? 'linux-remove' : 'linux-install',
    target,
    state,
    steps,
    secrets: [
      params.auth.kind === 'password' ? params.auth.password : undefined,
      params.auth.kind === 'key' ? params.auth.passphrase : undefined,
      params.sudoPassword,
      params.suPassword,
    ],
    async cleanup(st: LinuxInstallState, log: StepLogger) {
      const s = st.session;
      if (!s) return;
      if (st.mountedIso && s.alive) {
        try {
          const r = await s.runScript(UNMOUNT_ISO_SCRIPT, { args: [st.mountedIso], sudo: st.sudo, timeoutMs: 30_000 });
          if (r.code === 0) log.info(t('linuxJob.cleanup.unmounted', { dir: st.mountedIso }));
          else log.warn(t('linuxJob.cleanup.unmountFailed', { dir: st.mountedIso, detail: r.stderr.trim() }));
        } catch (error) {
          log.warn(
            t('linuxJob.cleanup.unmountFailed', {
              dir: st.mountedIso,
              detail: error instanceof Error ? error.message : String(error),
            }),
          );
        }
      } else if (st.mountedIso) {
        log.warn(t('linuxJob.cleanup.unmountFailed', { dir: st.mountedIso, detail: t('linuxJob.notConnected') }));
      }
      if (st.staged && st.stagingPath) log.warn(t('linuxJob.cleanup.stagingKept', { staging: st.stagingPath }));
      await s.close();
    },
  };
}
