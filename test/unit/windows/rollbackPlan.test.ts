import { describe, expect, it } from 'vitest';

import { createTranslator } from '../../../main/i18n/catalogue';
import { applyRecordSchema, type ApplyChange, type ApplyRecord } from '../../../main/windows/applyRecord';
import {
  describeRollbackAction,
  parseApplyRecords,
  planRollback,
  undoActionFor,
} from '../../../main/windows/rollbackPlan';

const t = createTranslator('en');
const A = 'A'.repeat(40);
const B = 'B'.repeat(40);

function record(id: string, before: Partial<ApplyRecord['before']>, changes: ApplyChange[]): ApplyRecord {
  return applyRecordSchema.parse({
    schema: 'ngt-prep/winrm-apply-record@1',
    id,
    computerName: 'WIN22-APP01',
    startedAt: '2025-01-14T09:12:44Z',
    finishedAt: '2025-01-14T09:12:51Z',
    completed: true,
    options: {},
    before: {
      service: { status: 'Running', startType: 'Automatic' },
      httpsListener: null,
      basicAuth: 'false',
      firewallRule: null,
      ...before,
    },
    changes,
  });
}

describe('undoActionFor (one change -> one action)', () => {
  const table: [string, ApplyChange, unknown][] = [
    [
      'created certificate is removed',
      {
        kind: 'certificate-created',
        thumbprint: A.toLowerCase(),
        subject: 'CN=x',
        notAfter: null,
        method: 'CertEnroll',
      },
      { type: 'remove-certificate', thumbprint: A },
    ],
    [
      'created listener is removed if still on its certificate',
      { kind: 'listener-created', address: '*', transport: 'HTTPS', hostname: 'x', certificateThumbprint: A },
      { type: 'remove-listener', address: '*', transport: 'HTTPS', expectThumbprint: A },
    ],
    [
      're-pointed listener is restored, not removed',
      {
        kind: 'listener-updated',
        address: '*',
        transport: 'HTTPS',
        from: { hostname: 'OLD', certificateThumbprint: B, enabled: false },
        to: { hostname: 'x', certificateThumbprint: A, enabled: true },
      },
      {
        type: 'restore-listener',
        address: '*',
        transport: 'HTTPS',
        hostname: 'OLD',
        certificateThumbprint: B,
        enabled: false,
        expectThumbprint: A,
      },
    ],
    [
      'Basic goes back to false',
      { kind: 'basic-auth', from: 'false', to: 'true' },
      { type: 'set-basic-auth', value: 'false' },
    ],
    [
      'Basic unknown before goes back to false',
      { kind: 'basic-auth', from: null, to: 'true' },
      { type: 'set-basic-auth', value: 'false' },
    ],
    [
      'created rule is removed',
      { kind: 'firewall-rule-created', name: 'NGTPrep-WinRM-HTTPS-In' },
      { type: 'remove-firewall-rule', name: 'NGTPrep-WinRM-HTTPS-In' },
    ],
    [
      'changed rule is restored',
      {
        kind: 'firewall-rule-updated',
        name: 'NGTPrep-WinRM-HTTPS-In',
        from: { enabled: false, profiles: ['Domain'], remoteAddresses: ['Any'] },
        to: { enabled: true, profiles: ['Domain', 'Private', 'Public'], remoteAddresses: ['Any'] },
      },
      {
        type: 'restore-firewall-rule',
        name: 'NGTPrep-WinRM-HTTPS-In',
        enabled: false,
        profiles: ['Domain'],
        remoteAddresses: ['Any'],
      },
    ],
    [
      'startup type goes back',
      { kind: 'service-start-type', from: 'Manual', to: 'Automatic' },
      { type: 'set-service-start-type', startType: 'Manual' },
    ],
    [
      '"Auto" is read as Automatic',
      { kind: 'service-start-type', from: 'Auto', to: 'Automatic' },
      { type: 'set-service-start-type', startType: 'Automatic' },
    ],
    ['an odd startup type is left alone', { kind: 'service-start-type', from: 'Boot', to: 'Automatic' }, null],
    [
      'started service is stopped again',
      { kind: 'service-started', from: 'Stopped', to: 'Running' },
      { type: 'stop-service' },
    ],
    ['a service that was only paused is not stopped', { kind: 'service-started', from: 'Paused', to: 'Running' }, null],
  ];
  it.each(table)('%s', (_name, change, expected) => {
    expect(undoActionFor(change)).toEqual(expected);
  });
});

