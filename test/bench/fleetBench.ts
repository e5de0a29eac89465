/**
 * Fleet benchmark (part of `npm run bench`), measured side by side in one
 * run against SSH sandboxes: the whole Linux job on 20 hosts through NGT
 * Prep's fleet runner (`fleet install --forks 20`, in this process), the same
 * job as the exported Ansible playbook (`ansible-playbook --forks 20`, after
 * the hosts are returned to "no NGT"), and one host alone. Then the scale
 * run: 100 hosts (the 20 returned to "no NGT" and 80 more) with forks 20,
 * every host ok, its time against five times the 20-host run (no worse than
 * linear) and its RSS (FLEET_BENCH_SCALE=0 leaves it out). Prints wall
 * times, ratios and this process's peak RSS during the fleet runs. Needs root
 * and ansible-core; says so and skips without them.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

import { runCli } from '../../main/cli/runCli';
import type { Report } from '../../main/engine/types';
import type { FleetReport } from '../../main/fleet/fleetReport';
import { nodeEnvironment, nodePorts } from '../../main/platform/nodePorts';
import { ngtInstalledPaths } from '../fixtures/ngt-iso';
import { canRunSandbox, startSandbox, type Sandbox } from '../sandbox';

const HOSTS = 20;
const FORKS = 20;
/** The scale run's fleet (the 100 hosts with forks 20); 0 leaves it out. */
const SCALE_HOSTS = Number(process.env.FLEET_BENCH_SCALE ?? 100);

export interface FleetBenchFigure {
  name: string;
  value: number;
  unit: string;
  /** The value must be at most this (`atMost`) or at least this (`atLeast`); neither: printed only. */
  atMost?: number;
  atLeast?: number;
}

async function cli(work: string, args: string[]): Promise<{ code: number; output: string }> {
  let output = '';
  const io = {
    stdout: (s: string) => void (output += s),
    stderr: (s: string) => void (output += s),
    env: { LANG: 'en_US.UTF-8', NGT_PREP_DATA_DIR: join(work, 'data') },
    isTTY: false,
  };
  const ports = nodePorts({ environment: nodeEnvironment({ appDataDir: join(work, 'data'), homedir: work }) });
  const code = await runCli(args, io, ports);
  return { code, output };
}

/** Starts `count` sandboxes, a few at a time (each is namespaces, mounts and two daemons). */
async function startHosts(count: number, publicKey: string): Promise<Sandbox[]> {
  const out: Sandbox[] = [];
  while (out.length < count) {
    const batch = Math.min(5, count - out.length);
    out.push(
      ...(await Promise.all(
        Array.from({ length: batch }, () =>
          startSandbox({ distro: out.length % 2 ? 'alma' : 'rocky', withCluster: true, authorizedKeys: [publicKey] }),
        ),
      )),
    );
  }
  return out;
}

/** Back to "no NGT": the fixture's own uninstaller, then the staging folders of both runs. */
async function uninstall(v: Sandbox): Promise<void> {
  const p = ngtInstalledPaths.newer;
  const r = await v.exec([p.uninstallPython, p.uninstaller]);
  if (r.code !== 0) throw new Error(`uninstall on ${v.host} failed: ${r.stderr}`);
  await v.exec(['/bin/sh', '-c', 'rm -rf /var/tmp/ngt-prep-*']);
}

function ansiblePlaybook(work: string, dir: string): Promise<{ code: number; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      'ansible-playbook',
      ['-i', join(dir, 'inventory.yml'), join(dir, 'ngt_prep_linux.yml'), '--forks', String(FORKS)],
      {
        cwd: work,
        env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: work, LANG: 'C.UTF-8', ANSIBLE_NOCOLOR: '1' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (output += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (output += c));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? 1, output }));
  });
}

const s = (ms: number) => ms / 1000;

/**
 * CPU seconds the whole machine spent (every process: this one, sshd, the
 * guests' shells and Pythons) from /proc/stat, whose columns are in USER_HZ
 * (100 a second on Linux); idle and iowait are not work.
 */
function machineBusySeconds(): number {
  const cpu = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  const [user, nice, system, , , irq, softirq, steal] = cpu as number[];
  return ((user ?? 0) + (nice ?? 0) + (system ?? 0) + (irq ?? 0) + (softirq ?? 0) + (steal ?? 0)) / 100;
}

/** SSH round trips (execs + SFTP operations) a host's job made, as its clean-staging step records them. */
function roundTrips(steps: readonly { id: string; data?: Record<string, unknown> }[] | undefined): number {
  const n = steps?.find((step) => step.id === 'clean-staging')?.data?.sshRoundTripsTotal;
  if (typeof n !== 'number') throw new Error('fleet bench: a report without its round trips (clean-staging)');
  return n;
}

