/**
 * `doctor`: a read-only look at the computer NGT Prep runs on. Each check is
 * a step with an honest status on every platform.
 */
import * as path from 'node:path';
import { FILE_LIMITS, fileRefusalText } from '../engine/boundedFileRead';
import type { JobDefinition, StepDefinition, Translate } from '../engine/job';
import type { Ports, RunResult } from '../engine/ports';
import type { StepOutcome } from '../engine/types';
import { parseKnownHosts } from '../linux/knownHosts';
import { EXECUTION_POLICY_QUERY, groupPolicyExecutionBlock, parseExecutionPolicyList } from './executionPolicy';
import { probeSshAgent } from './sshAgentProbe';

export type DoctorState = Record<string, never>;

const WINDOWS_OPENSSH_AGENT_PIPE = '\\\\.\\pipe\\openssh-ssh-agent';
/** A fixed query, not built from any input: prints the engine's version. */
const POWERSHELL_VERSION_QUERY = '$PSVersionTable.PSVersion.ToString()';

export function knownHostsPath(homedir: string): string {
  return path.join(homedir, '.ssh', 'known_hosts');
}

function osStep(t: Translate): StepDefinition<DoctorState> {
  return {
    id: 'doctor.os',
    phase: 'prepare',
    title: t('doctor.os.title'),
    async run({ ports }) {
      const e = ports.environment;
      const name = { win32: 'Windows', linux: 'Linux', darwin: 'macOS' }[e.platform as string] ?? e.platform;
      const supportedArch = e.arch === 'x64' || e.arch === 'arm64';
      return {
        status: supportedArch ? 'ok' : 'warn',
        summary: t('doctor.os.summary', { os: name, release: e.osRelease, arch: e.arch, host: e.hostname }),
        remediation: supportedArch ? undefined : t('doctor.os.remediationArch'),
        data: { platform: e.platform, release: e.osRelease, arch: e.arch, hostname: e.hostname },
      };
    },
  };
}

/** Runs one of doctor's fixed, read-only commands; null when it cannot start or does not finish in time. */
async function runReadOnly(
  ports: Ports,
  command: string,
  args: string[],
  timeoutMs: number,
): Promise<RunResult | null> {
  try {
    return await ports.processes.run(command, args, { timeoutMs });
  } catch {
    return null;
  }
}

/** What a fixed PowerShell query prints, when it exits 0. */
async function powershellQuery(ports: Ports, executable: string, query: string): Promise<string | null> {
  const r = await runReadOnly(ports, executable, ['-NoProfile', '-NonInteractive', '-Command', query], 15_000);
  return r?.code === 0 ? r.stdout : null;
}

async function powershellVersion(ports: Ports, executable: string): Promise<string | null> {
  return (await powershellQuery(ports, executable, POWERSHELL_VERSION_QUERY))?.trim() || null;
}

function powershellStep(t: Translate): StepDefinition<DoctorState> {
  return {
    id: 'doctor.powershell',
    phase: 'prepare',
    title: t('doctor.powershell.title'),
    async run({ ports }) {
      const isWindows = ports.environment.platform === 'win32';
      const found: string[] = [];
      const data: Record<string, unknown> = {};
      const candidates = isWindows ? ['powershell', 'pwsh'] : ['pwsh'];
      for (const exe of candidates) {
        const resolved = await ports.processes.which(exe);
        if (!resolved) continue;
        const version = await powershellVersion(ports, resolved);
        data[exe] = { path: resolved, version };
        found.push(`${exe} ${version ?? t('doctor.powershell.versionUnknown')}`);
      }
      if (isWindows) {
        const windowsPs = data['powershell'] as { version: string | null } | undefined;
        if (!windowsPs) {
          return {
            status: 'fail',
            summary: t('doctor.powershell.missingWindows'),
            remediation: t('doctor.powershell.remediationWindows'),
            code: 'DOCTOR_POWERSHELL_MISSING',
            data,
          };
        }
        if (!windowsPs.version) {
          return {
            status: 'warn',
            summary: t('doctor.powershell.versionUnreadable'),
            remediation: t('doctor.powershell.remediationWindows'),
            code: 'DOCTOR_POWERSHELL_UNREADABLE',
            data,
          };
        }
        const major = Number(windowsPs.version.split('.')[0]);
        if (major < 5) {
          return {
            status: 'warn',
            summary: t('doctor.powershell.old', { version: windowsPs.version }),
            remediation: t('doctor.powershell.remediationOld'),
            code: 'DOCTOR_POWERSHELL_OLD',
            data,
          };
        }
        return { status: 'ok', summary: t('doctor.powershell.found', { list: found.join(', ') }), data };
      }
      if (found.length)
        return { status: 'ok', summary: t('doctor.powershell.foundNotNeeded', { list: found.join(', ') }), data };
      return { status: 'skipped', summary: t('doctor.powershell.notNeeded'), data };
    },
  };
}

