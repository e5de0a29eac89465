import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import forge from 'node-forge';
import { describe, expect, it } from 'vitest';

import { createTranslator } from '../../../main/i18n/catalogue';
import {
  certificateMatchesHost,
  FINDING_GROUPS,
  interpretCheck,
  portListIncludes,
  profilesCovered,
  type CertificateExpiryReader,
  type CheckInterpretation,
  type FindingGroup,
} from '../../../main/windows/checkInterpretation';
import { checkResultSchema, type CheckResult } from '../../../main/windows/scriptOutputs';

const t = createTranslator('en');
const FIXTURES = join(__dirname, '../../fixtures/windows');

/** Stand-in for main/windows/certificates.ts inspectPemCertificate (written by another helper). */
const forgeExpiry: CertificateExpiryReader = (pem) => {
  try {
    return { notAfter: forge.pki.certificateFromPem(pem).validity.notAfter };
  } catch {
    return null;
  }
};

/**
 * What Get-NgtPrepState.ps1 printed under real pwsh against the Windows stand-in in a starting
 * state (test/fixtures/windows/standin, made by test/powershell/tools/generate-standin-outputs.mjs).
 */
function loadStandIn(state: string): CheckResult {
  const raw = readFileSync(join(FIXTURES, 'standin', `${state}.Get-NgtPrepState.json`), 'utf8');
  return checkResultSchema.parse(JSON.parse(raw.replace(/^\uFEFF/, '')));
}

/** Judged at the moment the script ran (its certificates' dates are relative to that run). */
function interpretStandIn(state: string, overrides: Partial<Parameters<typeof interpretCheck>[1]> = {}) {
  const check = loadStandIn(state);
  const now = new Date(check.collectedAt);
  return interpretCheck(check, { t, now, certificateExpiry: forgeExpiry, ...overrides });
}

function statusOf(result: CheckInterpretation, group: FindingGroup) {
  return result.groups.find((g) => g.group === group)!.outcome;
}

function codes(result: CheckInterpretation, group?: FindingGroup): string[] {
  return result.findings.filter((f) => !group || f.group === group).map((f) => f.code);
}

function finding(result: CheckInterpretation, code: string) {
  const found = result.findings.find((f) => f.code === code);
  if (!found) throw new Error(`no finding ${code}; have ${codes(result).join(', ')}`);
  return found;
}

describe('check outputs parse with the contract', () => {
  const standIn = ['fresh-2019', 'public-nic', 'gpo-basic-off', 'expired-listener-certificate'];
  it.each(standIn)('stand-in %s', (name) => {
    const result = interpretStandIn(name);
    expect(result.groups.map((g) => g.group)).toEqual([...FINDING_GROUPS]);
    for (const f of result.findings) {
      expect(f.summary).not.toMatch(/^windows\./);
      if (f.status !== 'ok') expect(f.remediation, `${f.code} needs a remediation`).toBeTruthy();
      expect(f.remediation ?? '').not.toMatch(/windows\.findings\./);
    }
  });
  // Check-only states of the stand-in (NGT installed, no CD-ROM, a sysprep clone, WinRM stopped).
  const names = [
    'configured-2022-ngt-installed',
    'sysprep-certificate-without-key',
    'ngt-client-cert-expiring-30d',
    'no-cdrom',
    'service-stopped-workstation',
    'ngt-client-cert-expired-no-cluster-path',
  ];
  it.each(names)('stand-in %s', (name) => {
    const state = loadStandIn(name);
    expect(state.script).toBe('Get-NgtPrepState');
    const result = interpretStandIn(name);
    expect(result.groups.map((g) => g.group)).toEqual([...FINDING_GROUPS]);
    for (const f of result.findings) {
      expect(f.summary).not.toMatch(/^windows\./);
      if (f.status !== 'ok') expect(f.remediation, `${f.code} needs a remediation`).toBeTruthy();
      expect(f.remediation ?? '').not.toMatch(/windows\.findings\./);
    }
  });
});

