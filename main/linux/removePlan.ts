/**
 * "Remove NGT": what the removal probe (removeScripts.ts) found and what will
 * be run and removed. Pure: facts in, plan out.
 *
 * Uninstallers, in the order tried (DOMAIN.md, "the path varies by release"):
 *   python36/bin/python3 …/ngt/python/bin/uninstall_ngt.py
 *   sh …/ngt/python/bin/uninstall_ngt.sh
 *   python …/ngt/python/bin/uninstall_ngt_core.py --force
 *   python /usr/local/nutanix/bin/uninstall_ngt.py   (the older layout; unconfirmed path)
 */
import { STAGING_PATH_PATTERN, type FactLines } from './prepareProbe';

export interface RemoveFacts {
  complete: boolean;
  uid: number | null;
  uninstallers: string[];
  pythons: string[];
  dirs: string[];
  files: string[];
  running: { service: string; pid: number }[];
  staging: string[];
}

export function interpretRemoveFacts(facts: FactLines): RemoveFacts {
  const all = (key: string) => facts.get(key) ?? [];
  const uid = all('uid')[0];
  return {
    complete: all('probe_end')[0] === '1',
    uid: uid !== undefined && /^\d+$/.test(uid) ? Number(uid) : null,
    uninstallers: all('uninstaller'),
    pythons: [...new Set(all('python'))],
    dirs: all('dir'),
    files: all('file'),
    running: all('running')
      .map((line) => /^(\S+) (\d+)$/.exec(line))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => ({ service: m[1]!, pid: Number(m[2]) })),
    staging: all('staging').filter((d) => STAGING_PATH_PATTERN.test(d)),
  };
}

/** The uninstaller command line, or null when none is installed. */
export function uninstallerCommand(f: RemoveFacts): string[] | null {
  const python =
    f.pythons.find((p) => p === '/usr/local/nutanix/ngt/python36/bin/python3') ??
    f.pythons.find((p) => !p.startsWith('/usr/local/nutanix/'));
  for (const path of f.uninstallers) {
    if (path.endsWith('.sh')) return ['sh', path];
    if (!python) continue;
    if (path.endsWith('/uninstall_ngt_core.py')) return [python, path, '--force'];
    return [python, path];
  }
  return null;
}

/** Nothing of NGT is left. */
export function nothingRemains(f: RemoveFacts): boolean {
  return f.dirs.length === 0 && f.files.length === 0 && f.running.length === 0 && f.staging.length === 0;
}
