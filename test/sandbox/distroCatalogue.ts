/**
 * The /etc files each distribution really ships, for the sandbox, with where
 * each was taken from. Only files that decide what python-distro, the
 * installer and NGT Prep see are kept (os-release and the *-release files).
 *
 * Sources (public, read through the search tools; not copied wholesale):
 * - [distro] python-distro's test resources, github.com/python-distro/distro
 *   tests/resources/distros/<name>/ (commit 6caf024): centos7, centosstream8,
 *   centosstream9, oracle7, rhel7, rhel9, rocky (8.4), rocky9, amazon2023, fedora42.
 * - [cloud-init] canonical/cloud-init tests/unittests/test_util.py: AlmaLinux 8.3,
 *   EuroLinux 8.4, MIRACLE LINUX 8.4, Rocky 8.3, RHEL 7.5, and their redhat-release lines.
 * - [briefcase] beeware/briefcase tests/platforms/linux/os_release.py: AlmaLinux 9.1, RHEL 8.7.
 * - [ol9] an Oracle Linux Server 9.3 /etc/os-release in a public repository (search result, no path).
 * - [eurolinux-spec] EuroLinux's own eurolinux-release.spec (os-release template, el-release).
 * - [centminmod] centminmod's EL detection scripts (github.com/centminmod): read the version as the
 *   5th word of /etc/navylinux-release and /etc/oracle-release and the 4th of /etc/circle-release,
 *   which fixes those release lines' shape ("Navy Linux Enterprise release 8.x",
 *   "Oracle Linux Server release 8.x", "Circle Linux release 8.x").
 * - [sos] sosreport's Circle policy (sos/policies/distros/circle.py): release file
 *   /etc/circle-release, product name "Circle Linux", vendor "The Circle Linux Project".
 * - [docker-navy] docker-library/docs navylinux/content.md: the product is "Navy Linux Enterprise",
 *   a Red Hat rebuild with el8 images.
 * - [miracle92] a public Ansible README (MIRACLE LINUX snmposter playbook) quoting
 *   /etc/redhat-release on its controller: "MIRACLE LINUX release 9.2 (Feige)".
 * - [modelled] where a source above fixes the release line and the name but no public copy of
 *   the whole os-release was found, the remaining os-release fields follow the distribution's
 *   el8/el9 siblings above (ID_LIKE, PLATFORM_ID); the entry names which fields are modelled.
 */
export interface DistroEntry {
  hostname: string;
  source: string;
  osRelease: string;
  /** Other regular files in /etc. */
  files?: Record<string, string>;
  /** Symlinks in /etc: name → target. */
  symlinks?: Record<string, string>;
  /** What python-distro's linux_distribution() returns there (measured in the sandbox with Debian's python3-distro). */
  expectedDistro: [string, string, string];
  /**
   * What the newer installer_factory.py does with it: 'patch' (NGT Prep adds the name to the Red Hat
   * branch), 'as-is' (the Red Hat branch names it), 'installer-branch' (another branch of the
   * installer names it: Ubuntu, SUSE), 'refused' (NGT Prep refuses, with the reason).
   */
  expected: 'patch' | 'as-is' | 'installer-branch' | 'refused';
}

const el = (name: string, line: string, extra: Record<string, string> = {}) => ({
  files: { [name]: `${line}\n`, ...extra },
  symlinks: { 'redhat-release': name, 'system-release': name },
});

