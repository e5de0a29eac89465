import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

import {
  choosePython,
  decideSupport,
  freeKbAtStaging,
  installerMilestone,
  interpretPrepareFacts,
  interpretVerifyFacts,
  parseFactLines,
  stagingPathFor,
  STAGING_PATH_PATTERN,
  type PythonCandidate,
} from '../../../main/linux/prepareProbe';
import { classifyHost, parseOsRelease } from '../../../main/linux/osRelease';
import * as scripts from '../../../main/linux/remoteScripts';
import { SH, skipWithout } from '../linux/hostTools';

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');
const block = (pairs: [string, string][]) => pairs.map(([k, v]) => `${k}=${b64(v)}`).join('\n') + '\n';
const factory = readFileSync('test/fixtures/ngt-iso/styles/newer/installer/linux/src/installer_factory.py', 'utf8');
const rocky = classifyHost(parseOsRelease('ID="rocky"\nID_LIKE="rhel centos fedora"\n'));
const debian = classifyHost(parseOsRelease('ID=debian\n'));

describe('parseFactLines', () => {
  it('decodes base64 values byte for byte, keeps repeated keys in order, ignores foreign lines', () => {
    const tricky = `a'b"c$d\`e\nline two\n日本語 😀\r\n`;
    const facts = parseFactLines(
      `noise from a login banner\n${block([
        ['python', '/usr/bin/python3'],
        ['os_release', tricky],
        ['python', '/usr/libexec/platform-python'],
      ])}x=@@@\n`,
    );
    expect(facts.get('os_release')).toEqual([tricky]);
    expect(facts.get('python')).toEqual(['/usr/bin/python3', '/usr/libexec/platform-python']);
    expect(facts.has('x')).toBe(false);
  });
});

describe('interpretPrepareFacts', () => {
  const text = block([
    ['probe', '1'],
    ['os_release', 'NAME="Rocky Linux"\nID="rocky"\nID_LIKE="rhel centos fedora"\nVERSION_ID="8.4"\n'],
    ['arch', 'x86_64'],
    ['hostname', 'rocky84'],
    ['uid', '0'],
    ['user', 'root'],
    ['sudo_user', 'admin'],
    ['systemd', '0'],
    ['dmidecode', '/usr/sbin/dmidecode'],
    ['usr_local_writable', '1'],
    ['free_kb_var_tmp', '1048576'],
    ['free_kb_usr_local', '10'],
    ['serial', '4'],
    ['python', '/usr/libexec/platform-python'],
    [
      'python_eval',
      JSON.stringify({
        version: '3.6.8',
        platform: ['Rocky Linux', '8.4', 'Green Obsidian'],
        distroError: "ModuleNotFoundError: No module named 'distro'",
      }),
    ],
    ['python', '/usr/bin/python3'],
    [
      'python_eval',
      JSON.stringify({
        version: '3.11.2',
        distro: ['Rocky Linux', '8.4', 'Green Obsidian'],
        platformError: 'AttributeError: x',
      }),
    ],
    ['installed_config_path', '/usr/local/nutanix/ngt/config/ngt_config.json'],
    ['installed_config', '{"ngt_version": "4.0"}'],
    ['iso_dir', '/run/media/root/NUTANIX_TOOLS'],
    ['iso_config', '{"cluster_ip": "10.0.0.9", "port": 2074, "ngt_version": "4.1"}'],
    ['factory', factory],
    ['setup_python', '1'],
    ['cluster', JSON.stringify({ ip: '10.0.0.9', port: 2074, reachable: false, error: 'timeout: timed out' })],
    ['probe_end', '1'],
  ]);
  const f = interpretPrepareFacts(parseFactLines(text));

  it('reads every fact the prepare steps need', () => {
    expect(f.complete).toBe(true);
    expect(f.family.family).toBe('rhel-like');
    expect([f.arch, f.hostname, f.uid, f.sudoUser, f.systemd, f.usrLocalWritable, f.freeKbVarTmp, f.serial]).toEqual([
      'x86_64',
      'rocky84',
      0,
      'admin',
      false,
      true,
      1048576,
      'present',
    ]);
    expect(f.pythons.map((p) => [p.path, p.version, p.distro?.[0], p.platform?.[0]])).toEqual([
      ['/usr/libexec/platform-python', '3.6.8', undefined, 'Rocky Linux'],
      ['/usr/bin/python3', '3.11.2', 'Rocky Linux', undefined],
    ]);
    expect(f.installed?.config?.ngtVersion).toBe('4.0');
    expect(f.iso.config?.clusterIp).toBe('10.0.0.9');
    expect(f.iso.factorySource).toBe(factory);
    expect(f.cluster).toEqual({ ip: '10.0.0.9', port: 2074, reachable: false, error: 'timeout: timed out' });
  });

  it('a truncated output is not complete', () => {
    expect(
      interpretPrepareFacts(
        parseFactLines(
          block([
            ['probe', '1'],
            ['uid', '0'],
          ]),
        ),
      ).complete,
    ).toBe(false);
  });

  it('choosePython takes the first Python that has the installer API', () => {
    expect(choosePython(f.pythons, 'distro')).toMatchObject({
      python: { path: '/usr/bin/python3' },
      apiAvailable: true,
      distributionName: 'Rocky Linux',
    });
    expect(choosePython(f.pythons, 'platform')).toMatchObject({
      python: { path: '/usr/libexec/platform-python' },
      apiAvailable: true,
    });
  });
});

