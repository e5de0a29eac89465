#!/usr/bin/env node
// Builds everything the product runs: the main-process bundles (Electron
// shell, CLI, browser host), the sandboxed preload, and the renderer.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const only = process.argv.includes('--main-only')
  ? 'main'
  : process.argv.includes('--renderer-only')
    ? 'renderer'
    : 'all';
const production = process.env.NODE_ENV === 'production';

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  logLevel: 'warning',
  absWorkingDir: root,
  minify: production,
};

if (only !== 'renderer') {
  rmSync(path.join(root, 'dist', 'main'), { recursive: true, force: true });
  rmSync(path.join(root, 'dist', 'preload'), { recursive: true, force: true });
  await build({
    ...common,
    entryPoints: {
      electron: 'main/electron/main.ts',
      cli: 'main/cli/index.ts',
      webhost: 'main/webhost/index.ts',
    },
    outdir: 'dist/main',
    // Runtime dependencies stay in node_modules (native and optional parts of ssh2, node-powershell).
    packages: 'external',
  });
  // A sandboxed preload may only require 'electron': bundle everything else in.
  await build({
    ...common,
    entryPoints: { index: 'preload/index.ts' },
    outdir: 'dist/preload',
    platform: 'browser',
    external: ['electron'],
  });
}

if (only !== 'main') {
  const vite = spawnSync(
    process.execPath,
    [path.join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'warn'],
    {
      cwd: root,
      stdio: 'inherit',
    },
  );
  if (vite.status !== 0) process.exit(vite.status ?? 1);
}
console.log(`build: done (${only})`);