export const DISTROS = {
  rocky: {
    hostname: 'rocky84',
    source: '[distro] rocky',
    osRelease: `NAME="Rocky Linux"
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
`,
    ...el('rocky-release', 'Rocky Linux release 8.4 (Green Obsidian)', {
      'rocky-release-upstream': 'Derived from Red Hat Enterprise Linux 8.4\n',
      'system-release-cpe': 'cpe:/o:rocky:rocky:8.4:GA\n',
    }),
    expectedDistro: ['Rocky Linux', '8.4', 'Green Obsidian'],
    expected: 'patch',
  },
  rocky9: {
    hostname: 'rocky93',
    source: '[distro] rocky9',
    osRelease: `NAME="Rocky Linux"
VERSION="9.3 (Blue Onyx)"
ID="rocky"
ID_LIKE="rhel centos fedora"
VERSION_ID="9.3"
PLATFORM_ID="platform:el9"
PRETTY_NAME="Rocky Linux 9.3 (Blue Onyx)"
ANSI_COLOR="0;32"
LOGO="fedora-logo-icon"
CPE_NAME="cpe:/o:rocky:rocky:9::baseos"
HOME_URL="https://rockylinux.org/"
BUG_REPORT_URL="https://bugs.rockylinux.org/"
SUPPORT_END="2032-05-31"
ROCKY_SUPPORT_PRODUCT="Rocky-Linux-9"
ROCKY_SUPPORT_PRODUCT_VERSION="9.3"
REDHAT_SUPPORT_PRODUCT="Rocky Linux"
REDHAT_SUPPORT_PRODUCT_VERSION="9.3"
`,
    ...el('rocky-release', 'Rocky Linux release 9.3 (Blue Onyx)', {
      'rocky-release-upstream': 'Derived from Red Hat Enterprise Linux 9.3\n',
    }),
    expectedDistro: ['Rocky Linux', '9.3', 'Blue Onyx'],
    expected: 'patch',
  },
  alma: {
    hostname: 'alma84',
    source: '[cloud-init] AlmaLinux 8.3, version fields set to 8.4 (Electric Cheetah, the 8.4 code name)',
    osRelease: `NAME="AlmaLinux"
VERSION="8.4 (Electric Cheetah)"
ID="almalinux"
ID_LIKE="rhel centos fedora"
VERSION_ID="8.4"
PLATFORM_ID="platform:el8"
PRETTY_NAME="AlmaLinux 8.4 (Electric Cheetah)"
ANSI_COLOR="0;34"
CPE_NAME="cpe:/o:almalinux:almalinux:8.4:GA"
HOME_URL="https://almalinux.org/"
BUG_REPORT_URL="https://bugs.almalinux.org/"
ALMALINUX_MANTISBT_PROJECT="AlmaLinux-8"
ALMALINUX_MANTISBT_PROJECT_VERSION="8.4"
`,
    ...el('almalinux-release', 'AlmaLinux release 8.4 (Electric Cheetah)', {
      'system-release-cpe': 'cpe:/o:almalinux:almalinux:8.4:GA\n',
    }),
    expectedDistro: ['AlmaLinux', '8.4', 'Electric Cheetah'],
    expected: 'patch',
  },
  alma9: {
    hostname: 'alma91',
    source: '[briefcase] almalinux:9.1',
    osRelease: `NAME="AlmaLinux"
VERSION="9.1 (Lime Lynx)"
ID="almalinux"
ID_LIKE="rhel centos fedora"
VERSION_ID="9.1"
PLATFORM_ID="platform:el9"
PRETTY_NAME="AlmaLinux 9.1 (Lime Lynx)"
ANSI_COLOR="0;34"
LOGO="fedora-logo-icon"
CPE_NAME="cpe:/o:almalinux:almalinux:9::baseos"
HOME_URL="https://almalinux.org/"
DOCUMENTATION_URL="https://wiki.almalinux.org/"
BUG_REPORT_URL="https://bugs.almalinux.org/"
ALMALINUX_MANTISBT_PROJECT="AlmaLinux-9"
ALMALINUX_MANTISBT_PROJECT_VERSION="9.1"
REDHAT_SUPPORT_PRODUCT="AlmaLinux"
REDHAT_SUPPORT_PRODUCT_VERSION="9.1"
`,
    ...el('almalinux-release', 'AlmaLinux release 9.1 (Lime Lynx)'),
    expectedDistro: ['AlmaLinux', '9.1', 'Lime Lynx'],
    expected: 'patch',
  },
  oracle7: {
    hostname: 'ol75',
    source: '[distro] oracle7',
    osRelease: `NAME="Oracle Linux Server"
VERSION="7.5"
ID="ol"
VERSION_ID="7.5"
PRETTY_NAME="Oracle Linux Server 7.5"
ANSI_COLOR="0;31"
CPE_NAME="cpe:/o:oracle:linux:7:5:server"
HOME_URL="https://linux.oracle.com/"
BUG_REPORT_URL="https://bugzilla.oracle.com/"
ORACLE_BUGZILLA_PRODUCT="Oracle Linux 7"
ORACLE_BUGZILLA_PRODUCT_VERSION=7.5
ORACLE_SUPPORT_PRODUCT="Oracle Linux"
ORACLE_SUPPORT_PRODUCT_VERSION=7.5
`,
    ...el('oracle-release', 'Oracle Linux Server release 7.5'),
    expectedDistro: ['Oracle Linux Server', '7.5', ''],
    expected: 'as-is',
  },
  oracle8: {
    hostname: 'ol810',
    source:
      '[centminmod] oracle-release line shape; os-release [modelled] on the oracle7 and ol9 files (ID_LIKE="fedora", PLATFORM_ID el8)',
    osRelease: `NAME="Oracle Linux Server"
VERSION="8.10"
ID="ol"
ID_LIKE="fedora"
VARIANT="Server"
VARIANT_ID="server"
VERSION_ID="8.10"
PLATFORM_ID="platform:el8"
PRETTY_NAME="Oracle Linux Server 8.10"
ANSI_COLOR="0;31"
CPE_NAME="cpe:/o:oracle:linux:8:10:server"
HOME_URL="https://linux.oracle.com/"
`,
    ...el('oracle-release', 'Oracle Linux Server release 8.10'),
    expectedDistro: ['Oracle Linux Server', '8.10', ''],
    expected: 'as-is',
  },
  oracle9: {
    hostname: 'ol93',
    source: '[ol9]',
    osRelease: `NAME="Oracle Linux Server"
VERSION="9.3"
ID="ol"
ID_LIKE="fedora"
VARIANT="Server"
VARIANT_ID="server"
VERSION_ID="9.3"
PLATFORM_ID="platform:el9"
PRETTY_NAME="Oracle Linux Server 9.3"
ANSI_COLOR="0;31"
CPE_NAME="cpe:/o:oracle:linux:9:3:server"
HOME_URL="https://linux.oracle.com/"
BUG_REPORT_URL="https://github.com/oracle/oracle-linux"
ORACLE_BUGZILLA_PRODUCT="Oracle Linux 9"
ORACLE_BUGZILLA_PRODUCT_VERSION=9.3
ORACLE_SUPPORT_PRODUCT="Oracle Linux"
ORACLE_SUPPORT_PRODUCT_VERSION=9.3
`,
    ...el('oracle-release', 'Oracle Linux Server release 9.3'),
    expectedDistro: ['Oracle Linux Server', '9.3', ''],
    expected: 'as-is',
  },
  centos7: {
    hostname: 'centos7',
    source: '[distro] centos7',
    osRelease: `NAME="CentOS Linux"
VERSION="7 (Core)"
ID="centos"
ID_LIKE="rhel fedora"
VERSION_ID="7"
PRETTY_NAME="CentOS Linux 7 (Core)"
ANSI_COLOR="0;31"
CPE_NAME="cpe:/o:centos:centos:7"
HOME_URL="https://www.centos.org/"
BUG_REPORT_URL="https://bugs.centos.org/"
CENTOS_MANTISBT_PROJECT="CentOS-7"
CENTOS_MANTISBT_PROJECT_VERSION="7"
REDHAT_SUPPORT_PRODUCT="centos"
REDHAT_SUPPORT_PRODUCT_VERSION="7"
`,
    ...el('centos-release', 'CentOS Linux release 7.1.1503 (Core) '),
    expectedDistro: ['CentOS Linux', '7', 'Core'],
    expected: 'as-is',
  },
  'centos-stream8': {
    hostname: 'stream8',
    source: '[distro] centosstream8 (centos-release line from the same pattern as centosstream9)',
    osRelease: `NAME="CentOS Stream"
VERSION="8"
ID="centos"
ID_LIKE="rhel fedora"
VERSION_ID="8"
PLATFORM_ID="platform:el8"
PRETTY_NAME="CentOS Stream 8"
ANSI_COLOR="0;31"
CPE_NAME="cpe:/o:centos:centos:8"
HOME_URL="https://centos.org/"
BUG_REPORT_URL="https://bugzilla.redhat.com/"
REDHAT_SUPPORT_PRODUCT="Red Hat Enterprise Linux 8"
REDHAT_SUPPORT_PRODUCT_VERSION="CentOS Stream"
`,
    ...el('centos-release', 'CentOS Stream release 8'),
    expectedDistro: ['CentOS Stream', '8', ''],
    expected: 'as-is',
  },
  'centos-stream9': {
    hostname: 'stream9',
    source: '[distro] centosstream9',
    osRelease: `NAME="CentOS Stream"
VERSION="9"
ID="centos"
ID_LIKE="rhel fedora"
VERSION_ID="9"
PLATFORM_ID="platform:el9"
PRETTY_NAME="CentOS Stream 9"
ANSI_COLOR="0;31"
LOGO="fedora-logo-icon"
CPE_NAME="cpe:/o:centos:centos:9"
HOME_URL="https://centos.org/"
BUG_REPORT_URL="https://issues.redhat.com/"
REDHAT_SUPPORT_PRODUCT="Red Hat Enterprise Linux 9"
REDHAT_SUPPORT_PRODUCT_VERSION="CentOS Stream"
`,
    ...el('centos-release', 'CentOS Stream release 9'),
    expectedDistro: ['CentOS Stream', '9', ''],
    expected: 'as-is',
  },
  rhel7: {
    hostname: 'rhel75',
    source: '[cloud-init] RHEL 7.5 ([distro] rhel7 has the same shape for 7.0)',
    osRelease: `NAME="Red Hat Enterprise Linux Server"
VERSION="7.5 (Maipo)"
ID="rhel"
ID_LIKE="fedora"
VARIANT="Server"
VARIANT_ID="server"
VERSION_ID="7.5"
PRETTY_NAME="Red Hat Enterprise Linux Server 7.5 (Maipo)"
ANSI_COLOR="0;31"
CPE_NAME="cpe:/o:redhat:enterprise_linux:7.5:GA:server"
HOME_URL="https://www.redhat.com/"
BUG_REPORT_URL="https://bugzilla.redhat.com/"
REDHAT_BUGZILLA_PRODUCT="Red Hat Enterprise Linux 7"
REDHAT_BUGZILLA_PRODUCT_VERSION=7.5
REDHAT_SUPPORT_PRODUCT="Red Hat Enterprise Linux"
REDHAT_SUPPORT_PRODUCT_VERSION="7.5"
`,
    files: { 'redhat-release': 'Red Hat Enterprise Linux Server release 7.5 (Maipo)\n' },
    symlinks: { 'system-release': 'redhat-release' },
    expectedDistro: ['Red Hat Enterprise Linux Server', '7.5', 'Maipo'],
    expected: 'as-is',
  },
  rhel8: {
    hostname: 'rhel87',
    source: '[briefcase] rhel/ubi8:8.7',
    osRelease: `NAME="Red Hat Enterprise Linux"
VERSION="8.7 (Ootpa)"
ID="rhel"
ID_LIKE="fedora"
VERSION_ID="8.7"
PLATFORM_ID="platform:el8"
PRETTY_NAME="Red Hat Enterprise Linux 8.7 (Ootpa)"
ANSI_COLOR="0;31"
CPE_NAME="cpe:/o:redhat:enterprise_linux:8::baseos"
HOME_URL="https://www.redhat.com/"
DOCUMENTATION_URL="https://access.redhat.com/documentation/red_hat_enterprise_linux/8/"
BUG_REPORT_URL="https://bugzilla.redhat.com/"
REDHAT_BUGZILLA_PRODUCT="Red Hat Enterprise Linux 8"
REDHAT_BUGZILLA_PRODUCT_VERSION=8.7
REDHAT_SUPPORT_PRODUCT="Red Hat Enterprise Linux"
REDHAT_SUPPORT_PRODUCT_VERSION="8.7"
`,
    files: { 'redhat-release': 'Red Hat Enterprise Linux release 8.7 (Ootpa)\n' },
    symlinks: { 'system-release': 'redhat-release' },
    expectedDistro: ['Red Hat Enterprise Linux', '8.7', 'Ootpa'],
    expected: 'as-is',
  },
  rhel9: {
    hostname: 'rhel96',
    source: '[distro] rhel9',
    osRelease: `NAME="Red Hat Enterprise Linux"
VERSION="9.6 (Plow)"
ID="rhel"
ID_LIKE="fedora"
VERSION_ID="9.6"
PLATFORM_ID="platform:el9"
PRETTY_NAME="Red Hat Enterprise Linux 9.6 (Plow)"
ANSI_COLOR="0;31"
LOGO="fedora-logo-icon"
CPE_NAME="cpe:/o:redhat:enterprise_linux:9::baseos"
HOME_URL="https://www.redhat.com/"
DOCUMENTATION_URL="https://access.redhat.com/documentation/en-us/red_hat_enterprise_linux/9"
BUG_REPORT_URL="https://issues.redhat.com/"
REDHAT_BUGZILLA_PRODUCT="Red Hat Enterprise Linux 9"
REDHAT_BUGZILLA_PRODUCT_VERSION=9.6
REDHAT_SUPPORT_PRODUCT="Red Hat Enterprise Linux"
REDHAT_SUPPORT_PRODUCT_VERSION="9.6"
`,
    files: { 'redhat-release': 'Red Hat Enterprise Linux release 9.6 (Plow)\n' },
    symlinks: { 'system-release': 'redhat-release' },
    expectedDistro: ['Red Hat Enterprise Linux', '9.6', 'Plow'],
    expected: 'as-is',
  },
  eurolinux8: {
    hostname: 'eurolinux84',
    source: '[cloud-init] EuroLinux 8.4; el-release link layout from [eurolinux-spec]',
    osRelease: `NAME="EuroLinux"
VERSION="8.4 (Vaduz)"
ID="eurolinux"
ID_LIKE="rhel fedora centos"
VERSION_ID="8.4"
PLATFORM_ID="platform:el8"
PRETTY_NAME="EuroLinux 8.4 (Vaduz)"
ANSI_COLOR="0;34"
CPE_NAME="cpe:/o:eurolinux:eurolinux:8"
HOME_URL="https://www.euro-linux.com/"
BUG_REPORT_URL="https://github.com/EuroLinux/eurolinux-distro-bugs-and-rfc/"
REDHAT_SUPPORT_PRODUCT="EuroLinux"
REDHAT_SUPPORT_PRODUCT_VERSION="8"
`,
    ...el('el-release', 'EuroLinux release 8.4 (Vaduz)'),
    expectedDistro: ['EuroLinux', '8.4', 'Vaduz'],
    expected: 'patch',
  },
  navylinux8: {
    hostname: 'navy8',
    source:
      '[centminmod] /etc/navylinux-release line shape, [docker-navy] product name; os-release [modelled]: ID from the release file name, ID_LIKE and PLATFORM_ID as the el8 rebuilds',
    osRelease: `NAME="Navy Linux Enterprise"
VERSION="8.6"
ID="navylinux"
ID_LIKE="rhel centos fedora"
VERSION_ID="8.6"
PLATFORM_ID="platform:el8"
PRETTY_NAME="Navy Linux Enterprise 8.6"
ANSI_COLOR="0;34"
`,
    ...el('navylinux-release', 'Navy Linux Enterprise release 8.6'),
    expectedDistro: ['Navy Linux Enterprise', '8.6', ''],
    expected: 'patch',
  },
  miraclelinux8: {
    hostname: 'miracle84',
    source: '[cloud-init] MIRACLE LINUX 8.4',
    osRelease: `NAME="MIRACLE LINUX"
VERSION="8.4 (Peony)"
ID="miraclelinux"
ID_LIKE="rhel fedora"
PLATFORM_ID="platform:el8"
VERSION_ID="8"
PRETTY_NAME="MIRACLE LINUX 8.4 (Peony)"
ANSI_COLOR="0;31"
CPE_NAME="cpe:/o:cybertrust_japan:miracle_linux:8"
HOME_URL="https://www.cybertrust.co.jp/miracle-linux/"
DOCUMENTATION_URL="https://www.miraclelinux.com/support/miraclelinux8"
BUG_REPORT_URL="https://bugzilla.asianux.com/"
MIRACLELINUX_SUPPORT_PRODUCT="MIRACLE LINUX"
MIRACLELINUX_SUPPORT_PRODUCT_VERSION="8"
`,
    ...el('miraclelinux-release', 'MIRACLE LINUX release 8.4 (Peony)'),
    expectedDistro: ['MIRACLE LINUX', '8', 'Peony'],
    expected: 'patch',
  },
  miraclelinux9: {
    hostname: 'miracle92',
    source: '[miracle92] release line; os-release [modelled] on the 8.4 file ([cloud-init]) with el9 values',
    osRelease: `NAME="MIRACLE LINUX"
VERSION="9.2 (Feige)"
ID="miraclelinux"
ID_LIKE="rhel fedora"
PLATFORM_ID="platform:el9"
VERSION_ID="9"
PRETTY_NAME="MIRACLE LINUX 9.2 (Feige)"
ANSI_COLOR="0;31"
CPE_NAME="cpe:/o:cybertrust_japan:miracle_linux:9"
HOME_URL="https://www.cybertrust.co.jp/miracle-linux/"
`,
    ...el('miraclelinux-release', 'MIRACLE LINUX release 9.2 (Feige)'),
    expectedDistro: ['MIRACLE LINUX', '9', 'Feige'],
    expected: 'patch',
  },
  circle8: {
    hostname: 'circle8',
    source:
      '[centminmod] circle-release line shape, [sos] file name and product name; os-release [modelled]: ID, ID_LIKE and PLATFORM_ID as the el8 rebuilds',
    osRelease: `NAME="Circle Linux"
VERSION="8.5 (Core)"
ID="circle"
ID_LIKE="rhel centos fedora"
VERSION_ID="8.5"
PLATFORM_ID="platform:el8"
PRETTY_NAME="Circle Linux 8.5 (Core)"
ANSI_COLOR="0;31"
`,
    ...el('circle-release', 'Circle Linux release 8.5 (Core)'),
    expectedDistro: ['Circle Linux', '8.5', 'Core'],
    expected: 'patch',
  },
  debian: {
    hostname: 'debian12',
    source: "Debian 12's own /etc/os-release (the machine these tests run on)",
    osRelease: `PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"
NAME="Debian GNU/Linux"
VERSION_ID="12"
VERSION="12 (bookworm)"
VERSION_CODENAME=bookworm
ID=debian
HOME_URL="https://www.debian.org/"
SUPPORT_URL="https://www.debian.org/support"
BUG_REPORT_URL="https://bugs.debian.org/"
`,
    expectedDistro: ['Debian GNU/Linux', '12', 'bookworm'],
    expected: 'refused',
  },
  ubuntu22: {
    hostname: 'ubuntu2204',
    source: '[distro] ubuntu24 shape; values of Ubuntu 22.04.2 from a public linux-releases.md (yorevs/homesetup)',
    osRelease: `PRETTY_NAME="Ubuntu 22.04.2 LTS"
NAME="Ubuntu"
VERSION_ID="22.04"
VERSION="22.04.2 LTS (Jammy Jellyfish)"
VERSION_CODENAME=jammy
ID=ubuntu
ID_LIKE=debian
HOME_URL="https://www.ubuntu.com/"
SUPPORT_URL="https://help.ubuntu.com/"
BUG_REPORT_URL="https://bugs.launchpad.net/ubuntu/"
UBUNTU_CODENAME=jammy
`,
    expectedDistro: ['Ubuntu', '22.04', 'Jammy Jellyfish'],
    expected: 'installer-branch',
  },
  sles15: {
    hostname: 'sles15',
    source: 'SLES 15 SP3 from jxsl13/osfacts README (NAME="SLES", ID="sles")',
    osRelease: `NAME="SLES"
VERSION="15-SP3"
VERSION_ID="15.3"
PRETTY_NAME="SUSE Linux Enterprise Server 15 SP3"
ID="sles"
ID_LIKE="suse"
ANSI_COLOR="0;32"
CPE_NAME="cpe:/o:suse:sles:15:sp3"
`,
    expectedDistro: ['SLES', '15.3', ''],
    expected: 'installer-branch',
  },
  fedora42: {
    hostname: 'fedora42',
    source: '[distro] fedora42 (os-release shortened to its identifying fields)',
    osRelease: `NAME="Fedora Linux"
VERSION="42 (Forty Two)"
ID=fedora
VERSION_ID=42
PLATFORM_ID="platform:f42"
PRETTY_NAME="Fedora Linux 42 (Forty Two)"
CPE_NAME="cpe:/o:fedoraproject:fedora:42"
`,
    ...el('fedora-release', 'Fedora release 42 (Forty Two)'),
    expectedDistro: ['Fedora Linux', '42', 'Forty Two'],
    expected: 'refused',
  },
  amazon2023: {
    hostname: 'al2023',
    source: '[distro] amazon2023',
    osRelease: `NAME="Amazon Linux"
VERSION="2023"
ID="amzn"
ID_LIKE="fedora"
VERSION_ID="2023"
PLATFORM_ID="platform:al2023"
PRETTY_NAME="Amazon Linux 2023"
ANSI_COLOR="0;33"
CPE_NAME="cpe:2.3:o:amazon:amazon_linux:2023"
HOME_URL="https://aws.amazon.com/linux/"
BUG_REPORT_URL="https://github.com/amazonlinux/amazon-linux-2023"
SUPPORT_END="2028-03-01"
`,
    files: { 'system-release': 'Amazon Linux release 2023 (Amazon Linux)\n' },
    expectedDistro: ['Amazon Linux', '2023', ''],
    expected: 'refused',
  },
} satisfies Record<string, DistroEntry>;
