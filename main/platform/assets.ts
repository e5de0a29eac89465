/**
 * Where shipped files (PowerShell scripts, the built renderer) are found:
 * beside the repository in development and tests, under Electron's
 * resources folder when packaged (electron-builder `extraResources`).
 */
import { existsSync } from 'node:fs';
import * as path from 'node:path';

function candidates(relative: string): string[] {
  const list: string[] = [];
  if (process.env.NGT_PREP_ROOT) list.push(path.join(process.env.NGT_PREP_ROOT, relative));
  const resourcesPath = (process as NodeJS.Process & { resourcesPath?: string }).resourcesPath;
  if (resourcesPath) list.push(path.join(resourcesPath, relative));
  // dist/main/<bundle>.js → repository root; main/platform/assets.ts (tests) → repository root
  list.push(path.resolve(__dirname, '..', '..', relative));
  list.push(path.resolve(__dirname, '..', '..', '..', relative));
  return list;
}

export function resolveShippedPath(relative: string): string {
  for (const candidate of candidates(relative)) if (existsSync(candidate)) return candidate;
  return candidates(relative)[0];
}

export const windowsScriptsDir = (): string => resolveShippedPath(path.join('assets', 'windows'));
export const rendererDir = (): string => resolveShippedPath(path.join('dist', 'renderer'));