describe('choosePython edge cases', () => {
  const only311: PythonCandidate[] = [
    { path: '/usr/bin/python3', version: '3.11.2', distro: ['AlmaLinux', '8.4', ''], failed: false },
  ];
  it('API missing: falls back to the other API for the string and says the API is missing', () => {
    expect(choosePython(only311, 'platform')).toMatchObject({
      apiAvailable: false,
      evaluatedWith: 'distro',
      distributionName: 'AlmaLinux',
    });
  });
  it('no Python at all', () => {
    expect(choosePython([], 'distro')).toEqual({ apiAvailable: false, refused: [] });
  });
});

describe('decideSupport', () => {
  it('Rocky (RHEL-like, not named): supported after the patch', () => {
    const d = decideSupport(factory, 'rocky linux', rocky);
    expect(d.kind).toBe('supported-after-patch');
  });
  it('CentOS: supported as is (the branch already names it), whatever the family', () => {
    expect(decideSupport(factory, 'centos linux', rocky)).toMatchObject({
      kind: 'supported-as-is',
      matchedName: 'centos',
    });
  });
  it('Debian: refused, never routed to the Red Hat installer', () => {
    expect(decideSupport(factory, 'debian gnu/linux', debian)).toMatchObject({ kind: 'refused' });
  });
  it('a factory with two Red Hat branches: unrecognised', () => {
    const two = factory.replace(
      '    elif "ubuntu" in distribution:',
      '    elif "fedora" in distribution:\n        from redhat_installer import RedhatInstaller as LinuxInstaller\n    elif "ubuntu" in distribution:',
    );
    expect(decideSupport(two, 'rocky linux', rocky)).toMatchObject({
      kind: 'unrecognised',
      plan: { reason: 'several-redhat-branches' },
    });
  });
});

