/**
 * The Windows jobs — check, apply, verify, roll back — built from the
 * PowerShell scripts (facts), checkInterpretation/scriptOutcomes (rules) and
 * the WinRM probe (outside-in proof). Each job runs on the Windows VM itself.
 */
import * as path from 'node:path';
import { NgtError } from '../engine/errors';
import { requireWindowsPlatform } from '../platform/windowsOnly';
import type { JobDefinition, StepContext, StepDefinition, Translate } from '../engine/job';
import type { Ports } from '../engine/ports';
import { WINRM_HTTPS_PORT } from '../engine/network';
import type { StepOutcome } from '../engine/types';
import { inspectPemCertificate } from './certificates';
import { FINDING_GROUPS, interpretCheck, type CheckInterpretation, type FindingGroup } from './checkInterpretation';
import {
  applyResultSchema,
  checkResultSchema,
  undoResultSchema,
  verifyResultSchema,
  windowsScriptFileName,
  type CheckResult,
  type VerifyResult,
  type WindowsScriptKind,
} from './scriptOutputs';
import type { ApplyOptions } from './applyOptions';
import { assertElevated, probePowerShellHost } from './powershellHost';
import { createPowerShellRunner, type PowerShellRunner, type RunScriptRequest } from './powershellRunner';
import { createWinRmProbeJob, type ProbeState } from './probe/winrmProbeJob';
import { describeRollbackAction, parseApplyRecords, planRollback, type RollbackPlan } from './rollbackPlan';
import { interpretApplyResult, interpretUndoResult, interpretVerifyResult, progressLabel } from './scriptOutcomes';

export interface WindowsJobDeps {
  t: Translate;
  ports: Ports;
  /** Folder holding assets/windows/*.ps1. */
  scriptsDir: string;
  /** Injected in tests (a stand-in PowerShell); the real runner otherwise. */
  runner?: PowerShellRunner;
  /** Skips the node-powershell elevation probe in tests. */
  probeHost?: typeof probePowerShellHost;
  /** The port the outside-in proof connects to (5986; tests use a loopback stand-in). */
  proofPort?: number;
}

interface WindowsState {
  check?: CheckResult;
  interpretation?: CheckInterpretation;
  verify?: VerifyResult;
  rollback?: RollbackPlan;
  probe?: JobDefinition<ProbeState>;
}

/** One PowerShell runner for the whole job (injected in tests, the real one otherwise). */
function withRunner(deps: WindowsJobDeps): WindowsJobDeps {
  return {
    ...deps,
    runner:
      deps.runner ??
      createPowerShellRunner({ processes: deps.ports.processes, platform: deps.ports.environment.platform, t: deps.t }),
  };
}

function runnerFor(deps: WindowsJobDeps): PowerShellRunner {
  if (!deps.runner) throw new Error('a Windows job must be built with withRunner()');
  return deps.runner;
}

function scriptPath(deps: WindowsJobDeps, kind: WindowsScriptKind): string {
  return path.join(deps.scriptsDir, windowsScriptFileName(kind));
}

/** Runs one of the scripts inside a step: its progress and log lines go to the step, Stop aborts it. */
function runScript<T>(
  deps: WindowsJobDeps,
  ctx: StepContext<WindowsState>,
  kind: WindowsScriptKind,
  request: Pick<RunScriptRequest<T>, 'schema' | 'options' | 'timeoutMs'>,
): Promise<T> {
  const { t } = deps;
  return runnerFor(deps).run({
    ...request,
    scriptPath: scriptPath(deps, kind),
    signal: ctx.signal,
    onProgress: (p) => ctx.progress({ current: p.current, max: p.max, label: progressLabel(p, t) }),
    onLog: (line) => ctx.log.info(line),
  });
}

function platformStep(t: Translate): StepDefinition<WindowsState> {
  return {
    id: 'windows.platform',
    phase: 'prepare',
    title: t('windows.jobs.platform.title'),
    gate: true,
    async run({ ports }) {
      requireWindowsPlatform(ports.environment, t);
      return { status: 'ok', summary: t('windows.jobs.platform.ok', { host: ports.environment.hostname }) };
    },
  };
}

function elevationStep(deps: WindowsJobDeps): StepDefinition<WindowsState> {
  const { t } = deps;
  return {
    id: 'windows.elevation',
    phase: 'prepare',
    title: t('windows.jobs.elevation.title'),
    gate: true,
    async run() {
      const executable = await runnerFor(deps).resolveExecutable();
      const info = await (deps.probeHost ?? probePowerShellHost)({ executable, t });
      assertElevated(info, t);
      return {
        status: 'ok',
        summary: t('windows.jobs.elevation.ok', { version: info.version, edition: info.edition || 'Desktop' }),
      };
    },
  };
}