describe('fresh Windows Server 2019', () => {
  const result = interpretStandIn('fresh-2019');
  it('needs a listener, Basic and a firewall rule, all fixable by apply', () => {
    expect(statusOf(result, 'service').status).toBe('ok');
    expect(statusOf(result, 'listener')).toMatchObject({ status: 'fail', code: 'WINRM_NO_HTTPS_LISTENER' });
    expect(finding(result, 'WINRM_NO_HTTPS_LISTENER')).toMatchObject({ fixableByApply: true, blocker: false });
    expect(finding(result, 'WINRM_NO_HTTPS_LISTENER').detail).toContain('Only the HTTP listener (5985) exists');
    expect(finding(result, 'WINRM_NO_HTTPS_LISTENER').remediation).toContain('New-WSManInstance');
    expect(statusOf(result, 'authentication')).toMatchObject({ status: 'fail', code: 'WINRM_BASIC_DISABLED' });
    expect(finding(result, 'WINRM_BASIC_DISABLED').remediation).toBe(
      'Apply turns it on (Basic works with local accounts only; HTTPS protects the password).',
    );
    expect(statusOf(result, 'firewall')).toMatchObject({ status: 'fail', code: 'FIREWALL_NO_RULE' });
    expect(finding(result, 'FIREWALL_NO_RULE').remediation).toContain('Domain, Private and Public');
    expect(statusOf(result, 'certificate')).toMatchObject({ status: 'ok' });
    expect(statusOf(result, 'certificate').summary).toBe('Certificate: ready.');
    expect(finding(result, 'CERT_NONE_BOUND').summary).toContain('apply will create a self-signed one');
    expect(statusOf(result, 'networkProfile').status).toBe('ok');
    expect(statusOf(result, 'ngt').status).toBe('ok');
    expect(codes(result, 'ngt')).toEqual(['NGT_EMPTY_CDROM', 'NGT_NOT_INSTALLED', 'NGT_SERIAL_PORT_ABSENT']);
  });
  it('has no blockers apply cannot fix, but warns about LocalAccountTokenFilterPolicy', () => {
    expect(result.blockers).toEqual([]);
    // The opt-in apply option, which rollback undoes, rather than a reg add nothing records.
    const remediation = finding(result, 'LOCAL_ACCOUNT_TOKEN_FILTER').remediation;
    expect(remediation).toContain('--local-account-token-filter');
    expect(remediation).not.toContain('reg add');
  });
});

describe('already configured Windows Server 2022 with NGT installed', () => {
  const result = interpretStandIn('configured-2022-ngt-installed');
  const pem = loadStandIn('configured-2022-ngt-installed').ngt!.clientCertPem!;
  it('is ready in every group', () => {
    for (const group of FINDING_GROUPS) expect(statusOf(result, group).status, group).toBe('ok');
    expect(result.findings.filter((f) => f.status !== 'ok')).toEqual([]);
    expect(finding(result, 'LISTENER_OK').summary).toBe('HTTPS listener on port 5986 for WIN-SRV19, enabled.');
    expect(finding(result, 'CERT_OK').summary).toMatch(
      /^Self-signed certificate for WIN-SRV19, WIN-SRV19\.corp\.example, valid for \d+ more days/,
    );
    const notAfter = forgeExpiry(pem)!.notAfter.toISOString().slice(0, 10);
    expect(finding(result, 'NGT_CLIENT_CERT_OK').summary).toContain(notAfter);
    expect(finding(result, 'NGT_CONFIG_OK').summary).toBe('NGT 4.1 installed, cluster IP 127.0.0.1.');
    expect(codes(result, 'ngt')).toContain('NGT_CLUSTER_REACHABLE');
    expect(statusOf(result, 'firewall').summary).toBe('Firewall: TCP 5986 open on every profile.');
  });
});

describe('Public NIC', () => {
  const result = interpretStandIn('public-nic');
  it('warns, names the adapter and its network and says how to make it Private', () => {
    const outcome = statusOf(result, 'networkProfile');
    expect(outcome).toMatchObject({ status: 'warn', code: 'WINRM_PUBLIC_NIC' });
    expect(outcome.summary).toBe('Network Ethernet0 is in the Public profile.');
    expect(outcome.detail).toContain('Network 2');
    expect(outcome.remediation).toContain('Set-NetConnectionProfile -InterfaceIndex 4 -NetworkCategory Private');
    expect(result.blockers.map((b) => b.code)).toEqual(['WINRM_PUBLIC_NIC']);
  });
});

describe('Basic blocked by Group Policy', () => {
  const result = interpretStandIn('gpo-basic-off');
  it('fails authentication as a blocker apply cannot fix, with the GPO path', () => {
    const f = finding(result, 'WINRM_BASIC_GPO_BLOCKED');
    expect(f).toMatchObject({ status: 'fail', blocker: true, fixableByApply: false });
    expect(f.detail).toContain('AllowBasic = 0');
    expect(f.remediation).toContain('"Allow Basic authentication" to Enabled');
    expect(f.remediation).toContain('gpupdate /force');
    expect(statusOf(result, 'authentication')).toMatchObject({ status: 'fail', code: 'WINRM_BASIC_GPO_BLOCKED' });
    expect(result.blockers.map((b) => b.code)).toContain('WINRM_BASIC_GPO_BLOCKED');
  });
  it('only warns when Basic is not wanted (--no-basic)', () => {
    const relaxed = interpretStandIn('gpo-basic-off', { expectBasic: false });
    expect(finding(relaxed, 'WINRM_BASIC_GPO_BLOCKED')).toMatchObject({ status: 'warn', blocker: false });
  });
});

