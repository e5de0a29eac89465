/** The fleet report: JSON valid against its published schema (and report@1 for each host), HTML, CSV. */
import { describe, expect, it } from 'vitest';
import { fleetReportSchemaErrors } from '../../support/reportSchema';

import fleetSchema from '../../../main/fleet/fleetReport.schema.json';
import { FLEET_REPORT_SCHEMA_ID, buildFleetReport, fleetReportCsv } from '../../../main/fleet/fleetReport';
import { renderFleetReportHtml } from '../../../main/fleet/fleetReportHtml';
import type { FleetRun } from '../../../main/fleet/fleetTypes';
import type { Report } from '../../../main/engine/types';
import { createTranslator } from '../../../main/i18n/catalogue';

const t = createTranslator('en');

function hostReport(target: string, result: Report['result'], summary: string): Report {
  return {
    schema: 'ngt-prep/report@1',
    tool: { name: 'ngt-prep', version: 'test' },
    job: { id: `id-${target}`, kind: 'linux-install', target, lang: 'en' },
    startedAt: '2026-01-01T00:00:00.000Z',
    finishedAt: '2026-01-01T00:00:05.000Z',
    result,
    steps: [
      {
        id: 'connect',
        phase: 'prepare',
        title: 'Connect',
        status: result === 'failed' ? 'fail' : 'ok',
        summary,
        durationMs: 12,
        ...(result === 'failed' ? { code: 'SSH_HOST_KEY_CHANGED', remediation: 'Remove the old line.' } : {}),
      },
    ],
  };
}

const sha = 'ab'.repeat(32);
const run: FleetRun = {
  startedAt: new Date('2026-01-01T00:00:00Z'),
  finishedAt: new Date('2026-01-01T00:01:00Z'),
  phase: 'all',
  dryRun: false,
  result: 'failed',
  hosts: [
    {
      name: 'web01',
      address: '10.0.0.1',
      os: 'linux',
      result: 'ok',
      readiness: 'will-patch',
      factorySha256: sha,
      durationMs: 5000.4,
      report: hostReport('root@10.0.0.1:22', 'ok', 'Connected <b>'),
    },
    {
      name: '=cmd|calc',
      address: '10.0.0.2',
      os: 'linux',
      result: 'failed',
      code: 'SSH_HOST_KEY_CHANGED',
      reason: 'The key, "changed"',
      readiness: 'cannot',
      durationMs: 80,
      report: hostReport('root@10.0.0.2:22', 'failed', 'Changed'),
    },
    {
      name: 'win01',
      address: '10.0.0.3',
      os: 'windows',
      result: 'skipped',
      code: 'FLEET_WINDOWS_NOT_RUN',
      durationMs: 0,
    },
  ],
  readiness: [],
  diffGroups: [{ factorySha256: sha, diff: '--- a\n+++ b\n+<script>', hosts: ['web01'] }],
  clones: [{ ngtUuid: 'uuid-1', hosts: ['web01', 'web02'] }],
  unknownHostKeys: [{ host: 'web01', address: '10.0.0.1', keyType: 'ssh-ed25519', fingerprint: 'SHA256:abc' }],
};

describe('fleet report', () => {
  const report = buildFleetReport(run, { name: 'ngt-prep', version: '1.2.3' }, 'en');

  it('is ngt-prep/fleet-report@1, valid against the published schema, each host with its report@1 report', () => {
    expect(report.schema).toBe(FLEET_REPORT_SCHEMA_ID);
    expect(fleetSchema.properties.schema.const).toBe(FLEET_REPORT_SCHEMA_ID);
    expect(fleetReportSchemaErrors(report)).toEqual([]);
    expect(report.counts).toEqual({ ok: 1, warn: 0, failed: 1, cancelled: 0, skipped: 1, total: 3 });
    expect(report.hosts.map((h) => [h.name, h.result, h.report?.schema ?? null])).toEqual([
      ['web01', 'ok', 'ngt-prep/report@1'],
      ['=cmd|calc', 'failed', 'ngt-prep/report@1'],
      ['win01', 'skipped', null],
    ]);
    expect(report.hosts[0]!.durationMs).toBe(5000);
  });

  it('the schema refuses what the format does not have', () => {
    expect(fleetReportSchemaErrors({ ...report, result: 'skipped' })).not.toEqual([]);
    expect(
      fleetReportSchemaErrors({ ...report, hosts: [{ ...report.hosts[0], report: { schema: 'other' } }] }),
    ).not.toEqual([]);
    expect(fleetReportSchemaErrors({ ...report, extra: 1 })).not.toEqual([]);
  });

  it('CSV: one row per host, quoted where needed, formulas defused', () => {
    const csv = fleetReportCsv(report).split('\r\n');
    expect(csv[0]).toBe('name,address,os,result,readiness,code,reason,factory_sha256,duration_ms');
    expect(csv[1]).toBe(`web01,10.0.0.1,linux,ok,will-patch,,,${sha},5000`);
    expect(csv[2]).toBe(`'=cmd|calc,10.0.0.2,linux,failed,cannot,SSH_HOST_KEY_CHANGED,"The key, ""changed""",,80`);
    expect(csv[3]).toBe('win01,10.0.0.3,windows,skipped,,FLEET_WINDOWS_NOT_RUN,,,0');
    expect(csv).toHaveLength(5);
  });

  it('HTML: the summary table links to a section per host with its own report; everything escaped, nothing loaded', () => {
    const html = renderFleetReportHtml(report, t);
    expect(html).toContain('NGT Prep fleet report (3 hosts)');
    expect(html).toContain('<a href="#host-1">web01</a>');
    expect(html).toContain('id="host-3"');
    expect(html).toContain('Connected &lt;b&gt;');
    expect(html).toContain('+&lt;script&gt;');
    expect(html).not.toContain('<script');
    expect(html).toContain('2 hosts share the NGT identity uuid-1: web01, web02.');
    expect(html).toContain('SHA256:abc');
    expect(html).toContain(t('fleet.report.noJob', { code: 'FLEET_WINDOWS_NOT_RUN' }));
    expect(html).toContain("default-src 'none'");
    expect(html).not.toMatch(/<link|src=|url\(/);
    const fr = renderFleetReportHtml({ ...report, lang: 'fr' }, createTranslator('fr'));
    expect(fr).toContain('Rapport de parc NGT Prep (3 hôtes)');
  });
});
