/**
 * What each sandbox distribution puts in the upper layer of /etc, so that
 * python-distro, `cat /etc/os-release` and tools reading redhat-release see
 * that distribution. Files are written before the overlay is mounted. The
 * files themselves, and where each was taken from: distroCatalogue.ts.
 */
import { DISTROS, type DistroEntry } from './distroCatalogue';

export { DISTROS, type DistroEntry } from './distroCatalogue';

export type SandboxDistro = keyof typeof DISTROS;

export interface DistroFiles {
  hostname: string;
  /** Regular files: name inside /etc → content. */
  files: Record<string, string>;
  /** Symlinks: name inside /etc → target. */
  symlinks: Record<string, string>;
  /** Host /etc entries hidden in the sandbox (overlay whiteouts). */
  hidden: string[];
  /** What python-distro's linux_distribution() returns there. */
  expectedDistro: [string, string, string];
}

function hostsFile(hostname: string, address: string): string {
  return `127.0.0.1   localhost localhost.localdomain\n::1         localhost localhost.localdomain\n${address} ${hostname}\n`;
}

export function distroFiles(distro: SandboxDistro, address: string): DistroFiles {
  const entry: DistroEntry = DISTROS[distro];
  return {
    hostname: entry.hostname,
    files: {
      'os-release': entry.osRelease,
      ...(entry.files ?? {}),
      hostname: `${entry.hostname}\n`,
      hosts: hostsFile(entry.hostname, address),
    },
    symlinks: entry.symlinks ?? {},
    // The host is Debian: hide its identity everywhere but on the Debian sandbox.
    hidden:
      distro === 'debian'
        ? []
        : ['debian_version', ...(distro === 'ubuntu22' ? [] : ['lsb-release'])].filter(
            (name) => name !== 'lsb-release',
          ),
    expectedDistro: entry.expectedDistro,
  };
}