/** Where the fleet's time goes: each step's mean duration over the hosts, longest first (printed only). */
function stepTimes(report: FleetReport): FleetBenchFigure[] {
  const total = new Map<string, number>();
  for (const h of report.hosts)
    for (const step of h.report?.steps ?? []) total.set(step.id, (total.get(step.id) ?? 0) + step.durationMs);
  return [...total]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 8)
    .map(([id, ms]) => ({
      name: `fleet bench: mean time in step ${id}`,
      value: s(ms / report.hosts.length),
      unit: 's',
    }));
}

async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const start = performance.now();
  const value = await fn();
  return { ms: performance.now() - start, value };
}

function inventoryOf(work: string, name: string, hosts: Sandbox[]): string {
  const file = join(work, name);
  writeFileSync(file, ['[el]', ...hosts.map((v, i) => `vm${i + 1} ansible_host=${v.host}`), ''].join('\n'));
  return file;
}

interface FleetRunMeasure {
  ms: number;
  peakRss: number;
  cpuSeconds: number;
  loadBefore: number;
  report: FleetReport;
}

/** One `fleet install` over the inventory, timed, with this process's peak RSS and CPU; every host must end ok. */
async function measuredFleetRun(work: string, inventory: string, common: string[]): Promise<FleetRunMeasure> {
  let peakRss = process.memoryUsage().rss;
  const cpuBefore = process.cpuUsage();
  const loadBefore = loadavg()[0]!;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 20);
  const json = join(work, `${inventory.split('/').pop()}.json`);
  const run = await timed(() =>
    cli(work, ['fleet', 'install', '--inventory', inventory, '--forks', String(FORKS), '--json', json, ...common]),
  );
  clearInterval(sampler);
  const cpu = process.cpuUsage(cpuBefore);
  if (run.value.code !== 0)
    throw new Error(`fleet bench: fleet install exited ${run.value.code}\n${run.value.output.slice(-3000)}`);
  const report = JSON.parse(readFileSync(json, 'utf8')) as FleetReport;
  return { ms: run.ms, peakRss, cpuSeconds: (cpu.user + cpu.system) / 1e6, loadBefore, report };
}

/** The scale run: the 20 back to "no NGT" and more hosts started, all at forks 20. */
async function scaleFigures(
  work: string,
  fleet: Sandbox[],
  twenty: FleetRunMeasure,
  common: string[],
  publicKey: string,
  started: Sandbox[],
): Promise<FleetBenchFigure[]> {
  if (SCALE_HOSTS <= HOSTS) return [];
  await Promise.all(fleet.map(uninstall));
  started.push(...(await startHosts(SCALE_HOSTS - HOSTS, publicKey)));
  const hosts = [...fleet, ...started.slice(-(SCALE_HOSTS - HOSTS))];
  const scale = await measuredFleetRun(work, inventoryOf(work, 'scale.ini', hosts), common);
  const ok = scale.report.hosts.filter((h) => h.result === 'ok').length;
  if (ok !== SCALE_HOSTS) throw new Error(`fleet bench: ${ok} of ${SCALE_HOSTS} hosts ended ok in the scale run`);
  return [
    { name: `fleet bench: ${SCALE_HOSTS} hosts, fleet install --forks ${FORKS}`, value: s(scale.ms), unit: 's' },
    // Targets from the fleet issue: time no worse than linear in the hosts, ≤ 300 MB for 100 hosts.
    {
      name: `fleet bench: ${SCALE_HOSTS}-host time / (${SCALE_HOSTS / HOSTS} × ${HOSTS}-host time)`,
      value: scale.ms / ((SCALE_HOSTS / HOSTS) * twenty.ms),
      unit: '×',
      atMost: 1,
    },
    {
      name: `fleet bench: main-process peak RSS, ${SCALE_HOSTS} hosts`,
      value: scale.peakRss / 1024 / 1024,
      unit: 'MiB',
      atMost: 300,
    },
  ];
}