function collectStep(deps: WindowsJobDeps, purpose: 'check' | 'apply' | 'rollback'): StepDefinition<WindowsState> {
  const { t } = deps;
  return {
    id: 'windows.collect',
    phase: 'prepare',
    title: t('windows.jobs.collect.title'),
    gate: true,
    async run(ctx) {
      const check = await runScript(deps, ctx, 'check', { schema: checkResultSchema });
      ctx.state.check = check;
      ctx.state.interpretation = interpretCheck(check, {
        t,
        now: ctx.ports.clock.now(),
        certificateExpiry: inspectPemCertificate,
      });
      const c = check.computer;
      return {
        status: 'ok',
        summary: t('windows.jobs.collect.ok', {
          host: c?.fqdn || c?.hostName || ctx.ports.environment.hostname,
          os: check.os?.caption ?? '',
          build: check.os?.build ?? '',
          elevated: check.elevated ? t('windows.jobs.collect.elevatedYes') : t('windows.jobs.collect.elevatedNo'),
        }),
        data: { purpose, computer: c, os: check.os, sectionErrors: check.sectionErrors },
      };
    },
  };
}

/** One step per finding group. In apply, what apply itself fixes does not stop Prepare. */
function groupStep(t: Translate, group: FindingGroup, forApply: boolean): StepDefinition<WindowsState> {
  return {
    id: `windows.check.${group}`,
    phase: 'prepare',
    title: t(`windows.jobs.group.${group}`),
    advisory: group === 'ngt',
    async run({ state }) {
      const interpretation = state.interpretation!;
      const outcome = interpretation.groups.find((g) => g.group === group)!.outcome;
      const failing = interpretation.findings.filter((f) => f.group === group && f.status === 'fail');
      if (forApply && outcome.status === 'fail' && failing.every((f) => f.fixableByApply)) {
        return {
          ...outcome,
          status: 'ok',
          summary: t('windows.jobs.fixedByApply', { summary: outcome.summary }),
          remediation: undefined,
        };
      }
      return outcome;
    },
  };
}

function blockersStep(t: Translate): StepDefinition<WindowsState> {
  return {
    id: 'windows.blockers',
    phase: 'prepare',
    title: t('windows.jobs.blockers.title'),
    async run({ state }) {
      const blockers = state.interpretation!.blockers.filter((b) => b.status === 'fail' && !b.fixableByApply);
      if (!blockers.length) return { status: 'ok', summary: t('windows.jobs.blockers.none') };
      return {
        status: 'fail',
        code: blockers[0].code,
        summary: t('windows.jobs.blockers.found', { count: blockers.length }),
        detail: blockers.map((b) => `- ${b.summary}${b.detail ? `\n  ${b.detail}` : ''}`).join('\n'),
        remediation: blockers
          .map((b) => b.remediation)
          .filter(Boolean)
          .join('\n'),
        data: { blockers: blockers.map((b) => ({ code: b.code, summary: b.summary })) },
      };
    },
  };
}

function declined(t: Translate): NgtError {
  return new NgtError('CANCELLED', t('windows.jobs.declined'), { category: 'cancelled' });
}

function planApplyStep(t: Translate, options: ApplyOptions): StepDefinition<WindowsState> {
  return {
    id: 'windows.plan',
    phase: 'prepare',
    title: t('windows.jobs.plan.title'),
    async run(ctx) {
      const fixes = ctx.state.interpretation!.findings.filter((f) => f.status !== 'ok' && f.fixableByApply);
      const lines = [
        ...fixes.map((f) => `- ${f.summary}`),
        options.certThumbprint
          ? t('windows.jobs.plan.reuseCertificate', { thumbprint: options.certThumbprint })
          : t('windows.jobs.plan.selfSigned', { bits: options.keySize, days: options.certValidityDays }),
        options.basic ? t('windows.jobs.plan.basicOn') : t('windows.jobs.plan.basicUntouched'),
        options.firewallRemoteAddresses.length
          ? t('windows.jobs.plan.firewallLimited', { addresses: options.firewallRemoteAddresses.join(', ') })
          : t('windows.jobs.plan.firewallAny'),
        t('windows.jobs.plan.httpUntouched'),
      ];
      const summary = fixes.length
        ? t('windows.jobs.plan.changes', { count: fixes.length })
        : t('windows.jobs.plan.nothing');
      const answer = await ctx.ask({
        kind: 'confirm-plan',
        title: t('windows.jobs.plan.confirmTitle'),
        summary: `${summary}\n${lines.join('\n')}`,
      });
      if (!answer.accept) throw declined(t);
      return { status: 'ok', summary, detail: lines.join('\n'), data: { options } };
    },
  };
}

