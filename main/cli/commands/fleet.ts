/**
 * `ngt-prep fleet plan` (prepare every host, read-only: the readiness table
 * and the fleet report) and `ngt-prep fleet install` (the whole job on every
 * host): the inventory, --limit, the connection defaults of `linux install`
 * under the inventory's own values, FleetRunner over the single-VM job.
 * Exit codes: 0 all ok, 1 some failed, 2 bad inventory or usage, 3 no host
 * could be connected, 130 cancelled.
 */
import * as path from 'node:path';

import { TOOL } from '../../app/toolInfo';
import { EXIT_CODES } from '../../engine/errors';
import { neutraliseControls } from '../../engine/controlText';
import { fleetHostParams } from '../../fleet/fleetCredentials';
import { FLEET_REPORT_SCHEMA_ID, buildFleetReport, fleetReportCsv, type FleetReport } from '../../fleet/fleetReport';
import { renderFleetReportHtml } from '../../fleet/fleetReportHtml';
import { jsonFileText } from '../../report/report';
import { FleetRunner, type FleetPhase, type FleetRun, type FleetHost, type HostJobPort } from '../../fleet/fleetRunner';
import { selectHosts } from '../../fleet/hostPattern';
import type { InventoryHost } from '../../fleet/inventory/inventoryModel';
import { fileInventorySource } from '../../fleet/inventory/inventorySource';
import { inventoryError, problemLine } from '../../fleet/inventory/inventoryValidation';
import { linuxHostJobPort, type LinuxFleetHostConfig } from '../../fleet/linuxHostJob';
import { defaultKnownHostsPath } from '../../linux/ssh/hostKeyPolicy';
import { fleetHostVias } from '../../fleet/fleetHostVias';
import { parseCommandArgs, usageError as usage, type OptionValues } from '../argumentParsers';
import type { CliCommand, CliContext } from '../cliTypes';
import { checkKnownHostsFile, checkPrivateKeyFile } from '../localFileChecks';
import { SSH_ACCOUNT_OPTIONS, SSH_FINGERPRINT as FINGERPRINT } from '../sshLoginOptions';
import { PC_LINK_OPTIONS } from '../pcLinkOptions';
import {
  FLEET_PUSH_OPTIONS,
  fleetPushChoice,
  fleetPushPort,
  prismCentralInventory,
  withPrismCentralLink,
} from './fleetPrismCentral';
import { reportFleetHealth } from './fleetHealthReport';
import { cloneAgentRestarter, verifiedFingerprint } from '../../fleet/health/cloneAgentRestart';
import { withCloneRepairs } from '../../fleet/fleetReport';
import { windowsProbePort } from '../../fleet/windowsHostJob';
import { FLEET_WINDOWS_OPTIONS, offerWindowsScript } from './fleetWindows';
import { FLEET_APPROVAL_OPTIONS, checkPlanApproval, fleetApprovals } from './fleetApproval';

const MAX_FORKS = 500;

const OPTIONS = {
  inventory: { type: 'string' },
  limit: { type: 'string' },
  forks: { type: 'string' },
  'host-timeout': { type: 'string' },
  json: { type: 'string' },
  html: { type: 'string' },
  csv: { type: 'string' },
  ...SSH_ACCOUNT_OPTIONS,
  'sudo-password-env': { type: 'string' },
  /** One per host: NAME=SHA256:… */
  fingerprint: { type: 'string', multiple: true },
  iso: { type: 'string' },
  force: { type: 'boolean' },
  phase: { type: 'string' },
  'dry-run': { type: 'boolean' },
  'retry-failed': { type: 'string' },
  out: { type: 'string' },
  // Prism Central as the inventory (instead of --inventory), and the clone repair through it.
  ...PC_LINK_OPTIONS,
  'pc-filter': { type: 'string' },
  'pc-cluster': { type: 'string' },
  'pc-power-state': { type: 'string' },
  'repair-clones': { type: 'string' },
  'pc-wait': { type: 'string' },
  ...FLEET_PUSH_OPTIONS,
  ...FLEET_WINDOWS_OPTIONS,
  ...FLEET_APPROVAL_OPTIONS,
} as const;

type FleetValues = OptionValues<typeof OPTIONS>;

function wholeNumber(flag: string, value: string, min: number, max: number, context: CliContext): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < min || n > max)
    throw usage('USAGE_BAD_NUMBER', context.t('fleet.cli.badNumber', { flag, value, min, max }));
  return n;
}

/** `NAME=SHA256:…` per host. */
function parseFingerprints(values: string[], context: CliContext): Record<string, string> {
  const out: Record<string, string> = {};
  for (const v of values) {
    const eq = v.indexOf('=');
    const name = v.slice(0, Math.max(0, eq)).trim();
    const fp = v.slice(eq + 1).trim();
    if (eq < 1 || name === '' || !FINGERPRINT.test(fp))
      throw usage('USAGE_BAD_FINGERPRINT', context.t('fleet.cli.badFingerprint', { value: v }));
    out[name] = fp;
  }
  return out;
}

