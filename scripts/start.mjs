#!/usr/bin/env node
// `npm start`: the Electron window when the binary exists, otherwise the
// browser host (prints its URL and opens it when a browser is available).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { electronBinary, root } from './electronBinary.mjs';

if (!existsSync(path.join(root, 'dist', 'main', 'webhost.js'))) {
  console.error('start: NGT Prep is not built yet. Run `npm run setup` first.');
  process.exit(2);
}
const binary = electronBinary();
const args = process.argv.slice(2);
const child = binary
  ? spawn(binary, [root, ...args], { stdio: 'inherit' })
  : (console.log('start: no Electron binary here — starting the browser host instead.'),
    spawn(process.execPath, [path.join(root, 'dist', 'main', 'webhost.js'), ...args], { stdio: 'inherit' }));
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code) => process.exit(code ?? 0));
