#!/usr/bin/env node
// `npm run security`: Doyensec's electronegativity over the app's own code
// (main, preload, renderer). Any finding fails, except a manual-review
// finding that scripts/electronegativity-reviewed.json records with the
// review's conclusion. Left out: the check that downloads Electron's release
// list (no network here) and informational notes (severity below LOW).
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { root } from './electronBinary.mjs';

const EXCLUDED = ['AvailableSecurityFixesGlobalCheck'];
const electronVersion = JSON.parse(
  readFileSync(path.join(root, 'node_modules', 'electron', 'package.json'), 'utf8'),
).version;
const work = mkdtempSync(path.join(tmpdir(), 'ngtp-eneg-'));
for (const part of ['main', 'preload', 'renderer/index.html', 'renderer/src', 'package.json']) {
  cpSync(path.join(root, part), path.join(work, part), { recursive: true });
}
const csv = path.join(work, 'findings.csv');
const r = spawnSync(
  process.execPath,
  [
    path.join(root, 'node_modules', '@doyensec', 'electronegativity', 'dist', 'index.js'),
    '-i',
    work,
    '-o',
    csv,
    '-r',
    '-v',
    'false',
    '-e',
    electronVersion,
    '-x',
    EXCLUDED.join(','),
  ],
  { encoding: 'utf8' },
);
if (!existsSync(csv)) {
  console.error(r.stdout, r.stderr);
  console.error('electronegativity: no result file was written');
  process.exit(1);
}
// One finding per line: the first field is the check id, the fourth the file.
const rows = readFileSync(csv, 'utf8')
  .split(/\r?\n(?=[A-Z_]+_CHECK,)/)
  .slice(1)
  .map((line) => line.trim())
  .filter(Boolean);
rmSync(work, { recursive: true, force: true });
const reviewed = JSON.parse(readFileSync(path.join(root, 'scripts', 'electronegativity-reviewed.json'), 'utf8'));
const fields = (row) =>
  row.match(/("([^"]|"")*"|[^,]*)(,|$)/g).map((f) => f.replace(/,$/, '').replace(/^"|"$/g, '').trim());
let open = 0;
let reviewedCount = 0;
for (const row of rows) {
  const [check, severity, , file] = fields(row);
  if (severity === 'INFORMATIONAL') {
    console.log(`note: ${check} (informational)`);
    continue;
  }
  const review = reviewed.find((r) => r.check === check && r.file === file);
  if (review) {
    reviewedCount++;
    console.log(`reviewed: ${check} in ${file} — ${review.why}`);
  } else {
    open++;
    console.log(`finding: ${row}`);
  }
}
console.log(
  `electronegativity ${electronVersion}: ${open} finding(s)${open ? '' : ' — clean'} (${reviewedCount} manual-review item(s) recorded as reviewed)`,
);
process.exit(open ? 1 : 0);
