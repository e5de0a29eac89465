/**
 * Finding 13: Windows prints an empty WSMan element (the Hostname of a listener made without
 * one, the CertificateThumbprint of an HTTP listener) as "" rather than null. The check output
 * here is the one Get-NgtPrepState.ps1 printed under pwsh against the Windows stand-in
 * (test/fixtures/windows/standin, made by test/powershell/tools/generate-standin-outputs.mjs).
 */
import { describe, expect, it } from 'vitest';

import { createTranslator } from '../../../main/i18n/catalogue';
import { inspectPemCertificate } from '../../../main/windows/certificates';
import { interpretCheck } from '../../../main/windows/checkInterpretation';
import { checkResultSchema, verifyResultSchema } from '../../../main/windows/scriptOutputs';
import { standInOutput } from '../../support/windowsStandIn';

const output = standInOutput;
const t = createTranslator('en');

describe('empty WSMan elements ("" from Windows) read as absent', () => {
  it('the HTTP listener of a fresh Server 2019 has Hostname and CertificateThumbprint ""', () => {
    const raw = output('fresh-2019', 'Get-NgtPrepState');
    const http = raw.wsman.listeners.find((l: { transport: string }) => l.transport === 'HTTP');
    expect(http).toMatchObject({ hostname: '', certificateThumbprint: '' });
    const parsed = checkResultSchema.parse(raw).wsman.listeners.find((l) => l.transport === 'HTTP')!;
    expect(parsed.hostname).toBeNull();
    expect(parsed.certificateThumbprint).toBeNull();
  });
  it('a listener with Hostname "" is described with the host name, not an empty one', () => {
    const raw = output('already-configured', 'Get-NgtPrepState');
    for (const listener of raw.wsman.listeners) if (listener.transport === 'HTTPS') listener.hostname = '';
    const result = interpretCheck(checkResultSchema.parse(raw), {
      t,
      now: new Date(),
      certificateExpiry: inspectPemCertificate,
    });
    const ok = result.findings.find((f) => f.code === 'LISTENER_OK')!;
    expect(ok.summary).toContain(raw.computer.hostName);
  });
  it('verify output with Hostname "" parses to null', () => {
    const raw = output('already-configured', 'Test-NgtPrepWinRm');
    raw.listener.hostname = '';
    expect(verifyResultSchema.parse(raw).listener!.hostname).toBeNull();
  });
});