describe('planRollback', () => {
  it('undoes a fresh apply in reverse order, service last, removing only what it created', () => {
    const rec = record('apply-20250114T091244123Z', { service: { status: 'Stopped', startType: 'Manual' } }, [
      { kind: 'service-start-type', from: 'Manual', to: 'Automatic' },
      { kind: 'service-started', from: 'Stopped', to: 'Running' },
      {
        kind: 'certificate-created',
        thumbprint: A,
        subject: 'CN=x',
        notAfter: null,
        method: 'New-SelfSignedCertificate',
      },
      { kind: 'listener-created', address: '*', transport: 'HTTPS', hostname: 'x', certificateThumbprint: A },
      { kind: 'basic-auth', from: 'false', to: 'true' },
      { kind: 'firewall-rule-created', name: 'NGTPrep-WinRM-HTTPS-In' },
    ]);
    const plan = planRollback([
      { path: 'C:\\ProgramData\\NGT Prep\\winrm\\apply-20250114T091244123Z.json', record: rec },
    ]);
    expect(plan.actions.map((a) => a.type)).toEqual([
      'remove-firewall-rule',
      'set-basic-auth',
      'remove-listener',
      'remove-certificate',
      'stop-service',
      'set-service-start-type',
    ]);
    expect(plan.recordPaths).toEqual(['C:\\ProgramData\\NGT Prep\\winrm\\apply-20250114T091244123Z.json']);
    expect(plan.nothingToDo).toBe(false);
  });

  it('restores, and never removes, a listener and a rule that existed before apply', () => {
    const rec = record(
      'apply-20250301T080000000Z',
      {
        httpsListener: {
          address: '*',
          transport: 'HTTPS',
          port: 5986,
          hostname: 'WIN-TEMPLATE',
          certificateThumbprint: B,
          enabled: true,
        },
        basicAuth: 'true',
        firewallRule: { enabled: false, profiles: ['Domain'], remoteAddresses: ['10.0.0.0/255.0.0.0'] },
      },
      [
        {
          kind: 'certificate-created',
          thumbprint: A,
          subject: 'CN=WIN-CLONE-07',
          notAfter: null,
          method: 'CertEnroll',
        },
        {
          kind: 'listener-updated',
          address: '*',
          transport: 'HTTPS',
          from: { hostname: 'WIN-TEMPLATE', certificateThumbprint: B, enabled: true },
          to: { hostname: 'WIN-CLONE-07', certificateThumbprint: A, enabled: true },
        },
        {
          kind: 'firewall-rule-updated',
          name: 'NGTPrep-WinRM-HTTPS-In',
          from: { enabled: false, profiles: ['Domain'], remoteAddresses: ['10.0.0.0/255.0.0.0'] },
          to: { enabled: true, profiles: ['Domain', 'Private', 'Public'], remoteAddresses: ['Any'] },
        },
      ],
    );
    const plan = planRollback([{ path: 'p', record: rec }]);
    const types = plan.actions.map((a) => a.type);
    expect(types).toEqual(['restore-firewall-rule', 'restore-listener', 'remove-certificate']);
    expect(types).not.toContain('remove-listener');
    expect(types).not.toContain('remove-firewall-rule');
    expect(types).not.toContain('set-basic-auth');
    expect(plan.actions[2]).toEqual({ type: 'remove-certificate', thumbprint: A });
    expect(plan.actions.find((a) => a.type === 'remove-certificate' && a.thumbprint === B)).toBeUndefined();
  });

  it('plans the net result against the oldest before-state, not a replay of each record (finding 11)', () => {
    const first = record('apply-20250101T000000000Z', {}, [
      { kind: 'certificate-created', thumbprint: A, subject: 'CN=x', notAfter: null, method: null },
      { kind: 'listener-created', address: '*', transport: 'HTTPS', hostname: 'x', certificateThumbprint: A },
    ]);
    const second = record('apply-20250201T000000000Z', {}, [
      { kind: 'certificate-created', thumbprint: B, subject: 'CN=y', notAfter: null, method: null },
      {
        kind: 'listener-updated',
        address: '*',
        transport: 'HTTPS',
        from: { hostname: 'x', certificateThumbprint: A, enabled: true },
        to: { hostname: 'y', certificateThumbprint: B, enabled: true },
      },
    ]);
    const plan = planRollback([
      { path: 'first', record: first },
      { path: 'second', record: second },
    ]);
    // Before the oldest record there was no listener: remove it (it is on B now), then both
    // certificates; never re-point it to A, a certificate this very plan deletes.
    expect(plan.actions).toEqual([
      { type: 'remove-listener', address: '*', transport: 'HTTPS', expectThumbprint: B },
      { type: 'remove-certificate', thumbprint: B },
      { type: 'remove-certificate', thumbprint: A },
    ]);
    expect(plan.recordPaths).toEqual(['second', 'first']);
  });

  it('has nothing to do for no records or records without changes', () => {
    expect(planRollback([])).toEqual({ actions: [], recordPaths: [], removeFirstBoot: false, nothingToDo: true });
    expect(planRollback([], { taskPresent: false, scriptPresent: false, logCount: 0 }).nothingToDo).toBe(true);
    expect(planRollback([{ path: 'p', record: record('apply-1', {}, []) }]).nothingToDo).toBe(true);
  });
});