/** Figures for the bench table, or the reason it cannot run here. */
export async function fleetBench(): Promise<{ skipped: string } | { figures: FleetBenchFigure[] }> {
  const can = canRunSandbox();
  if (!can.ok) return { skipped: can.reason ?? 'sandbox unavailable' };
  if (spawnSync('ansible-playbook', ['--version']).status !== 0)
    return { skipped: 'ansible-playbook missing (apt-get install -y ansible-core)' };

  const work = mkdtempSync(join(tmpdir(), 'ngtp-fleet-bench-'));
  const key = join(work, 'id_ed25519');
  spawnSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', key]);
  const publicKey = readFileSync(`${key}.pub`, 'utf8').trim();
  const hosts = await startHosts(HOSTS + 1, publicKey);
  const [alone, ...fleet] = hosts as [Sandbox, ...Sandbox[]];
  const common = ['--user', 'root', '--key', key, '--known-hosts', join(work, 'known_hosts'), '--accept-new', '--yes'];
  const must = (what: string, r: { code: number; output: string }) => {
    if (r.code !== 0) throw new Error(`fleet bench: ${what} exited ${r.code}\n${r.output.slice(-3000)}`);
  };
  try {
    const busyBefore = machineBusySeconds();
    const single = await timed(() =>
      cli(work, ['fleet', 'install', '--inventory', inventoryOf(work, 'one.ini', [alone]), ...common]),
    );
    const oneHostCpu = machineBusySeconds() - busyBefore;
    must('one host', single.value);
    // The sandboxes share this machine's cores, unlike VMs: with each host's
    // work costing oneHostCpu, HOSTS hosts cannot finish before this floor.
    const cpuFloorMs = ((oneHostCpu * HOSTS) / availableParallelism()) * 1000;

    // The single-VM job on the same host, for its round trips (the fleet's per host may not be more).
    await uninstall(alone);
    const singleJson = join(work, 'single-vm.json');
    must(
      'linux install',
      await cli(work, [
        'linux',
        'install',
        '--host',
        alone.host,
        ...common.filter((a) => a !== '--yes'),
        '--json',
        singleJson,
      ]),
    );
    const singleVmTrips = roundTrips((JSON.parse(readFileSync(singleJson, 'utf8')) as Report).steps);

    const fleetInventory = inventoryOf(work, 'fleet.ini', fleet);
    const ours = await measuredFleetRun(work, fleetInventory, common);
    const fleetTrips = Math.max(...ours.report.hosts.map((h) => roundTrips(h.report?.steps)));
    const whereTimeGoes = stepTimes(ours.report);
    const fleetFigures: FleetBenchFigure[] = [
      { name: 'fleet bench: one host alone (fleet install)', value: s(single.ms), unit: 's' },
      { name: `fleet bench: ${HOSTS} hosts, fleet install --forks ${FORKS}`, value: s(ours.ms), unit: 's' },
      // Targets from the fleet issue: ≤ 2.5× one host, ≤ 200 MB for 20 hosts.
      { name: 'fleet bench: fleet time / one host time', value: ours.ms / single.ms, unit: '×', atMost: 2.5 },
      { name: 'fleet bench: machine CPU for the one-host run (all processes)', value: oneHostCpu, unit: 's' },
      {
        name: `fleet bench: fleet time / CPU floor (${HOSTS} × one host's CPU ÷ ${availableParallelism()} cores)`,
        value: ours.ms / cpuFloorMs,
        unit: '×',
      },
      { name: 'fleet bench: SSH round trips, single-VM job (linux install)', value: singleVmTrips, unit: '' },
      // Target from the fleet issue: no more round trips per host than the single-VM job's.
      {
        name: 'fleet bench: most SSH round trips on a fleet host / single-VM job',
        value: fleetTrips / singleVmTrips,
        unit: '×',
        atMost: 1,
      },
      // Whether the main process is the bottleneck, and how busy the machine was (the VMs share its cores).
      { name: 'fleet bench: main-process CPU during the fleet run', value: ours.cpuSeconds, unit: 's' },
      { name: 'fleet bench: 1-minute load average before the fleet run', value: ours.loadBefore, unit: '' },
      {
        name: `fleet bench: main-process peak RSS, ${HOSTS} hosts`,
        value: ours.peakRss / 1024 / 1024,
        unit: 'MiB',
        atMost: 200,
      },
    ];
    // Profiling runs (FLEET_BENCH_NO_ANSIBLE=1) skip the playbook, which takes minutes here.
    if (process.env.FLEET_BENCH_NO_ANSIBLE === '1') {
      const scale = await scaleFigures(work, fleet, ours, common, publicKey, hosts);
      return { figures: [...fleetFigures, ...scale, ...whereTimeGoes] };
    }

    await Promise.all(fleet.map(uninstall));
    const out = join(work, 'export');
    const exported = await timed(() =>
      cli(work, ['fleet', 'export-ansible', '--inventory', fleetInventory, '--out', out, ...common]),
    );
    must('fleet export-ansible', exported.value);
    const ansible = await timed(() => ansiblePlaybook(work, out));
    must('ansible-playbook', ansible.value);
    const installed = await Promise.all(
      fleet.map(async (v) => (await v.exec(['cat', ngtInstalledPaths.newer.agentPidFile])).code === 0),
    );
    if (installed.some((ok) => !ok)) throw new Error('fleet bench: the playbook left a host without its agent');
    const scale = await scaleFigures(work, fleet, ours, common, publicKey, hosts);

    return {
      figures: [
        ...fleetFigures,
        { name: `fleet bench: ${HOSTS} hosts, export-ansible (prepare pass)`, value: s(exported.ms), unit: 's' },
        { name: `fleet bench: ${HOSTS} hosts, ansible-playbook --forks ${FORKS}`, value: s(ansible.ms), unit: 's' },
        // Target from the fleet issue: ≥ 15× faster than Ansible.
        { name: 'fleet bench: Ansible time / fleet time', value: ansible.ms / ours.ms, unit: '×', atLeast: 15 },
        ...scale,
        ...whereTimeGoes,
      ],
    };
  } finally {
    await Promise.all(hosts.map((v) => v.stop()));
    rmSync(work, { recursive: true, force: true });
  }
}