describe('verify facts', () => {
  it('without systemd: pid files decide, and the method says so', () => {
    const v = interpretVerifyFacts(
      parseFactLines(
        block([
          ['systemd', '0'],
          ['pid_ngt_guest_agent', '211'],
          ['pidsrc_ngt_guest_agent', '/run/ngt_guest_agent.pid'],
          ['pid_ngt_self_service_restore', '212'],
          ['pidsrc_ngt_self_service_restore', 'process'],
          ['install_dir', '/usr/local/nutanix/ngt'],
          ['installed_config', '{"ngt_version":"4.1","ngt_uuid":"u-1"}'],
          ['hostname', 'rocky84'],
        ]),
      ),
    );
    expect(v.services.agent).toEqual({
      name: 'ngt_guest_agent',
      active: true,
      method: 'pid-file',
      pid: 211,
      unitState: undefined,
    });
    expect(v.services.selfServiceRestore.method).toBe('process');
    expect(v.config?.ngtUuid).toBe('u-1');
  });
  it('with systemd: unit state decides; the nutanix-guest-agent name is accepted', () => {
    const v = interpretVerifyFacts(
      parseFactLines(
        block([
          ['systemd', '1'],
          ['unit_ngt_guest_agent', 'inactive'],
          ['unit_nutanix-guest-agent', 'active'],
          ['unit_ngt_self_service_restore', 'failed'],
        ]),
      ),
    );
    expect(v.services.agent).toMatchObject({ name: 'nutanix-guest-agent', active: true, method: 'systemd' });
    expect(v.services.selfServiceRestore).toMatchObject({ active: false, unitState: 'failed' });
    expect(v.installDir).toBeUndefined();
  });
});

describe('small helpers', () => {
  it('staging path is /var/tmp/ngt-prep-<UTC stamp>', () => {
    const p = stagingPathFor(new Date(Date.UTC(2024, 0, 2, 3, 4, 5)));
    expect(p).toBe('/var/tmp/ngt-prep-20240102030405');
    expect(STAGING_PATH_PATTERN.test(p)).toBe(true);
    expect(STAGING_PATH_PATTERN.test('/var/tmp/ngt-prep-2024/../../etc')).toBe(false);
  });
  it('installer milestones follow the real progress lines', () => {
    expect(installerMilestone('Using Linux Installer for rocky linux linux distribution.')).toBe(1);
    expect(installerMilestone('Successfully set up Nutanix Self Service Restore Service.')).toBe(7);
    expect(installerMilestone('Nutanix Guest Tools installation is complete.')).toBe(8);
    expect(installerMilestone('something else')).toBe(0);
  });
});

describe.skipIf(skipWithout(SH, 'dash'))('remote scripts', () => {
  it.each(Object.entries(scripts).filter(([name]) => name.endsWith('_SCRIPT')))(
    '%s is valid POSIX sh (sh -n)',
    (_name, text) => {
      const r = spawnSync(SH, ['-n'], { input: text as string, encoding: 'utf8' });
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
    },
  );
});

describe('freeKbAtStaging', () => {
  it('is the free space of the folder the copy goes to: /root when /var/tmp is noexec', () => {
    expect(freeKbAtStaging({ varTmpNoexec: false, freeKbVarTmp: 500, freeKbRoot: 7 })).toBe(500);
    expect(freeKbAtStaging({ varTmpNoexec: true, freeKbVarTmp: 500, freeKbRoot: 7 })).toBe(7);
  });
});

describe.skipIf(skipWithout(SH, 'dash'))('STAGE_SCRIPT, run locally', () => {
  // A local ISO-shaped folder and a Python stand-in that cannot read the copy (as an SELinux denial would).
  const run = (python: string) => {
    const root = mkdtempSync(join(tmpdir(), 'ngtp-stage-'));
    try {
      mkdirSync(join(root, 'iso/installer/linux'), { recursive: true });
      writeFileSync(join(root, 'iso/installer/linux/install_ngt.py'), 'print("hi")\n');
      writeFileSync(join(root, 'iso/installer/linux/install_ngt.sh'), 'exec python3 "$@"\n');
      return spawnSync(SH, ['-s', '--', join(root, 'iso'), join(root, 'stage'), '', python], {
        input: scripts.STAGE_SCRIPT,
        encoding: 'utf8',
      });
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  };
  it("says runnable=ok only when the installer's Python reads and compiles the staged entry point", () => {
    const ok = run('/usr/bin/python3');
    expect(ok.status, ok.stderr).toBe(0);
    expect(ok.stdout).toContain('staged=ok');
    expect(ok.stdout).toContain('runnable=ok');
    const denied = run('/bin/false');
    expect(denied.stdout).toContain('staged=ok');
    expect(denied.stdout).not.toContain('runnable=ok');
  });
});
