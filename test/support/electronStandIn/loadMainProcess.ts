/**
 * Loads a built main-process bundle (dist/main/electron.js) with Node's own
 * CommonJS loader, answering its `require('electron')` with the stand-in.
 * node_modules/electron is the npm package without its binary, so NODE_PATH
 * cannot win over it: the resolution of that one name is redirected instead,
 * and put back afterwards.
 */
import { existsSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import * as path from 'node:path';
import type { ElectronStandIn } from './index';

type Resolve = (request: string, parent: unknown, ...rest: unknown[]) => string;
const moduleInternals = Module as unknown as {
  _resolveFilename: Resolve;
  _cache: Record<string, unknown>;
};

export function loadMainProcess(bundle: string, standIn: ElectronStandIn): { unload(): void } {
  const file = path.resolve(bundle);
  if (!existsSync(file)) {
    throw new Error(`${path.relative(process.cwd(), file)} is missing: run \`node scripts/build.mjs\` first.`);
  }
  const id = path.join(path.dirname(file), '__electron-stand-in__.js');
  const stub = new Module(id);
  stub.filename = id;
  stub.loaded = true;
  stub.exports = standIn.electron;
  const original = moduleInternals._resolveFilename;
  moduleInternals._resolveFilename = function (request, parent, ...rest) {
    if (request === 'electron') return id;
    return original.call(this, request, parent, ...rest);
  };
  moduleInternals._cache[id] = stub;
  delete moduleInternals._cache[file];
  try {
    createRequire(file)(file);
  } catch (error) {
    moduleInternals._resolveFilename = original;
    throw error;
  }
  return {
    unload() {
      moduleInternals._resolveFilename = original;
      delete moduleInternals._cache[id];
      delete moduleInternals._cache[file];
    },
  };
}