/** The hosts a previous fleet report (ngt-prep/fleet-report@1) says failed: `--retry-failed` runs only those. */
async function failedHostsOf(file: string, context: CliContext): Promise<Set<string>> {
  const { t, ports } = context;
  const bad = () =>
    usage(
      'USAGE_BAD_FLEET_REPORT',
      t('fleet.cli.retry.badReport', { file }),
      t('fleet.cli.retry.badReportRemediation'),
    );
  let parsed: unknown;
  try {
    parsed = JSON.parse((await ports.fs.readFile(path.resolve(file))).toString('utf8'));
  } catch {
    throw bad();
  }
  const report = parsed as Partial<FleetReport>;
  if (report?.schema !== FLEET_REPORT_SCHEMA_ID || !Array.isArray(report.hosts)) throw bad();
  return new Set(report.hosts.filter((h) => h?.result === 'failed' && typeof h.name === 'string').map((h) => h.name));
}

/** 3 when no Linux host that ran got past the connect step, else by the fleet's result. */
export function fleetExitCode(run: FleetRun): number {
  if (run.result === 'cancelled') return EXIT_CODES.cancelled;
  const ran = run.hosts.filter((h) => h.os === 'linux' && h.report);
  const connected = ran.some((h) => h.report!.steps.some((s) => s.id === 'connect' && s.status !== 'fail'));
  if (ran.length > 0 && !connected) return EXIT_CODES.connect;
  return run.result === 'failed' ? EXIT_CODES.failed : EXIT_CODES.ok;
}

/** A command that runs the prepare pass and writes something else than the fleet report (fleet export-ansible). */
export interface FleetExporter {
  usageKey: string;
  /** Wraps the host job port, to keep each host's prepare outcome. */
  watch(port: HostJobPort): HostJobPort;
  finish(
    run: FleetRun,
    prepared: {
      hosts: InventoryHost[];
      params: Map<string, LinuxFleetHostConfig['params']>;
      jumps: Map<string, number>;
      /** The bastions of each host (sshViaConfig's hops) and the known_hosts file that verified them. */
      hops?: Map<string, { host: string; port: number; user?: string; identityFile?: string }[]>;
      knownHostsPath?: string;
    },
    out: string,
  ): Promise<number>;
}