describe('the first-boot task of a golden image (finding 11)', () => {
  it('is removed although no record is left (the template cleared them before sysprep)', () => {
    for (const firstBoot of [
      { taskPresent: true, scriptPresent: true, logCount: 0 },
      { taskPresent: false, scriptPresent: true, logCount: 0 },
      { taskPresent: false, scriptPresent: false, logCount: 2 },
    ]) {
      const plan = planRollback([], firstBoot);
      expect(plan).toMatchObject({ actions: [], removeFirstBoot: true, nothingToDo: false });
    }
  });
});

describe('parseApplyRecords', () => {
  it('keeps good records and reports unreadable ones', () => {
    const good = record('apply-20250101T000000000Z', {}, [{ kind: 'basic-auth', from: 'false', to: 'true' }]);
    const { records, unreadable } = parseApplyRecords([
      { path: 'good', text: '\uFEFF' + JSON.stringify(good) },
      { path: 'broken', text: '{"schema":' },
      { path: 'other', text: JSON.stringify({ schema: 'something-else' }) },
    ]);
    expect(records.map((r) => r.path)).toEqual(['good']);
    expect(unreadable.map((u) => u.path)).toEqual(['broken', 'other']);
  });
});

describe('describeRollbackAction', () => {
  it('gives one readable line per action', () => {
    expect(describeRollbackAction({ type: 'remove-certificate', thumbprint: A }, t)).toBe(
      `Delete certificate ${A} (unless a listener uses it)`,
    );
    expect(describeRollbackAction({ type: 'stop-service' }, t)).toBe('Stop the WinRM service (it was stopped before)');
    expect(describeRollbackAction({ type: 'set-basic-auth', value: 'false' }, t)).toBe(
      'Turn Basic authentication back off',
    );
  });
});

describe('LocalAccountTokenFilterPolicy (finding 3)', () => {
  it('puts back the exact former value, and removes a value apply found absent', () => {
    const absent = record('apply-20250114T091244000Z', {}, [{ kind: 'token-filter-policy', from: null, to: 1 }]);
    expect(planRollback([{ path: 'a.json', record: absent }]).actions).toEqual([
      { type: 'set-token-filter-policy', value: null },
    ]);
    const zero = record('apply-20250114T091244000Z', {}, [{ kind: 'token-filter-policy', from: 0, to: 1 }]);
    expect(planRollback([{ path: 'a.json', record: zero }]).actions).toEqual([
      { type: 'set-token-filter-policy', value: 0 },
    ]);
  });
  it('nets two records to the oldest former value', () => {
    const older = record('apply-20250114T091244000Z', {}, [{ kind: 'token-filter-policy', from: null, to: 1 }]);
    const newer = record('apply-20250115T091244000Z', {}, [{ kind: 'token-filter-policy', from: 0, to: 1 }]);
    const plan = planRollback([
      { path: 'b.json', record: newer },
      { path: 'a.json', record: older },
    ]);
    expect(plan.actions).toEqual([{ type: 'set-token-filter-policy', value: null }]);
  });
  it('describes both actions for the person who confirms the plan', () => {
    expect(describeRollbackAction({ type: 'set-token-filter-policy', value: null }, t)).toMatch(
      /Remove LocalAccountTokenFilterPolicy/,
    );
    expect(describeRollbackAction({ type: 'set-token-filter-policy', value: 0 }, t)).toBe(
      'Set LocalAccountTokenFilterPolicy back to 0',
    );
  });
});
