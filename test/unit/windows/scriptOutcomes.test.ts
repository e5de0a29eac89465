import { describe, expect, it } from 'vitest';

import { createTranslator } from '../../../main/i18n/catalogue';
import {
  applyResultSchema,
  undoResultSchema,
  VERIFY_CHECK_IDS,
  verifyResultSchema,
} from '../../../main/windows/scriptOutputs';
import {
  interpretApplyResult,
  interpretUndoResult,
  interpretVerifyResult,
  progressLabel,
} from '../../../main/windows/scriptOutcomes';

const t = createTranslator('en');
const NOW = new Date('2025-06-01T12:00:00Z');
const THUMB = '3F2A9C1B7E4D5A6B8C9D0E1F2A3B4C5D6E7F8091';
const certInfo = {
  thumbprint: THUMB,
  subject: 'CN=WIN22-APP01',
  issuer: 'CN=WIN22-APP01',
  friendlyName: 'NGT Prep WinRM HTTPS',
  dnsNames: ['WIN22-APP01', 'WIN22-APP01.corp.example.com'],
  ekus: ['1.3.6.1.5.5.7.3.1'],
  hasEkuExtension: true,
  notBefore: '2025-05-31T12:00:00Z',
  notAfter: '2028-05-30T12:00:00Z',
  hasPrivateKey: true,
  privateKeyStatus: 'present',
  keyAlgorithm: 'RSA',
  keySize: 4096,
  signatureAlgorithm: 'sha256RSA',
  selfSigned: true,
};
const record = (changes: unknown[]) => ({
  schema: 'ngt-prep/winrm-apply-record@1',
  id: 'apply-20250601T120000000Z',
  computerName: 'WIN22-APP01',
  startedAt: '2025-06-01T12:00:00Z',
  finishedAt: '2025-06-01T12:00:09Z',
  completed: true,
  options: { keySize: 4096 },
  before: {
    service: { status: 'Running', startType: 'Automatic' },
    httpsListener: null,
    basicAuth: 'false',
    firewallRule: null,
  },
  changes,
});
const listener = {
  address: '*',
  transport: 'HTTPS',
  port: 5986,
  hostname: 'WIN22-APP01',
  enabled: true,
  certificateThumbprint: THUMB,
  source: null,
};

describe('apply outcome', () => {
  it('lists the changes made', () => {
    const result = applyResultSchema.parse({
      ok: true,
      script: 'Set-NgtPrepWinRm',
      schemaVersion: 1,
      changed: true,
      recordPath: 'C:\\ProgramData\\NGT Prep\\winrm\\apply-20250601T120000000Z.json',
      record: record([
        {
          kind: 'certificate-created',
          thumbprint: THUMB,
          subject: 'CN=WIN22-APP01',
          notAfter: '2028-05-30T12:00:00Z',
          method: 'CertEnroll',
        },
        {
          kind: 'listener-created',
          address: '*',
          transport: 'HTTPS',
          hostname: 'WIN22-APP01',
          certificateThumbprint: THUMB,
        },
        { kind: 'basic-auth', from: 'false', to: 'true' },
        {
          kind: 'firewall-rule-created',
          name: 'NGTPrep-WinRM-HTTPS-In',
          displayName: 'NGT Prep - WinRM HTTPS (TCP 5986 in)',
        },
      ]),
      certificate: { source: 'created', method: 'CertEnroll', info: certInfo },
      listener,
      firewall: { ruleName: 'NGTPrep-WinRM-HTTPS-In', action: 'created', coveringRules: [] },
      warnings: [],
    });
    const outcome = interpretApplyResult(result, t);
    expect(outcome.status).toBe('ok');
    expect(outcome.summary).toBe('WinRM HTTPS is configured (4 changes made and recorded for rollback).');
    expect(outcome.detail).toContain(
      `- Self-signed certificate ${THUMB} created for CN=WIN22-APP01, valid until 2028-05-30T12:00:00Z (CertEnroll)`,
    );
    expect(outcome.detail).toContain('- Firewall rule "NGT Prep - WinRM HTTPS (TCP 5986 in)" created');
  });
  it('says so when a second run changes nothing', () => {
    const result = applyResultSchema.parse({
      ok: true,
      script: 'Set-NgtPrepWinRm',
      schemaVersion: 1,
      changed: false,
      recordPath: null,
      record: record([]),
      certificate: { source: 'listener', method: null, info: certInfo },
      listener,
      firewall: { ruleName: 'NGTPrep-WinRM-HTTPS-In', action: 'unchanged', coveringRules: [] },
      warnings: [],
    });
    const outcome = interpretApplyResult(result, t);
    expect(outcome).toMatchObject({ status: 'ok', summary: 'Nothing to change: WinRM HTTPS was already configured.' });
    expect(outcome.detail).toContain('already bound and still good');
  });
});

