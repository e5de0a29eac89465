#!/usr/bin/env node
// `npm run bench`: bundles test/bench/benchmarks.ts and runs it (needs `npm run build` for the CLI cold-start figure).
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
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
  plugins: [
    {
      // The sandbox and the ISO fixture find their scripts beside their own source: keep their __dirname.
      name: 'source-dirname',
      setup(b) {
        b.onLoad({ filter: /[\\/]test[\\/](sandbox|fixtures)[\\/].*\.ts$/ }, async (args) => ({
          contents: (await readFile(args.path, 'utf8')).replace(
            /\b__dirname\b/g,
            JSON.stringify(path.dirname(args.path)),
          ),
          loader: 'ts',
        }));
      },
    },
  ],
});
const r = spawnSync(process.execPath, ['--expose-gc', out], { cwd: root, stdio: 'inherit' });
process.exit(r.status ?? 1);