function elevationStep(t: Translate): StepDefinition<DoctorState> {
  return {
    id: 'doctor.elevation',
    phase: 'prepare',
    title: t('doctor.elevation.title'),
    async run({ ports }) {
      const e = ports.environment;
      if (e.platform === 'win32') {
        // `net session` succeeds only in an elevated process: a read-only, well-known test.
        const elevated = (await runReadOnly(ports, 'net', ['session'], 10_000))?.code === 0;
        return elevated
          ? { status: 'ok', summary: t('doctor.elevation.windowsElevated'), data: { elevated } }
          : {
              status: 'warn',
              summary: t('doctor.elevation.windowsNotElevated'),
              remediation: t('doctor.elevation.remediationWindows'),
              code: 'DOCTOR_NOT_ELEVATED',
              data: { elevated },
            };
      }
      const root = e.uid === 0;
      return {
        status: 'ok',
        summary: root ? t('doctor.elevation.root') : t('doctor.elevation.notRoot'),
        data: { elevated: root, uid: e.uid },
      };
    },
  };
}

function sshAgentStep(t: Translate): StepDefinition<DoctorState> {
  return {
    id: 'doctor.ssh-agent',
    phase: 'prepare',
    title: t('doctor.sshAgent.title'),
    async run({ ports }) {
      const e = ports.environment;
      const socket = e.env.SSH_AUTH_SOCK || (e.platform === 'win32' ? WINDOWS_OPENSSH_AGENT_PIPE : undefined);
      if (!socket) {
        return { status: 'ok', summary: t('doctor.sshAgent.none'), data: { available: false } };
      }
      const result = await probeSshAgent(socket);
      if (result.ok) {
        return {
          status: 'ok',
          summary: t('doctor.sshAgent.found', { count: result.keys, socket }),
          data: { available: true, socket, keys: result.keys },
        };
      }
      if (!e.env.SSH_AUTH_SOCK) {
        // No Windows OpenSSH agent: PuTTY's Pageant may hold the keys instead (ssh2 talks to it too).
        if (e.platform === 'win32' && (await pageantRunning(ports))) {
          return { status: 'ok', summary: t('doctor.sshAgent.pageant'), data: { available: true, agent: 'pageant' } };
        }
        return { status: 'ok', summary: t('doctor.sshAgent.none'), data: { available: false, socket } };
      }
      return {
        status: 'warn',
        summary: t('doctor.sshAgent.broken', { socket, error: result.error }),
        remediation: t('doctor.sshAgent.remediation'),
        code: 'DOCTOR_SSH_AGENT_UNREACHABLE',
        data: { available: false, socket, error: result.error },
      };
    },
  };
}

/** Whether PuTTY's Pageant runs for this user (a fixed, read-only tasklist query). */
async function pageantRunning(ports: Ports): Promise<boolean> {
  const r = await runReadOnly(ports, 'tasklist', ['/FI', 'IMAGENAME eq pageant.exe', '/NH', '/FO', 'CSV'], 10_000);
  return r?.code === 0 && /"pageant\.exe"/i.test(r.stdout);
}

