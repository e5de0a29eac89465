#!/usr/bin/env node
// Regenerates test/fixtures/windows/standin/<state>.<script>.json: the JSON each script in
// assets/windows printed when it ran under real PowerShell 7 against the Windows stand-in
// (test/powershell/WindowsStandIn), then checks every file with the schema the product parses
// it with (main/windows/scriptOutputs.ts). Needs scripts/install-powershell.sh.
//   node test/powershell/tools/generate-standin-outputs.mjs
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createJiti } from 'jiti';
import { findPester, findPwsh } from '../../../scripts/pester.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const outDir = path.join(root, 'test', 'fixtures', 'windows', 'standin');
const pwsh = findPwsh();
const pester = findPester();
if (!pwsh || !pester) {
  console.error('generate-standin-outputs: pwsh or Pester missing; run scripts/install-powershell.sh');
  process.exit(1);
}
rmSync(outDir, { recursive: true, force: true });
const script = path.join(root, 'test', 'powershell', 'tools', 'Export-StandInOutputs.ps1');
const r = spawnSync(
  pwsh,
  ['-NoProfile', '-NonInteractive', '-File', script, '-PesterManifest', pester, '-OutputDir', outDir],
  {
    stdio: 'inherit',
  },
);
if (r.status !== 0) process.exit(r.status ?? 1);

const contracts = await createJiti(import.meta.url).import(path.join(root, 'main/windows/scriptOutputs.ts'));
const schemas = {
  'Get-NgtPrepState': contracts.checkResultSchema,
  'Set-NgtPrepWinRm': contracts.applyResultSchema,
  'Test-NgtPrepWinRm': contracts.verifyResultSchema,
  'Undo-NgtPrepWinRm': contracts.undoResultSchema,
};
let bad = 0;
const files = readdirSync(outDir).filter((f) => f.endsWith('.json'));
for (const file of files) {
  const scriptName = file.split('.').at(-2);
  const value = JSON.parse(readFileSync(path.join(outDir, file), 'utf8'));
  const result = (value.ok === false ? contracts.scriptErrorSchema : schemas[scriptName]).safeParse(value);
  if (!result.success) {
    bad++;
    console.error(`${file}: ${result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
}
console.log(`generate-standin-outputs: ${files.length} outputs in ${path.relative(root, outDir)}, ${bad} invalid`);
process.exit(bad ? 1 : 0);