const verifyBase = {
  ok: true,
  script: 'Test-NgtPrepWinRm',
  schemaVersion: 1,
  collectedAt: '2025-06-01T12:00:00Z',
  computer: { hostName: 'WIN22-APP01', fqdn: 'WIN22-APP01.corp.example.com' },
  listener: {
    address: '*',
    transport: 'HTTPS',
    port: 5986,
    hostname: 'WIN22-APP01',
    certificateThumbprint: THUMB,
    enabled: true,
  },
  certificate: certInfo,
  tcp: { port: 5986, listening: true, localAddresses: ['0.0.0.0'] },
  firewall: { rules: [], openingRules: ['NGTPrep-WinRM-HTTPS-In'], coveredProfiles: ['Domain', 'Private', 'Public'] },
  checks: VERIFY_CHECK_IDS.map((id) => ({ id, passed: true, code: 'X' })),
  passed: true,
};

describe('local verify outcome', () => {
  it('passes when every check passed', () => {
    const outcome = interpretVerifyResult(verifyResultSchema.parse(verifyBase), { t, now: NOW });
    expect(outcome).toMatchObject({ status: 'ok', summary: 'WinRM HTTPS answers locally on port 5986.' });
    expect(outcome.detail?.split('\n')).toHaveLength(6);
  });
  it('fails with the first failed check code', () => {
    const checks = verifyBase.checks.map((c) =>
      c.id === 'port-listening' ? { ...c, passed: false, code: 'PORT_NOT_LISTENING' } : c,
    );
    const outcome = interpretVerifyResult(verifyResultSchema.parse({ ...verifyBase, checks, passed: false }), {
      t,
      now: NOW,
    });
    expect(outcome).toMatchObject({
      status: 'fail',
      code: 'PORT_NOT_LISTENING',
      summary: '1 local check failed: Something listens on TCP 5986.',
    });
  });
  it("warns when the certificate expires soon by the caller's clock", () => {
    const outcome = interpretVerifyResult(
      verifyResultSchema.parse({ ...verifyBase, certificate: { ...certInfo, notAfter: '2025-06-11T12:00:00Z' } }),
      { t, now: NOW },
    );
    expect(outcome).toMatchObject({
      status: 'warn',
      code: 'CERT_EXPIRING',
      summary: 'WinRM HTTPS works locally, but the certificate expires in 10 days.',
    });
  });
});

describe('undo outcome', () => {
  it('reports done, skipped and failed actions', () => {
    const result = undoResultSchema.parse({
      ok: true,
      script: 'Undo-NgtPrepWinRm',
      schemaVersion: 1,
      changed: true,
      failedCount: 1,
      archivedRecords: [],
      results: [
        { index: 1, type: 'remove-firewall-rule', status: 'done', reason: null, message: null },
        { index: 2, type: 'remove-listener', status: 'skipped', reason: 'changed-since', message: null },
        { index: 3, type: 'remove-certificate', status: 'failed', reason: null, message: 'Access is denied.' },
      ],
    });
    const outcome = interpretUndoResult(result, t);
    expect(outcome).toMatchObject({ status: 'fail', code: 'WINDOWS_ROLLBACK_INCOMPLETE' });
    expect(outcome.detail).toBe(
      "Done: Remove NGT Prep's firewall rule\nSkipped (changed-since): Remove the HTTPS listener NGT Prep created\nFailed: Remove the certificate NGT Prep created: Access is denied.",
    );
  });
  it('says when there was nothing to undo', () => {
    const result = undoResultSchema.parse({
      ok: true,
      script: 'Undo-NgtPrepWinRm',
      schemaVersion: 1,
      changed: false,
      failedCount: 0,
      results: [],
      archivedRecords: [],
    });
    expect(interpretUndoResult(result, t)).toMatchObject({ status: 'ok', summary: 'Nothing to roll back.' });
  });
});

describe('progress labels', () => {
  it('translates known steps and keeps unknown ones', () => {
    expect(progressLabel({ step: 'certificate', current: 4, max: 7 }, t)).toBe('Certificate');
    expect(progressLabel({ step: 'mystery', current: 1, max: 2 }, t)).toBe('mystery');
  });
});
