// Windows reads ngt_config.json with the same parser as Linux (main/ngt/ngtConfig.ts): fields
// DOMAIN.md lists are read, a mistyped or unknown field is set aside without refusing the file,
// and only text that is not a JSON object is NGT_CONFIG_INVALID.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { createTranslator } from '../../../main/i18n/catalogue';
import { interpretCheck } from '../../../main/windows/checkInterpretation';
import { checkResultSchema, type CheckResult } from '../../../main/windows/scriptOutputs';

const t = createTranslator('en');
const NOW = new Date('2025-06-01T12:00:00Z');

function withConfig(configText: string | null): CheckResult {
  const raw = readFileSync(
    join(__dirname, '../../fixtures/windows/standin/configured-2022-ngt-installed.Get-NgtPrepState.json'),
    'utf8',
  );
  const state = checkResultSchema.parse(JSON.parse(raw));
  return { ...state, ngt: { ...state.ngt!, configText } };
}

function ngtConfigFinding(configText: string | null) {
  const result = interpretCheck(withConfig(configText), { t, now: NOW, certificateExpiry: () => null });
  return result.findings.find((f) => f.code.startsWith('NGT_CONFIG'))!;
}

describe('ngt_config.json on Windows', () => {
  it('reads the known fields and keeps NGT 3.x extras', () => {
    const text =
      '\uFEFF{"cluster_ip":"10.20.0.50","port":"2074","ngt_uuid":"u-1","ngt_version":"4.1","hypervisor_type":"kKvm"}';
    const finding = ngtConfigFinding(text);
    expect(finding.code).toBe('NGT_CONFIG_OK');
    expect(finding.summary).toBe('NGT 4.1 installed, cluster IP 10.20.0.50.');
    expect(finding.data).toEqual({
      config: {
        clusterIp: '10.20.0.50',
        port: 2074,
        ngtUuid: 'u-1',
        ngtVersion: '4.1',
        extra: { hypervisor_type: 'kKvm' },
      },
    });
  });

  it('reads a file with a mistyped field instead of calling it invalid (Linux did, Windows did not)', () => {
    const finding = ngtConfigFinding('{"cluster_ip":"10.20.0.50","ngt_version":4,"port":99999}');
    expect(finding.code).toBe('NGT_CONFIG_OK');
    expect(finding.summary).toBe('NGT 4 installed, cluster IP 10.20.0.50.');
    expect(finding.data).toEqual({ config: { clusterIp: '10.20.0.50', ngtVersion: '4', extra: { port: 99999 } } });
  });

  it('calls text that is not a JSON object invalid, and an absent file missing', () => {
    expect(ngtConfigFinding('{"cluster_ip": ').code).toBe('NGT_CONFIG_INVALID');
    expect(ngtConfigFinding('["10.20.0.50"]').code).toBe('NGT_CONFIG_INVALID');
    expect(ngtConfigFinding(null).code).toBe('NGT_CONFIG_MISSING');
  });
});
