#!/usr/bin/env node
// `npm run bench`: bundles test/bench/benchmarks.ts and runs it (needs `npm run build` for the CLI cold-start figure).
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { root } from './electronBinary.mjs';

const out = path.join(root, '.cache', 'bench', 'benchmarks.js');
await build({
  entryPoints: [path.join(root, 'test', 'bench', 'benchmarks.ts')],
  outfile: out,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  packages: 'external',
  logLevel: 'warning',
});
const r = spawnSync(process.execPath, ['--expose-gc', out], { cwd: root, stdio: 'inherit' });
process.exit(r.status ?? 1);
