/**
 * `npm run bench`: speed and memory targets for the hot paths, measured on
 * this machine's 2 cores. Each benchmark prints its median and its target;
 * the run fails when a target is missed. Timing lives here, never in tests.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { Redactor } from '../../main/engine/redactor';
import { startJob } from '../../main/engine/runJob';
import type { StepDefinition } from '../../main/engine/job';
import { createTranslator } from '../../main/i18n/catalogue';
import { checkHostKey, knownHostsLine, parseKnownHosts } from '../../main/linux/knownHosts';
import { planInstallerFactoryPatch } from '../../main/linux/installerFactoryPatch';
import { unifiedDiff } from '../../main/linux/unifiedDiff';
import { createDoctorJob } from '../../main/doctor/doctorJob';
import { nodePorts } from '../../main/platform/nodePorts';
import { renderReportHtml } from '../../main/report/reportHtml';
import { fleetBench } from './fleetBench';

const t = createTranslator('en');
const results: { name: string; median: number; unit: string; target: number; ok: boolean }[] = [];

async function measure(
  name: string,
  target: number,
  runs: number,
  fn: () => unknown | Promise<unknown>,
): Promise<void> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await fn();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)];
  results.push({ name, median, unit: 'ms', target, ok: median <= target });
}

function record(name: string, value: number, unit: string, target: number) {
  results.push({ name, median: value, unit, target, ok: value <= target });
}

/** `BENCH_ONLY=fleet npm run bench`: the fleet side-by-side alone (it needs no other figure). */
const fleetOnly = process.env.BENCH_ONLY === 'fleet';

async function main() {
  if (!fleetOnly) await hotPaths();
  await printAndExit();
}

async function hotPaths() {
  const factory = readFileSync('test/fixtures/ngt-iso/styles/newer/installer/linux/src/installer_factory.py', 'utf8');
  await measure('patch installer_factory.py + diff', 5, 200, () => {
    const plan = planInstallerFactoryPatch(factory, 'rocky linux');
    if (plan.kind !== 'patched') throw new Error(plan.kind);
    unifiedDiff(factory, plan.patched, { oldName: 'a', newName: 'b' });
  });

  const blob = (i: number) => {
    const b = Buffer.alloc(51);
    b.writeUInt32BE(11, 0);
    b.write('ssh-ed25519', 4);
    b.writeUInt32BE(32, 15);
    b.writeUInt32BE(i, 19);
    return b;
  };
  const lines = Array.from({ length: 10_000 }, (_, i) =>
    knownHostsLine(`host${i}.example`, i % 2 ? 22 : 2222, 'ssh-ed25519', blob(i), { hash: i % 3 === 0 }),
  );
  const text = lines.join('\n') + '\n';
  await measure('parse + look up 10,000 known_hosts lines (1/3 hashed)', 400, 5, () => {
    const entries = parseKnownHosts(text);
    checkHostKey(entries, 'host9999.example', 22, 'ssh-ed25519', blob(9999));
  });

  const redactor = new Redactor();
  for (const s of ['S3cret-one', 'another-p@ss', 'passphrase-xyz', 'sudo-pw-123', 'token-abcdef']) redactor.add(s);
  const logLines = Array.from(
    { length: 10_000 },
    (_, i) => `line ${i}: installing package ${i} into /usr/local/nutanix/ngt ${i % 100 === 0 ? 'S3cret-one' : ''}`,
  );
  await measure('redact 10,000 log lines against 5 secrets', 60, 10, () => {
    for (const l of logLines) redactor.redact(l);
  });

  const steps: StepDefinition<object>[] = Array.from({ length: 200 }, (_, i) => ({
    id: `s${i}`,
    phase: i < 100 ? 'prepare' : i < 150 ? 'install' : 'verify',
    title: `Step ${i}`,
    async run(ctx) {
      for (let j = 0; j < 50; j++) ctx.log.info(`step ${i} line ${j}`);
      ctx.progress({ current: 1, max: 1 });
      return { status: 'ok', summary: `done ${i}` };
    },
  }));
  const before = process.memoryUsage().heapUsed;
  let events = 0;
  let report: Awaited<ReturnType<typeof startJob>['done']> | undefined;
  await measure('engine: 200 steps × 50 log lines, events redacted and delivered', 600, 5, async () => {
    events = 0;
    const handle = startJob(
      { kind: 'bench', target: 'bench', state: {}, steps, secrets: ['S3cret-one'] },
      { lang: 'en', t, ports: nodePorts(), tool: { name: 'ngt-prep', version: 'bench' }, onEvent: () => void events++ },
    );
    report = await handle.done;
  });
  record('engine heap growth for that job', (process.memoryUsage().heapUsed - before) / 1024 / 1024, 'MiB', 64);

  await measure('render a 200-step report as HTML', 60, 20, () => renderReportHtml(report!, t));

  await measure('doctor job on this computer (real checks)', 2500, 3, async () => {
    await startJob(createDoctorJob(t), {
      lang: 'en',
      t,
      ports: nodePorts(),
      tool: { name: 'ngt-prep', version: 'bench' },
    }).done;
  });

  await measure('CLI cold start: ngt-prep --version', 800, 5, () => {
    const r = spawnSync(process.execPath, ['bin/ngt-prep.js', '--version']);
    if (r.status !== 0) throw new Error(String(r.stderr));
  });

  console.log(`events per engine run: ${events}`);
}

async function printAndExit() {
  let failed = 0;
  for (const r of results) {
    if (!r.ok) failed++;
    console.log(
      `${r.ok ? 'ok  ' : 'MISS'}  ${r.name}: ${r.median.toFixed(2)} ${r.unit} (target ≤ ${r.target} ${r.unit})`,
    );
  }
  // Side by side, after the rest: it starts 21 sandboxes and needs root and ansible-core.
  const fleet = await fleetBench();
  let fleetTargets = 0;
  if ('skipped' in fleet) console.log(`fleet bench SKIPPED: ${fleet.skipped}`);
  else
    for (const f of fleet.figures) {
      const target = f.atMost !== undefined ? `≤ ${f.atMost}` : f.atLeast !== undefined ? `≥ ${f.atLeast}` : undefined;
      const ok = (f.atMost === undefined || f.value <= f.atMost) && (f.atLeast === undefined || f.value >= f.atLeast);
      if (target) fleetTargets++;
      if (!ok) failed++;
      console.log(
        `${ok ? 'ok  ' : 'MISS'}  ${f.name}: ${f.value.toFixed(2)} ${f.unit}${target ? ` (target ${target} ${f.unit})` : ''}`,
      );
    }
  console.log(`bench: ${results.length + fleetTargets - failed} met, ${failed} missed`);
  process.exit(failed ? 1 : 0);
}

void main();