describe('listener on an expired certificate', () => {
  const result = interpretStandIn('expired-listener-certificate');
  it('fails the certificate group with CERT_EXPIRED, fixable by apply', () => {
    const outcome = statusOf(result, 'certificate');
    expect(outcome).toMatchObject({ status: 'fail', code: 'CERT_EXPIRED' });
    const [expired] = loadStandIn('expired-listener-certificate').certificates!;
    expect(outcome.summary).toBe(`The listener's certificate expired on ${expired.notAfter}.`);
    expect(outcome.remediation).toBe(
      'Apply creates a new certificate and re-points the listener (or pass --cert-thumbprint with a renewed certificate).',
    );
    expect(finding(result, 'CERT_EXPIRED').fixableByApply).toBe(true);
    expect(statusOf(result, 'listener').status).toBe('ok');
  });
});

describe('certificate without private key after sysprep', () => {
  const result = interpretStandIn('sysprep-certificate-without-key');
  it('fails on the missing key and on the template host name', () => {
    expect(statusOf(result, 'certificate')).toMatchObject({ status: 'fail', code: 'CERT_NO_PRIVATE_KEY' });
    expect(finding(result, 'CERT_NO_PRIVATE_KEY').remediation).toContain('typical after sysprep');
    const mismatch = finding(result, 'LISTENER_HOSTNAME_MISMATCH');
    expect(mismatch).toMatchObject({ group: 'listener', status: 'fail', fixableByApply: true });
    expect(mismatch.summary).toBe(
      'The HTTPS listener is bound to a certificate for another host name (this machine is WIN-CLONE-07).',
    );
    expect(mismatch.detail).toContain(
      'Listener Hostname: WIN-TEMPLATE. Certificate names: WIN-TEMPLATE. This machine: WIN-CLONE-07 / -.',
    );
    expect(mismatch.detail).toContain('sysprep does not reset WinRM');
    expect(mismatch.remediation).toContain('re-points the listener');
  });
});

describe('NGT client certificate expiring in 30 days', () => {
  // The PEM the check read from client-cert.pem, judged 30 days before its end and at other clocks.
  const pem = loadStandIn('ngt-client-cert-expiring-30d').ngt!.clientCertPem!;
  const notAfter = forgeExpiry(pem)!.notAfter;
  const at = (daysBefore: number) => ({ now: new Date(notAfter.getTime() - daysBefore * 86_400_000) });
  const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  const result = interpretStandIn('ngt-client-cert-expiring-30d', at(30));
  it('warns with the days left, the 1000-day life and the CVM renewal procedure', () => {
    const outcome = statusOf(result, 'ngt');
    expect(outcome).toMatchObject({ status: 'warn', code: 'NGT_CLIENT_CERT_EXPIRING' });
    const f = finding(result, 'NGT_CLIENT_CERT_EXPIRING');
    expect(f.summary).toBe(
      `NGT's client certificate expires in 30 days (${day(notAfter.getTime())}); the link to the cluster stops then.`,
    );
    const issued = day(notAfter.getTime() - 1000 * 86_400_000);
    expect(f.detail).toBe(
      `Issued about ${issued}, valid until ${day(notAfter.getTime())}: 97% of its 1000-day life used.`,
    );
    expect(f.remediation).toContain('nutanix_guest_tools_cli delete_vm_tools_entity <vm_uuid>');
    expect(f.remediation).toContain('create_vm_tools_entity');
    expect(f.remediation).toContain('result_vec: kNoError');
    expect(f.data).toMatchObject({ daysLeft: 30 });
  });
  it('is fine 100 days earlier and failed once the date has passed (same PEM, other clocks)', () => {
    const early = interpretStandIn('ngt-client-cert-expiring-30d', at(130));
    expect(codes(early, 'ngt')).toContain('NGT_CLIENT_CERT_OK');
    const late = interpretStandIn('ngt-client-cert-expiring-30d', at(-1));
    expect(finding(late, 'NGT_CLIENT_CERT_EXPIRED').status).toBe('fail');
  });
  it('judged when the check ran, it is within the warning window', () => {
    expect(codes(interpretStandIn('ngt-client-cert-expiring-30d'), 'ngt')).toContain('NGT_CLIENT_CERT_EXPIRING');
  });
  it('reports an unreadable PEM instead of guessing', () => {
    const unreadable = interpretStandIn('ngt-client-cert-expiring-30d', { certificateExpiry: () => null });
    expect(finding(unreadable, 'NGT_CLIENT_CERT_UNREADABLE').status).toBe('warn');
  });
});