function knownHostsStep(t: Translate): StepDefinition<DoctorState> {
  return {
    id: 'doctor.known-hosts',
    phase: 'prepare',
    title: t('doctor.knownHosts.title'),
    async run({ ports }) {
      const file = knownHostsPath(ports.environment.homedir);
      const stat = await ports.fs.stat(file);
      if (!stat) {
        return { status: 'ok', summary: t('doctor.knownHosts.missing', { file }), data: { file, exists: false } };
      }
      let text: string;
      try {
        text = (await ports.fs.readFile(file, { maxBytes: FILE_LIMITS.knownHosts })).toString('utf8');
      } catch (error) {
        return {
          status: 'warn',
          summary: t('doctor.knownHosts.unreadable', { file }),
          detail: fileRefusalText(error, t) ?? (error instanceof Error ? error.message : String(error)),
          remediation: t('doctor.knownHosts.remediationUnreadable'),
          code: 'DOCTOR_KNOWN_HOSTS_UNREADABLE',
        };
      }
      const parsed = parseKnownHosts(text);
      const keys = parsed.filter((e) => e.kind === 'key');
      const malformed = parsed.filter((e) => e.kind === 'malformed');
      const entries = keys.length;
      const hashed = keys.filter((e) => e.hosts.some((h) => h.kind === 'hashed')).length;
      const data = { file, exists: true, entries, hashed, malformed: malformed.map((e) => e.line) };
      if (malformed.length) {
        return {
          status: 'warn',
          summary: t('doctor.knownHosts.malformed', { file, count: malformed.length }),
          detail: malformed
            .map((e) => t('doctor.knownHosts.malformedLine', { line: e.line, reason: e.reason }))
            .join('\n'),
          remediation: t('doctor.knownHosts.remediationMalformed'),
          code: 'DOCTOR_KNOWN_HOSTS_MALFORMED',
          data,
        };
      }
      return { status: 'ok', summary: t('doctor.knownHosts.ok', { file, count: entries, hashed }), data };
    },
  };
}

/** Windows: a Group Policy execution policy that -ExecutionPolicy Bypass cannot override. */
function executionPolicyStep(t: Translate): StepDefinition<DoctorState> {
  return {
    id: 'doctor.execution-policy',
    phase: 'prepare',
    title: t('doctor.executionPolicy.title'),
    advisory: true,
    async run({ ports }): Promise<StepOutcome> {
      if (ports.environment.platform !== 'win32')
        return { status: 'skipped', summary: t('doctor.executionPolicy.notWindows') };
      const text = (await powershellQuery(ports, 'powershell', EXECUTION_POLICY_QUERY)) ?? '';
      const list = parseExecutionPolicyList(text);
      if (Object.keys(list).length === 0) {
        return {
          status: 'warn',
          summary: t('doctor.executionPolicy.unreadable'),
          code: 'DOCTOR_EXECUTION_POLICY_UNKNOWN',
        };
      }
      const block = groupPolicyExecutionBlock(list);
      if (!block) return { status: 'ok', summary: t('doctor.executionPolicy.ok'), data: { list } };
      return {
        status: 'warn',
        code: 'DOCTOR_EXECUTION_POLICY_GPO',
        summary: t(`doctor.executionPolicy.gpo.${block.policy}`, { scope: block.scope }),
        remediation: t('doctor.executionPolicy.remediation'),
        data: { list, ...block },
      };
    },
  };
}

function appDataStep(t: Translate): StepDefinition<DoctorState> {
  return {
    id: 'doctor.app-data',
    phase: 'prepare',
    title: t('doctor.appData.title'),
    async run({ ports }): Promise<StepOutcome> {
      const dir = ports.environment.appDataDir;
      const probe = path.join(dir, `.write-test-${process.pid}-${ports.clock.now().getTime()}`);
      try {
        await ports.fs.mkdir(dir);
        await ports.fs.writeFile(probe, 'ngt-prep');
        const back = (await ports.fs.readFile(probe)).toString('utf8');
        await ports.fs.rm(probe);
        if (back !== 'ngt-prep') throw new Error('read back differs');
        return { status: 'ok', summary: t('doctor.appData.ok', { dir }), data: { dir, writable: true } };
      } catch (error) {
        return {
          status: 'fail',
          summary: t('doctor.appData.notWritable', { dir }),
          detail: error instanceof Error ? error.message : String(error),
          remediation: t('doctor.appData.remediation'),
          code: 'DOCTOR_APP_DATA_NOT_WRITABLE',
          data: { dir, writable: false },
        };
      }
    },
  };
}

export function createDoctorJob(t: Translate): JobDefinition<DoctorState> {
  return {
    kind: 'doctor',
    target: t('doctor.target'),
    state: {},
    steps: [
      osStep(t),
      powershellStep(t),
      executionPolicyStep(t),
      elevationStep(t),
      sshAgentStep(t),
      knownHostsStep(t),
      appDataStep(t),
    ],
  };
}
