/**
 * What each sandbox distribution puts in the upper layer of /etc, so that
 * python-distro, `cat /etc/os-release` and tools reading redhat-release see
 * that distribution. Files are written before the overlay is mounted.
 */
export type SandboxDistro = 'rocky' | 'alma' | 'debian';

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

const rockyOsRelease = `NAME="Rocky Linux"
VERSION="8.4 (Green Obsidian)"
ID="rocky"
ID_LIKE="rhel centos fedora"
VERSION_ID="8.4"
PLATFORM_ID="platform:el8"
PRETTY_NAME="Rocky Linux 8.4 (Green Obsidian)"
ANSI_COLOR="0;32"
CPE_NAME="cpe:/o:rocky:rocky:8.4:GA"
HOME_URL="https://rockylinux.org/"
BUG_REPORT_URL="https://bugs.rockylinux.org/"
ROCKY_SUPPORT_PRODUCT="Rocky Linux"
ROCKY_SUPPORT_PRODUCT_VERSION="8"
`;

const almaOsRelease = `NAME="AlmaLinux"
VERSION="8.4 (Electric Cheetah)"
ID="almalinux"
ID_LIKE="rhel centos fedora"
VERSION_ID="8.4"
PLATFORM_ID="platform:el8"
PRETTY_NAME="AlmaLinux 8.4 (Electric Cheetah)"
ANSI_COLOR="0;34"
CPE_NAME="cpe:/o:almalinux:almalinux:8.4:GA"
HOME_URL="https://almalinux.org/"
DOCUMENTATION_URL="https://wiki.almalinux.org/"
BUG_REPORT_URL="https://bugs.almalinux.org/"
ALMALINUX_MANTISBT_PROJECT="AlmaLinux-8"
ALMALINUX_MANTISBT_PROJECT_VERSION="8.4"
`;

const debianOsRelease = `PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"
NAME="Debian GNU/Linux"
VERSION_ID="12"
VERSION="12 (bookworm)"
VERSION_CODENAME=bookworm
ID=debian
HOME_URL="https://www.debian.org/"
SUPPORT_URL="https://www.debian.org/support"
BUG_REPORT_URL="https://bugs.debian.org/"
`;

function hostsFile(hostname: string, address: string): string {
  return `127.0.0.1   localhost localhost.localdomain\n::1         localhost localhost.localdomain\n${address} ${hostname}\n`;
}

export function distroFiles(distro: SandboxDistro, address: string): DistroFiles {
  switch (distro) {
    case 'rocky': {
      const hostname = 'rocky84';
      return {
        hostname,
        files: {
          'os-release': rockyOsRelease,
          'rocky-release': 'Rocky Linux release 8.4 (Green Obsidian)\n',
          'rocky-release-upstream': 'Derived from Red Hat Enterprise Linux 8.4\n',
          'system-release-cpe': 'cpe:/o:rocky:rocky:8.4:GA\n',
          hostname: `${hostname}\n`,
          hosts: hostsFile(hostname, address),
        },
        symlinks: {
          'redhat-release': 'rocky-release',
          'system-release': 'rocky-release',
        },
        hidden: ['debian_version'],
        expectedDistro: ['Rocky Linux', '8.4', 'Green Obsidian'],
      };
    }
    case 'alma': {
      const hostname = 'alma84';
      return {
        hostname,
        files: {
          'os-release': almaOsRelease,
          'almalinux-release': 'AlmaLinux release 8.4 (Electric Cheetah)\n',
          'system-release-cpe': 'cpe:/o:almalinux:almalinux:8.4:GA\n',
          hostname: `${hostname}\n`,
          hosts: hostsFile(hostname, address),
        },
        symlinks: {
          'redhat-release': 'almalinux-release',
          'system-release': 'almalinux-release',
        },
        hidden: ['debian_version'],
        expectedDistro: ['AlmaLinux', '8.4', 'Electric Cheetah'],
      };
    }
    case 'debian': {
      const hostname = 'debian12';
      return {
        hostname,
        files: {
          'os-release': debianOsRelease,
          hostname: `${hostname}\n`,
          hosts: hostsFile(hostname, address),
        },
        symlinks: {},
        hidden: [],
        expectedDistro: ['Debian GNU/Linux', '12', 'bookworm'],
      };
    }
  }
}