describe('no CD-ROM', () => {
  const result = interpretStandIn('no-cdrom');
  it('fails NGT: Prism cannot mount the ISO, and says how to add an empty CD-ROM', () => {
    const outcome = statusOf(result, 'ngt');
    expect(outcome).toMatchObject({ status: 'fail', code: 'NGT_NO_CDROM' });
    expect(finding(result, 'NGT_NO_CDROM').detail).toContain(
      'Guest Tools cannot be mounted as there not enough empty CD-ROM(s)',
    );
    expect(outcome.remediation).toContain('"Empty CD-ROM"');
    expect(outcome.remediation).toContain('IDE');
    expect(result.blockers.map((b) => b.code)).toContain('NGT_NO_CDROM');
  });
});

describe('WinRM stopped on a workstation', () => {
  const result = interpretStandIn('service-stopped-workstation');
  it('fails the service (apply starts it) and cannot read listeners yet', () => {
    expect(statusOf(result, 'service')).toMatchObject({ status: 'fail', code: 'WINRM_SERVICE_STOPPED' });
    expect(finding(result, 'WINRM_SERVICE_STOPPED').remediation).toBe('Apply sets it to Automatic and starts it.');
    expect(statusOf(result, 'listener')).toMatchObject({ status: 'warn', code: 'LISTENER_UNKNOWN' });
    expect(finding(result, 'AUTH_UNKNOWN').status).toBe('warn');
    expect(statusOf(result, 'networkProfile').code).toBe('WINRM_PUBLIC_NIC');
  });
});

describe('NGT expired with no way to the cluster', () => {
  // The client certificate expired 12 days before the check ran; the cluster's port is closed.
  const check = loadStandIn('ngt-client-cert-expired-no-cluster-path');
  const notAfter = forgeExpiry(check.ngt!.clientCertPem!)!.notAfter;
  const result = interpretStandIn('ngt-client-cert-expired-no-cluster-path', {
    now: new Date(notAfter.getTime() + 12 * 86_400_000),
  });
  it('fails on the expired certificate, the stopped service and the missing path', () => {
    expect(codes(result, 'ngt')).toEqual(
      expect.arrayContaining(['NGT_CLIENT_CERT_EXPIRED', 'NGT_SERVICE_STOPPED', 'NGT_NO_PATH_TO_CLUSTER']),
    );
    expect(finding(result, 'NGT_CLIENT_CERT_EXPIRED').summary).toBe(
      `NGT's client certificate expired 12 days ago (${notAfter.toISOString().slice(0, 10)}): the link to the cluster has stopped.`,
    );
    expect(finding(result, 'NGT_NO_PATH_TO_CLUSTER').remediation).toContain('add a serial port');
    expect(finding(result, 'NGT_SERVICE_STOPPED').remediation).toContain(
      "Start-Service -Name 'Nutanix Self Service Restore Gateway'",
    );
    const outcome = statusOf(result, 'ngt');
    expect(outcome.status).toBe('fail');
    expect(outcome.summary).toMatch(/\(and \d+ more\)$/);
    expect(outcome.remediation).toMatch(/^1\. /);
  });
});

describe('rule helpers', () => {
  it('reads firewall port lists', () => {
    expect(portListIncludes(['5985-5986'], 5986)).toBe(true);
    expect(portListIncludes(['5985'], 5986)).toBe(false);
    expect(portListIncludes(['Any'], 5986)).toBe(true);
  });
  it('adds up profiles across rules and ignores disabled or outbound ones', () => {
    const rule = {
      name: 'a',
      displayName: 'a',
      enabled: true,
      direction: 'Inbound',
      action: 'Allow',
      profiles: ['Domain'],
      localPorts: ['5986'],
      remoteAddresses: ['Any'],
    };
    expect(profilesCovered([rule, { ...rule, profiles: ['Public', 'Private'] }], 5986, 'Allow')).toEqual([
      'Domain',
      'Private',
      'Public',
    ]);
    expect(
      profilesCovered(
        [
          { ...rule, enabled: false },
          { ...rule, direction: 'Outbound' },
        ],
        5986,
        'Allow',
      ),
    ).toEqual([]);
    expect(profilesCovered([{ ...rule, profiles: ['Any'] }], 5986, 'Allow')).toEqual(['Domain', 'Private', 'Public']);
  });
  it('matches host names case-insensitively and through a wildcard', () => {
    const cert = {
      thumbprint: 'x',
      subject: 'CN=*.corp.example.com',
      issuer: 'CN=ca',
      dnsNames: [],
      ekus: [],
      hasEkuExtension: false,
      notBefore: '',
      notAfter: '',
      hasPrivateKey: true,
      privateKeyStatus: 'present' as const,
      selfSigned: false,
    };
    expect(certificateMatchesHost(cert, ['web01.CORP.example.com'])).toBe(true);
    expect(certificateMatchesHost(cert, ['web01'])).toBe(false);
  });
});
