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
