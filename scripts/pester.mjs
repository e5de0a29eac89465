#!/usr/bin/env node
// Runs the Pester suite (test/powershell/*.Tests.ps1) under real PowerShell 7 with code coverage
// of assets/windows/*.ps1. Results: .cache/test-results/pester.xml (NUnit), pester-coverage.xml
// (JaCoCo), pester-summary.json. Prints the coverage. pwsh and Pester come from
// scripts/install-powershell.sh; without them it skips loudly, and fails under CI=true.
// Exit code: 0 passed, 1 failed, 3 skipped (pwsh or Pester missing).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const PESTER_VERSION = '5.7.1';
export const COVERAGE_TARGET = 85;
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** pwsh from PATH or the .NET global tools folder, or null. */
export function findPwsh() {
  const candidates = [path.join(os.homedir(), '.dotnet', 'tools', 'pwsh')];
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) if (dir) candidates.push(path.join(dir, 'pwsh'));
  return candidates.find((candidate) => existsSync(candidate)) ?? null;
}

export function findPester() {
  const base = process.env.NUGET_PACKAGES ?? path.join(os.homedir(), '.nuget', 'packages');
  const manifest = path.join(base, 'pester', PESTER_VERSION, 'tools', 'Pester.psd1');
  return existsSync(manifest) ? manifest : null;
}

/** Runs the suite; returns { status: 'passed'|'failed'|'skipped', summary, reason }. */
export function runPester(resultsDir = path.join(root, '.cache', 'test-results')) {
  const pwsh = findPwsh();
  const pester = findPester();
  if (!pwsh || !pester) {
    const missing = [pwsh ? null : 'pwsh', pester ? null : `Pester ${PESTER_VERSION}`].filter(Boolean).join(' and ');
    const reason = `${missing} not installed (run scripts/install-powershell.sh)`;
    return { status: 'skipped', summary: null, reason };
  }
  mkdirSync(resultsDir, { recursive: true });
  const script = path.join(root, 'test', 'powershell', 'Invoke-NgtPrepPester.ps1');
  const r = spawnSync(
    pwsh,
    ['-NoProfile', '-NonInteractive', '-File', script, '-PesterManifest', pester, '-ResultsDir', resultsDir],
    {
      cwd: root,
      stdio: 'inherit',
    },
  );
  const summaryPath = path.join(resultsDir, 'pester-summary.json');
  if (!existsSync(summaryPath))
    return { status: 'failed', summary: null, reason: `Pester wrote no summary (exit ${r.status})` };
  const summary = JSON.parse(readFileSync(summaryPath, 'utf8'));
  const ok = summary.failed === 0 && summary.coveragePercent >= COVERAGE_TARGET;
  const reason =
    summary.coveragePercent < COVERAGE_TARGET
      ? `coverage ${summary.coveragePercent}% is under ${COVERAGE_TARGET}%`
      : null;
  return { status: ok ? 'passed' : 'failed', summary, reason };
}

export function printPesterSummary({ summary, reason }) {
  if (summary) {
    console.log(`pester: ${summary.passed} passed, ${summary.failed} failed, ${summary.skipped} skipped`);
    console.log(
      `pester coverage of assets/windows/*.ps1: ${summary.coveragePercent}% of lines (${summary.linesCovered}/${summary.linesTotal}; target ${COVERAGE_TARGET}%), ${summary.commandPercent}% of commands (${summary.commandsExecuted}/${summary.commandsAnalyzed})`,
    );
    for (const file of summary.files ?? []) console.log(`  ${file.file}: ${file.executed}/${file.commands}`);
  }
  if (reason) console.log(`pester: ${reason}`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const result = runPester();
  printPesterSummary(result);
  if (result.status === 'skipped') {
    console.log(`!!! Pester NOT RUN: ${result.reason}${process.env.CI === 'true' ? ' — a failure under CI' : ''}`);
    process.exit(process.env.CI === 'true' ? 1 : 3);
  }
  process.exit(result.status === 'passed' ? 0 : 1);
}