function applyStep(deps: WindowsJobDeps, options: ApplyOptions): StepDefinition<WindowsState> {
  const { t } = deps;
  return {
    id: 'windows.apply',
    phase: 'install',
    title: t('windows.jobs.apply.title'),
    async run(ctx) {
      const result = await runScript(deps, ctx, 'apply', { options, schema: applyResultSchema, timeoutMs: 600_000 });
      return interpretApplyResult(result, t);
    },
  };
}

function localVerifyStep(deps: WindowsJobDeps): StepDefinition<WindowsState> {
  const { t } = deps;
  return {
    id: 'windows.verify.local',
    phase: 'verify',
    title: t('windows.jobs.verifyLocal.title'),
    async run(ctx) {
      const result = await runScript(deps, ctx, 'verify', { schema: verifyResultSchema });
      ctx.state.verify = result;
      return interpretVerifyResult(result, { t, now: ctx.ports.clock.now() });
    },
  };
}

/** The account Prism Central will sign in with, for the probe's Basic step (asked, never stored). */
export interface ProofCredentials {
  user: string;
  password: string;
}

/**
 * The probe, run from this VM to itself: DNS, TCP, TLS and Identify against this machine's own
 * name, pinned to the listener's certificate thumbprint, and Basic with the account Prism Central
 * will use when one is given. Windows Firewall does not filter a connection from the machine to
 * itself, so these steps are labelled "local", and the last step tells the person to run the same
 * probe from another host (ideally in Prism Central's subnet): that is the outside-in proof.
 */
function proofSteps(
  t: Translate,
  port = WINRM_HTTPS_PORT,
  credentials?: ProofCredentials,
): StepDefinition<WindowsState>[] {
  const template = createWinRmProbeJob({ host: 'localhost', port }, { t });
  const target = (state: WindowsState) => ({
    host: state.verify?.listener?.hostname || state.verify?.computer.fqdn || 'localhost',
    thumbprint: state.verify?.listener?.certificateThumbprint || undefined,
  });
  const probeFor = (state: WindowsState) => {
    if (!state.probe) {
      const { host, thumbprint } = target(state);
      state.probe = createWinRmProbeJob(
        { host, port, expectedThumbprint: thumbprint, user: credentials?.user, password: credentials?.password },
        { t },
      );
    }
    return state.probe;
  };
  const layers = credentials ? ['dns', 'tcp', 'tls', 'identify', 'basic-auth'] : ['dns', 'tcp', 'tls', 'identify'];
  const local = layers.map((id, index) => {
    const layer = template.steps.find((s) => s.id === id)?.title ?? t('probe.steps.basicAuth.title');
    return {
      id: `windows.proof.${id}`,
      phase: 'verify' as const,
      title: t('windows.jobs.proofLocal.title', { layer }),
      gate: index < layers.length - 1,
      async run(ctx: StepContext<WindowsState>): Promise<StepOutcome> {
        const probe = probeFor(ctx.state);
        const step = probe.steps.find((s) => s.id === id)!;
        return step.run({ ...ctx, state: probe.state } as unknown as StepContext<ProbeState>);
      },
    };
  });
  const outsideIn: StepDefinition<WindowsState> = {
    id: 'windows.proof.outside-in',
    phase: 'verify',
    title: t('windows.jobs.proofOutsideIn.title'),
    advisory: true,
    async run(ctx) {
      const { host, thumbprint } = target(ctx.state);
      const command = [
        'ngt-prep probe winrm',
        `--host ${host}`,
        `--port ${port}`,
        ...(thumbprint ? [`--thumbprint ${thumbprint}`] : []),
        `--user ${credentials?.user ?? 'ADMINISTRATOR'}`,
        '--password-env NGT_PREP_PASSWORD',
      ].join(' ');
      return {
        status: 'warn',
        code: 'WINRM_PROOF_LOCAL_ONLY',
        summary: t('windows.jobs.proofOutsideIn.summary'),
        remediation: t('windows.jobs.proofOutsideIn.remediation', { command }),
        data: { host, port, thumbprint: thumbprint ?? null, command },
      };
    },
  };
  return [...local, outsideIn];
}

