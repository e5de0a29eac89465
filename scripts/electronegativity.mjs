#!/usr/bin/env node
// `npm run security`: Doyensec's electronegativity over the app's own code
// (main, preload, renderer). Any finding fails. The only check left out is
// the one that downloads Electron's release list (no network here).
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { root } from './electronBinary.mjs';

const EXCLUDED = ['AvailableSecurityFixesGlobalCheck'];
const electronVersion = JSON.parse(readFileSync(path.join(root, 'node_modules', 'electron', 'package.json'), 'utf8')).version;
const work = mkdtempSync(path.join(tmpdir(), 'ngtp-eneg-'));
for (const part of ['main', 'preload', 'renderer/index.html', 'renderer/src', 'package.json']) {
  cpSync(path.join(root, part), path.join(work, part), { recursive: true });
}
const csv = path.join(work, 'findings.csv');
const r = spawnSync(
  process.execPath,
  [
    path.join(root, 'node_modules', '@doyensec', 'electronegativity', 'dist', 'index.js'),
    '-i', work, '-o', csv, '-r', '-v', 'false', '-e', electronVersion, '-x', EXCLUDED.join(','),
  ],
  { encoding: 'utf8' },
);
if (!existsSync(csv)) {
  console.error(r.stdout, r.stderr);
  console.error('electronegativity: no result file was written');
  process.exit(1);
}
const rows = readFileSync(csv, 'utf8').trim().split('\n').slice(1).filter(Boolean);
rmSync(work, { recursive: true, force: true });
for (const row of rows) console.log(`finding: ${row}`);
console.log(`electronegativity ${electronVersion}: ${rows.length} finding(s)${rows.length ? '' : ' — clean'}`);
process.exit(rows.length ? 1 : 0);
