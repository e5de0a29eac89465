/**
 * Finding 5 (remote shell part): a setting Group Policy owns that makes the NGT push fail
 * although Identify works. The check outputs are those Get-NgtPrepState.ps1 printed under pwsh
 * against the Windows stand-in (test/fixtures/windows/standin).
 */
import { describe, expect, it } from 'vitest';

import { createTranslator } from '../../../main/i18n/catalogue';
import { inspectPemCertificate } from '../../../main/windows/certificates';
import { interpretCheck } from '../../../main/windows/checkInterpretation';
import { checkResultSchema } from '../../../main/windows/scriptOutputs';
import { standInOutput } from '../../support/windowsStandIn';

const t = createTranslator('en');
const interpret = (state: string) =>
  interpretCheck(checkResultSchema.parse(standInOutput(state, 'Get-NgtPrepState')), {
    t,
    now: new Date(),
    certificateExpiry: inspectPemCertificate,
  });

describe('WinRS AllowRemoteShellAccess=0 from Group Policy', () => {
  it('the check reads the WinRS policy key and the WSMan:\\localhost\\Shell setting', () => {
    const raw = standInOutput('gpo-no-remote-shell', 'Get-NgtPrepState');
    expect(raw.policy.allowRemoteShellAccess).toBe(0);
    expect(raw.wsman.allowRemoteShellAccess).toEqual({ value: 'false', source: 'GPO' });
  });
  it('is a blocker owned by policy, with no local registry change advised', () => {
    const finding = interpret('gpo-no-remote-shell').findings.find((f) => f.code === 'WINRS_GPO_BLOCKED')!;
    expect(finding).toMatchObject({ status: 'fail', blocker: true, fixableByApply: false });
    expect(finding.remediation).toContain('Allow Remote Shell Access');
    expect(`${finding.remediation} ${finding.detail}`).not.toMatch(/reg(\.exe)? add/i);
  });
  it('is not reported where the policy is not set', () => {
    expect(interpret('fresh-2019').findings.map((f) => f.code)).not.toContain('WINRS_GPO_BLOCKED');
  });
});

describe('WinRS off in WSMan:\\localhost\\Shell only (no policy)', () => {
  it('is a blocker owned locally, with the local Set-Item as remedy', () => {
    const raw = standInOutput('local-no-remote-shell', 'Get-NgtPrepState');
    expect(raw.remoteAccess.remoteShell).toEqual({ allowed: false, source: 'local' });
    const finding = interpret('local-no-remote-shell').findings.find((f) => f.code === 'WINRS_DISABLED')!;
    expect(finding).toMatchObject({ status: 'fail', blocker: true, data: { source: 'local' } });
    expect(finding.remediation).toContain('WSMan:\\localhost\\Shell\\AllowRemoteShellAccess');
  });
  it('the policy-owned one says so', () => {
    const finding = interpret('gpo-no-remote-shell').findings.find((f) => f.code === 'WINRS_GPO_BLOCKED')!;
    expect(finding.data).toEqual({ source: 'policy' });
  });
});

describe('"Deny access to this computer from the network" holding local accounts', () => {
  it('the check reads it through secedit and names Group Policy as its owner', () => {
    const raw = standInOutput('gpo-deny-network-logon', 'Get-NgtPrepState');
    expect(raw.remoteAccess.denyNetworkLogon).toEqual({
      accounts: ['S-1-5-32-546', 'S-1-5-114'],
      localAccountsDenied: ['S-1-5-114'],
      source: 'policy',
    });
  });
  it('is a blocker whose remedy is the Group Policy object, never a local change', () => {
    const finding = interpret('gpo-deny-network-logon').findings.find((f) => f.code === 'NETWORK_LOGON_DENIED_GPO')!;
    expect(finding).toMatchObject({ status: 'fail', blocker: true, fixableByApply: false, data: { source: 'policy' } });
    expect(finding.detail).toContain('S-1-5-114');
    expect(finding.remediation).toMatch(/Group Policy object/);
    expect(`${finding.remediation} ${finding.detail}`).not.toMatch(/reg(\.exe)? add|ntrights/i);
  });
  it('set in the local security policy only, the remedy is secpol.msc on this machine', () => {
    const raw = checkResultSchema.parse(standInOutput('gpo-deny-network-logon', 'Get-NgtPrepState'));
    const local = { ...raw.remoteAccess!.denyNetworkLogon!, source: 'local' as const };
    const state = { ...raw, remoteAccess: { ...raw.remoteAccess!, denyNetworkLogon: local } };
    const result = interpretCheck(state, { t, now: new Date(), certificateExpiry: inspectPemCertificate });
    const finding = result.findings.find((f) => f.code === 'NETWORK_LOGON_DENIED')!;
    expect(finding).toMatchObject({ status: 'fail', blocker: true, data: { source: 'local' } });
    expect(finding.remediation).toContain('secpol.msc');
  });
  it('is not reported where only Guest is denied', () => {
    const codes = interpret('fresh-2019').findings.map((f) => f.code);
    expect(codes).not.toContain('NETWORK_LOGON_DENIED_GPO');
    expect(codes).not.toContain('NETWORK_LOGON_DENIED');
  });
});

describe('UAC remote restrictions forced by Group Policy (LocalAccountTokenFilterPolicy from a GPO)', () => {
  it('the check tells the GPO value from a local one', () => {
    expect(standInOutput('gpo-uac-restrictions', 'Get-NgtPrepState').remoteAccess.tokenFilter).toEqual({
      value: 0,
      source: 'policy',
    });
    expect(standInOutput('fresh-2019', 'Get-NgtPrepState').remoteAccess.tokenFilter).toEqual({
      value: null,
      source: null,
    });
  });
  it('advises the Group Policy object or the built-in Administrator, not the apply option or a reg add', () => {
    const findings = interpret('gpo-uac-restrictions').findings;
    const finding = findings.find((f) => f.code === 'LOCAL_ACCOUNT_TOKEN_FILTER_GPO')!;
    expect(finding).toMatchObject({ status: 'warn', fixableByApply: false, data: { source: 'policy', value: 0 } });
    expect(finding.remediation).toMatch(/Group Policy object/);
    expect(`${finding.remediation} ${finding.detail}`).not.toMatch(/reg(\.exe)? add|--local-account-token-filter/i);
    expect(findings.map((f) => f.code)).not.toContain('LOCAL_ACCOUNT_TOKEN_FILTER');
  });
});