function rollbackPlanStep(t: Translate): StepDefinition<WindowsState> {
  return {
    id: 'windows.rollback.plan',
    phase: 'prepare',
    title: t('windows.jobs.rollbackPlan.title'),
    async run(ctx) {
      const { records, unreadable } = parseApplyRecords(ctx.state.check!.applyRecords ?? []);
      const firstBoot = ctx.state.check!.firstBoot ?? null;
      const plan = planRollback(records, firstBoot);
      ctx.state.rollback = plan;
      if (plan.nothingToDo) {
        return { status: 'ok', summary: t('windows.jobs.rollbackPlan.nothing'), data: { unreadable } };
      }
      const lines = plan.actions.map((a) => `- ${describeRollbackAction(a, t)}`);
      if (plan.removeFirstBoot)
        lines.push(`- ${t('windows.rollback.action.removeFirstBoot', { task: firstBoot?.taskName ?? '' })}`);
      const count = lines.length;
      const answer = await ctx.ask({
        kind: 'confirm-plan',
        title: t('windows.jobs.rollbackPlan.confirmTitle'),
        summary: `${t('windows.jobs.rollbackPlan.actions', { count })}\n${lines.join('\n')}`,
      });
      if (!answer.accept) throw declined(t);
      return {
        status: 'ok',
        summary: t('windows.jobs.rollbackPlan.actions', { count }),
        detail: lines.join('\n'),
        data: {
          actions: plan.actions,
          recordPaths: plan.recordPaths,
          removeFirstBoot: plan.removeFirstBoot,
          firstBoot,
          unreadable,
        },
      };
    },
  };
}

function undoStep(deps: WindowsJobDeps): StepDefinition<WindowsState> {
  const { t } = deps;
  return {
    id: 'windows.rollback.undo',
    phase: 'install',
    title: t('windows.jobs.undo.title'),
    async run(ctx) {
      const plan = ctx.state.rollback!;
      if (plan.nothingToDo) return { status: 'skipped', summary: t('windows.jobs.rollbackPlan.nothing') };
      const result = await runScript(deps, ctx, 'undo', {
        options: { actions: plan.actions, recordPaths: plan.recordPaths },
        schema: undoResultSchema,
        timeoutMs: 300_000,
      });
      return interpretUndoResult(result, t);
    },
  };
}

function job(kind: string, deps: WindowsJobDeps, steps: StepDefinition<WindowsState>[]): JobDefinition<WindowsState> {
  return { kind, target: deps.ports.environment.hostname || deps.t('windows.jobs.thisMachine'), state: {}, steps };
}

export function createWindowsCheckJob(input: WindowsJobDeps): JobDefinition<WindowsState> {
  const deps = withRunner(input);
  return job('windows-check', deps, [
    platformStep(deps.t),
    collectStep(deps, 'check'),
    ...FINDING_GROUPS.map((g) => groupStep(deps.t, g, false)),
  ]);
}

export function createWindowsApplyJob(input: WindowsJobDeps, options: ApplyOptions): JobDefinition<WindowsState> {
  const deps = withRunner(input);
  return job('windows-apply', deps, [
    platformStep(deps.t),
    elevationStep(deps),
    collectStep(deps, 'apply'),
    ...FINDING_GROUPS.map((g) => groupStep(deps.t, g, true)),
    blockersStep(deps.t),
    planApplyStep(deps.t, options),
    applyStep(deps, options),
    localVerifyStep(deps),
    ...proofSteps(deps.t, deps.proofPort),
  ]);
}

export function createWindowsVerifyJob(
  input: WindowsJobDeps,
  credentials?: ProofCredentials,
): JobDefinition<WindowsState> {
  const deps = withRunner(input);
  return {
    ...job('windows-verify', deps, [
      platformStep(deps.t),
      localVerifyStep(deps),
      ...proofSteps(deps.t, deps.proofPort, credentials),
    ]),
    secrets: [credentials?.password],
  };
}

export function createWindowsRollbackJob(input: WindowsJobDeps): JobDefinition<WindowsState> {
  const deps = withRunner(input);
  return job('windows-rollback', deps, [
    platformStep(deps.t),
    elevationStep(deps),
    collectStep(deps, 'rollback'),
    rollbackPlanStep(deps.t),
    undoStep(deps),
  ]);
}
