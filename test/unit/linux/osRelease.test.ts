import { describe, expect, it } from 'vitest';
import { classifyHost, parseOsRelease } from '../../../main/linux/osRelease';
// The files the distributions ship, with their sources: one copy, shared with the sandbox scenarios.
import { DISTROS } from '../../sandbox/distroCatalogue';

const ALMA_9 = `NAME="AlmaLinux"
VERSION="9.3 (Shamrock Pampas Cat)"
ID="almalinux"
ID_LIKE="rhel centos fedora"
VERSION_ID="9.3"
PLATFORM_ID="platform:el9"
PRETTY_NAME="AlmaLinux 9.3 (Shamrock Pampas Cat)"
ANSI_COLOR="0;34"
LOGO="fedora-logo-icon"
CPE_NAME="cpe:/o:almalinux:almalinux:9::baseos"
HOME_URL="https://almalinux.org/"
DOCUMENTATION_URL="https://wiki.almalinux.org/"
BUG_REPORT_URL="https://bugs.almalinux.org/"

ALMALINUX_MANTISBT_PROJECT="AlmaLinux-9"
ALMALINUX_MANTISBT_PROJECT_VERSION="9.3"
REDHAT_SUPPORT_PRODUCT="AlmaLinux"
REDHAT_SUPPORT_PRODUCT_VERSION="9.3"
`;

const ORACLE_8 = `NAME="Oracle Linux Server"
VERSION="8.8"
ID="ol"
ID_LIKE="fedora"
VARIANT="Server"
VARIANT_ID="server"
VERSION_ID="8.8"
PLATFORM_ID="platform:el8"
PRETTY_NAME="Oracle Linux Server 8.8"
ANSI_COLOR="0;31"
CPE_NAME="cpe:/o:oracle:linux:8:8:server"
HOME_URL="https://linux.oracle.com/"
BUG_REPORT_URL="https://github.com/oracle/oracle-linux"
`;

const OPENSUSE_LEAP = `NAME="openSUSE Leap"
VERSION="15.5"
ID="opensuse-leap"
ID_LIKE="suse opensuse"
VERSION_ID="15.5"
PRETTY_NAME="openSUSE Leap 15.5"
ANSI_COLOR="0;32"
CPE_NAME="cpe:/o:opensuse:leap:15.5"
BUG_REPORT_URL="https://bugs.opensuse.org"
HOME_URL="https://www.opensuse.org/"
DOCUMENTATION_URL="https://en.opensuse.org/Portal:Leap"
LOGO="distributor-logo-Leap"
`;

describe('parseOsRelease', () => {
  it('reads a real Rocky 8.4 file', () => {
    const r = parseOsRelease(DISTROS.rocky.osRelease);
    expect(r.NAME).toBe('Rocky Linux');
    expect(r.ID).toBe('rocky');
    expect(r.ID_LIKE).toBe('rhel centos fedora');
    expect(r.VERSION_ID).toBe('8.4');
    expect(r.PRETTY_NAME).toBe('Rocky Linux 8.4 (Green Obsidian)');
    expect(Object.keys(r)).toHaveLength(13);
  });

  it('unquoted values (Debian, Ubuntu)', () => {
    expect(parseOsRelease(DISTROS.debian.osRelease)).toMatchObject({
      ID: 'debian',
      VERSION_CODENAME: 'bookworm',
      VERSION_ID: '12',
    });
    expect(parseOsRelease(DISTROS.ubuntu22.osRelease)).toMatchObject({
      ID: 'ubuntu',
      ID_LIKE: 'debian',
      NAME: 'Ubuntu',
    });
  });

  it('quotes and escapes as os-release(5) and the shell define them', () => {
    const text = [
      '# a comment',
      '   ',
      'A="say \\"hi\\" for \\$5 and \\`x\\` and \\\\"',
      "B='single $quoted \\ text'",
      'C=unquoted\\ with\\ escapes',
      'D="keeps \\n and \\a literally"',
      'E="joined"\'parts\'plain',
      'F=',
      'G=""',
      'H="unterminated',
      'I=two words',
      'not an assignment',
      '1BAD=x',
      'J=last\r',
    ].join('\n');
    expect(parseOsRelease(text)).toEqual({
      A: 'say "hi" for $5 and `x` and \\',
      B: 'single $quoted \\ text',
      C: 'unquoted with escapes',
      D: 'keeps \\n and \\a literally',
      E: 'joinedpartsplain',
      F: '',
      G: '',
      J: 'last',
    });
  });

  it('CRLF and a byte order mark', () => {
    expect(parseOsRelease('\uFEFFID="rocky"\r\nVERSION_ID="8.4"\r\n')).toEqual({
      ID: 'rocky',
      VERSION_ID: '8.4',
    });
  });
});

describe('classifyHost', () => {
  it.each([
    ['Rocky 8.4', DISTROS.rocky.osRelease, 'rhel-like', 'ID_LIKE contains "rhel" (ID is "rocky")'],
    ['AlmaLinux 9', ALMA_9, 'rhel-like', 'ID_LIKE contains "rhel" (ID is "almalinux")'],
    ['Oracle Linux 8', ORACLE_8, 'rhel-like', 'ID_LIKE contains "fedora" (ID is "ol")'],
    ['CentOS 7', DISTROS.centos7.osRelease, 'rhel-like', 'ID is "centos"'],
    ['Debian 12', DISTROS.debian.osRelease, 'debian-like', 'ID is "debian"'],
    ['Ubuntu 22.04', DISTROS.ubuntu22.osRelease, 'debian-like', 'ID is "ubuntu"'],
    ['openSUSE Leap', OPENSUSE_LEAP, 'suse-like', 'ID is "opensuse-leap"'],
  ])('%s → %s', (_label, text, family, reason) => {
    expect(classifyHost(parseOsRelease(text))).toEqual({ family, reason });
  });

  it('Linux Mint is Debian-like through ID_LIKE; SLES is SUSE-like; unknown is other', () => {
    expect(classifyHost({ ID: 'linuxmint', ID_LIKE: 'ubuntu debian' }).family).toBe('debian-like');
    expect(classifyHost({ ID: 'sles', ID_LIKE: 'suse' }).family).toBe('suse-like');
    expect(classifyHost({ ID: 'arch' })).toEqual({
      family: 'other',
      reason: 'ID "arch" and ID_LIKE "" name no known family',
    });
    expect(classifyHost({})).toEqual({
      family: 'other',
      reason: 'os-release has neither ID nor ID_LIKE',
    });
  });

  it('ID_LIKE words are whole words, not substrings', () => {
    expect(classifyHost({ ID: 'myos', ID_LIKE: 'notrhel' }).family).toBe('other');
  });
});
