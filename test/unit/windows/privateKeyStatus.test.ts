/**
 * Finding 10: the private key states the check reports, as the product reads them. (The
 * stand-in cannot make a real key refuse access, so the state is set on a real output.) The
 * check output here is the one Get-NgtPrepState.ps1 printed under pwsh against the Windows stand-in
 * (test/fixtures/windows/standin, made by test/powershell/tools/generate-standin-outputs.mjs).
 */
import { describe, expect, it } from 'vitest';

import { createTranslator } from '../../../main/i18n/catalogue';
import { inspectPemCertificate } from '../../../main/windows/certificates';
import { interpretCheck } from '../../../main/windows/checkInterpretation';
import { checkResultSchema } from '../../../main/windows/scriptOutputs';
import { standInOutput } from '../../support/windowsStandIn';

const output = standInOutput;
const t = createTranslator('en');

describe('private key states (finding 10)', () => {
  const withKeyStatus = (status: string) => {
    const raw = output('already-configured', 'Get-NgtPrepState');
    for (const certificate of raw.certificates) certificate.privateKeyStatus = status;
    return interpretCheck(checkResultSchema.parse(raw), {
      t,
      now: new Date(),
      certificateExpiry: inspectPemCertificate,
    });
  };
  it('"access-denied" (not elevated) is its own warning, not "unreadable, typical after sysprep"', () => {
    const result = withKeyStatus('access-denied');
    const codes = result.findings.map((f) => f.code);
    expect(codes).toContain('CERT_PRIVATE_KEY_ACCESS_DENIED');
    expect(codes).not.toContain('CERT_PRIVATE_KEY_UNREADABLE');
    expect(result.findings.find((f) => f.code === 'CERT_PRIVATE_KEY_ACCESS_DENIED')!.remediation).toContain(
      'Run as administrator',
    );
  });
  it('"unknown" (a CNG key on .NET before 4.6) is not reported as unusable', () => {
    const codes = withKeyStatus('unknown').findings.map((f) => f.code);
    expect(codes).not.toContain('CERT_PRIVATE_KEY_UNREADABLE');
    expect(codes).not.toContain('CERT_NO_PRIVATE_KEY');
  });
});
