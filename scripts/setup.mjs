#!/usr/bin/env node
// `npm run setup`: installs everything from the lock, tries to fetch the
// Electron binary, and builds. Without the binary the set-up still succeeds
// and says so in one line: `npm start` then uses the browser host.
import { spawnSync } from 'node:child_process';
import { electronBinary, root } from './electronBinary.mjs';

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const env = { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1', PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1' };

function run(command, args, options = {}) {
  const r = spawnSync(command, args, {
    cwd: root,
    stdio: 'inherit',
    env,
    shell: process.platform === 'win32',
    ...options,
  });
  return r.status ?? 1;
}

if (run(npm, ['ci', '--no-audit', '--no-fund']) !== 0) {
  console.error('setup: npm ci failed (see above).');
  process.exit(1);
}

if (!electronBinary() && process.env.NGT_PREP_SKIP_ELECTRON !== '1') {
  // Electron's own installer downloads the binary; it fails where only the npm registry is reachable.
  // Its failure is reported by the one line below, not as an error.
  spawnSync(process.execPath, ['node_modules/electron/install.js'], {
    cwd: root,
    stdio: 'ignore',
    timeout: 120_000,
    env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '' },
  });
}
console.log(
  electronBinary()
    ? 'setup: Electron binary present — `npm start` opens the desktop window.'
    : 'setup: Electron binary unavailable (it could not be downloaded here) — the desktop window is unavailable; `npm start` will use the browser host.',
);

if (run(process.execPath, ['scripts/build.mjs']) !== 0) {
  console.error('setup: build failed (see above).');
  process.exit(1);
}
console.log('setup: done.');