export async function runFleet(
  args: string[],
  context: CliContext,
  planOnly: boolean,
  exporter?: FleetExporter,
): Promise<number> {
  const { t, io, ports } = context;
  const { values } = (await parseCommandArgs(args, OPTIONS, context)) as { values: FleetValues };
  const usageText = t(exporter?.usageKey ?? (planOnly ? 'fleet.cli.plan.usage' : 'fleet.cli.install.usage'));
  if (values.out !== undefined && !exporter)
    throw usage('USAGE_UNKNOWN_OPTION', t('cli.errors.unknownOption', { flag: '--out' }), usageText);
  if (exporter && values.out === undefined)
    throw usage('USAGE_MISSING_OUT', t('cli.errors.missingOption', { option: '--out' }), usageText);
  if (!values.inventory && values.pc === undefined)
    throw usage('USAGE_MISSING_INVENTORY', t('cli.errors.missingOption', { option: '--inventory' }), usageText);
  if (values.inventory && values.pc !== undefined)
    throw usage('USAGE_INVENTORY_OR_PC', t('clusterHealth.cli.inventoryOrPc'), usageText);
  const phase = (planOnly ? 'prepare' : (values.phase ?? 'all')) as FleetPhase;
  if (planOnly && values['repair-clones'] !== undefined)
    throw usage('USAGE_PLAN_OPTIONS', t('clusterHealth.cli.repairNotInPlan'), usageText);
  if (planOnly && (values.phase !== undefined || values['dry-run']))
    throw usage('USAGE_PLAN_OPTIONS', t('fleet.cli.plan.noPhase'), usageText);
  if (!['prepare', 'install', 'verify', 'all'].includes(phase))
    throw usage('USAGE_BAD_PHASE', t('linuxJob.cli.install.badPhase', { value: phase }));
  const authFlags = [values['password-env'] !== undefined, values.key !== undefined, values.agent === true];
  if (authFlags.filter(Boolean).length > 1) throw usage('USAGE_AUTH_FLAGS', t('linuxJob.cli.install.oneAuth'));
  const forks = values.forks === undefined ? undefined : wholeNumber('--forks', values.forks, 1, MAX_FORKS, context);
  const hostTimeoutMs =
    values['host-timeout'] === undefined
      ? undefined
      : wholeNumber('--host-timeout', values['host-timeout'], 1, 86_400, context) * 1000;
  const fingerprints = parseFingerprints(values.fingerprint ?? [], context);
  if (values['accept-new'] && Object.keys(fingerprints).length > 0)
    throw usage('USAGE_HOST_KEY_FLAGS', t('linuxJob.cli.install.hostKeyFlags'));

  const pushChoice = await fleetPushChoice(values, context, usageText, planOnly || exporter !== undefined);

  // ---------------------------------------------------------------- inventory, all problems at once
  const pc = await prismCentralInventory(values, context, usageText);
  const inventory = pc
    ? await pc.source.load()
    : await fileInventorySource(path.resolve(values.inventory!), undefined, {
        readFile: async (p) => (await ports.fs.readFile(p)).toString('utf8'),
      }).load();
  if (inventory.problems.length > 0) {
    for (const p of inventory.problems) io.stderr(`${neutraliseControls(problemLine(t, p))}\n`);
    throw inventoryError(t, inventory);
  }
  let hosts = inventory.hosts;
  if (values.limit !== undefined) {
    const picked = selectHosts(values.limit, { hosts: hosts.map((h) => h.name), groups: inventory.groups });
    if (!picked.ok) throw usage('USAGE_BAD_LIMIT', t(`fleet.cli.limit.${picked.reason}`, { element: picked.element }));
    const keep = new Set(picked.hosts);
    hosts = hosts.filter((h) => keep.has(h.name));
  }

  if (values['retry-failed'] !== undefined) {
    const failed = await failedHostsOf(values['retry-failed'], context);
    hosts = hosts.filter((h) => failed.has(h.name));
    if (hosts.length === 0) {
      io.stdout(`${t('fleet.cli.retry.none', { file: values['retry-failed'] })}\n`);
      return EXIT_CODES.ok;
    }
  }

  // Nothing changes a host without an approval: --yes, or a terminal to ask on.
  checkPlanApproval(
    {
      planOnly: planOnly || exporter !== undefined,
      phase,
      dryRun: values['dry-run'] === true,
      yes: values.yes === true,
    },
    context,
  );

  // ---------------------------------------------------------------- connections
  const knownHostsPath = values['known-hosts']
    ? path.resolve(values['known-hosts'])
    : defaultKnownHostsPath(ports.environment.homedir);
  await checkKnownHostsFile(knownHostsPath, context);
  const linux = hosts.filter((h) => h.os !== 'windows');
  const vias = await fleetHostVias(
    linux,
    {
      user: values.user,
      proxyJump: values['proxy-jump'],
      configPath: values['ssh-config'] ? path.resolve(values['ssh-config']) : undefined,
      knownHostsPath,
      acceptNew: values['accept-new'] === true,
    },
    { t, environment: ports.environment, readFile: (f) => ports.fs.readFile(f) },
  );
  const params = await fleetHostParams(
    linux.map((host, i) => ({ host, via: vias[i]! })),
    {
      user: values.user,
      keyPath: values.key,
      passphraseEnv: values['passphrase-env'],
      passwordEnv: values['password-env'],
      sudoPasswordEnv: values['sudo-password-env'],
      agent: values.agent,
    },
    { t, env: io.env, promptSecret: io.promptSecret },
    { isoDir: values.iso, force: values.force },
  );
  withPrismCentralLink(params, linux, pc);
  const checkedKeys = new Set<string>();
  for (const p of params.values()) {
    if (p.auth.kind !== 'key' || checkedKeys.has(p.auth.privateKeyPath)) continue;
    checkedKeys.add(p.auth.privateKeyPath);
    await checkPrivateKeyFile(p.auth.privateKeyPath, p.auth.passphrase, context);
  }
  const configs = new Map<string, LinuxFleetHostConfig>(
    linux.map((h, i) => [h.name, { params: params.get(h.name)!, connect: vias[i]!.connect }]),
  );

  // ---------------------------------------------------------------- run
  const say = (text: string) => {
    if (!context.quiet) io.stdout(`${neutraliseControls(text)}\n`);
  };
  const engine = {
    lang: context.lang,
    t,
    ports,
    tool: { name: TOOL.name, version: TOOL.version },
    operator: io.env.USER ?? io.env.USERNAME,
  };
  const runner = new FleetRunner({
    forks,
    hostTimeoutMs,
    phase,
    dryRun: values['dry-run'] === true,
    fingerprints,
    startJob: (exporter?.watch ?? ((p: HostJobPort) => p))(
      linuxHostJobPort({
        configFor: (h) => configs.get(h.name)!,
        knownHostsPath,
        acceptNew: values['accept-new'] === true,
        prismCentral: pc && { trustFile: pc.trustFile },
        engine,
      }),
    ),
    probeWindows: windowsProbePort({ engine }),
    push: pc && pushChoice && fleetPushPort(pc, pushChoice, hosts, params, { engine, t, say }),
    onHost: (h, pass) =>
      say(
        t('fleet.cli.hostLine', {
          pass: t(`app.phase.${pass}`),
          host: h.name,
          result: t(`fleet.result.${h.result}`),
          why: [h.code, h.reason].filter(Boolean).join(' '),
        }),
      ),
    prompts: {
      ...fleetApprovals(values, context, say),
      showReadiness(rows, clones) {
        say(t('fleet.cli.readinessTitle'));
        for (const r of rows)
          say(
            `  ${r.host.padEnd(24)} ${r.address.padEnd(20)} ${t(`fleet.readiness.${r.readiness}`)}${r.code ? ` ${r.code} ${r.reason ?? ''}` : ''}`,
          );
        for (const c of clones)
          say(
            `${t('fleet.clone.summary', { uuid: c.ngtUuid, count: c.hosts.length, hosts: c.hosts.join(', ') })} ${t('fleet.clone.remediation')}`,
          );
      },
    },
  });
  // Ctrl-C: the hosts' jobs, and afterwards a clone repair's agent restarts.
  const interrupted = new AbortController();
  io.onInterrupt?.(() => {
    runner.cancel();
    interrupted.abort();
  });
  const fleetHosts: FleetHost[] = hosts.map((h) => ({
    name: h.name,
    address: h.address,
    os: h.os,
    ...(h.os === 'windows' && h.port !== undefined ? { port: h.port } : {}),
  }));
  const run = await runner.run(fleetHosts);
  if (exporter)
    return exporter.finish(
      run,
      {
        hosts: linux,
        params,
        jumps: new Map(linux.map((h, i) => [h.name, vias[i]!.jumps.length])),
        hops: new Map(linux.map((h, i) => [h.name, vias[i]!.hops ?? []])),
        knownHostsPath,
      },
      values.out ?? '',
    );
  for (const c of run.clones)
    say(
      `${t('fleet.clone.summary', { uuid: c.ngtUuid, count: c.hosts.length, hosts: c.hosts.join(', ') })} ${t('fleet.clone.remediation')}`,
    );
  const scriptWritten = await offerWindowsScript(run, values, context, say);
  const report = buildFleetReport(run, { name: TOOL.name, version: TOOL.version }, context.lang);
  const c = report.counts;
  say(t('fleet.cli.summary', { ...c, result: t(`app.result.${report.result}`) }));
  let exitCode = fleetExitCode(run);
  if (!scriptWritten && exitCode === EXIT_CODES.ok) exitCode = EXIT_CODES.failed;
  const runHosts = new Map(run.hosts.map((h) => [h.name, h]));
  const health = await reportFleetHealth(run, context, {
    inventory: hosts,
    prismCentral: pc?.client,
    repairClones: values['repair-clones'],
    // The clone's agent, over the host's own fleet connection and the key this run verified for it.
    restartAgent: cloneAgentRestarter({
      configFor: (name) => configs.get(name),
      knownHostsPath,
      fingerprintOf: (name) => fingerprints[name] ?? verifiedFingerprint(runHosts.get(name)?.report),
      engine,
      signal: interrupted.signal,
    }),
  });
  if (health.failed && exitCode === EXIT_CODES.ok) exitCode = EXIT_CODES.failed;
  if (interrupted.signal.aborted) exitCode = EXIT_CODES.cancelled;
  const finalReport = withCloneRepairs(report, health.cloneRepairs);
  const outputs: [string | undefined, () => string][] = [
    [values.json, () => jsonFileText(finalReport)],
    [values.html, () => renderFleetReportHtml(finalReport, t)],
    [values.csv, () => fleetReportCsv(finalReport)],
  ];
  for (const [target, render] of outputs) {
    if (!target) continue;
    try {
      await ports.fs.writeFile(path.resolve(target), render());
      say(t('cli.reportWritten', { file: target }));
    } catch (error) {
      io.stderr(
        `${t('cli.reportWriteFailed', { result: t(`app.result.${report.result}`), file: target, message: error instanceof Error ? error.message : String(error) })}\n`,
      );
      if (exitCode === EXIT_CODES.ok) exitCode = EXIT_CODES.failed;
    }
  }
  return exitCode;
}

export const fleetPlanCommand: CliCommand = {
  path: ['fleet', 'plan'],
  describeKey: 'fleet.cli.plan.describe',
  usageKey: 'fleet.cli.plan.usage',
  run: (args, context) => runFleet(args, context, true),
};

export const fleetInstallCommand: CliCommand = {
  path: ['fleet', 'install'],
  describeKey: 'fleet.cli.install.describe',
  usageKey: 'fleet.cli.install.usage',
  run: (args, context) => runFleet(args, context, false),
};
