/**
 * The clone repair's result per VM (main/fleet/health/cloneRepair.ts) against
 * the test Prism Central (HTTPS on loopback, vmm/prism v4.0 shapes), with the
 * guest side given as a stand-in AgentRestarter (the real one runs against
 * sshd sandboxes in fleet/cloneRepairSandbox.test.ts): a Linux clone repaired
 * only when its agent came back with a new identity; a Windows clone — no
 * session, the fleet only probes 5986 — inserted and named as a next step
 * (the "Nutanix Guest Agent" service), never a silent ok; an insert Prism
 * Central refuses (no free CD-ROM) never reaches the guest; a restart that
 * throws is that VM's failure and the others go on. The results land in the
 * fleet report (schema-valid) and its HTML page.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';
import { fleetReportSchemaErrors } from '../../support/reportSchema';

import { connectPrismCentral } from '../../../main/cluster/prismCentral/connectPrismCentral';
import { TrustStore } from '../../../main/cluster/prismCentral/trustStore';
import { NgtError } from '../../../main/engine/errors';
import { buildFleetReport, withCloneRepairs } from '../../../main/fleet/fleetReport';
import { renderFleetReportHtml } from '../../../main/fleet/fleetReportHtml';
import type { AgentRestarter } from '../../../main/fleet/health/cloneAgentRestart';
import { insertIsoOnClones } from '../../../main/fleet/health/cloneRepair';
import { createTranslator } from '../../../main/i18n/catalogue';
import { makeSelfSigned } from '../../fixtures/probe/makeCertificates';
import { makeVm, PrismCentralState } from '../../fixtures/prism-central/prismCentralState';
import { startTestPrismCentral } from '../../fixtures/prism-central/testPrismCentral';

const t = createTranslator('en');
const SHARED = '5bd1cc9c-0000-4000-8000-00000000c10e';
const NEW = '0d6c3c2e-1111-4000-8000-0000000000aa';
const dir = mkdtempSync(path.join(tmpdir(), 'ngtp-clone-results-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the clone repair, VM by VM', () => {
  it('repaired, restart on the VM (Windows), insert refused, restart failed: each named; the fleet report carries them', async () => {
    const vms = [
      makeVm({ name: 'lin-ok' }),
      makeVm({ name: 'win-1' }),
      makeVm({ name: 'lin-full', cdRoms: [{ busType: 'IDE', content: 'iso' }] }),
      makeVm({ name: 'lin-down' }),
    ];
    const pc = await startTestPrismCentral({
      tls: makeSelfSigned({ cn: 'pc.test', sans: ['127.0.0.1'] }),
      state: new PrismCentralState(vms),
      user: { username: 'admin', password: 'pc-pw' },
    });
    try {
      const { client } = await connectPrismCentral({
        endpoint: { host: '127.0.0.1', port: pc.port },
        username: 'admin',
        password: () => 'pc-pw',
        trustStore: new TrustStore(path.join(dir, 'trust.json'), t),
        acceptNew: true,
        t,
      });
      const asked: string[] = [];
      const restartAgent: AgentRestarter = async (host, shared) => {
        asked.push(`${host}:${shared}`);
        if (host === 'lin-down')
          throw new NgtError('SSH_CONNECT_REFUSED', 'connection refused', { remediation: 'start sshd' });
        return { ok: true, summary: 'restarted', ngtUuid: NEW, method: 'systemd' };
      };
      const plan = {
        ngtUuid: SHARED,
        offered: true,
        targets: vms.map((v) => ({
          host: v.name,
          vmExtId: v.extId,
          os: v.name.startsWith('win') ? ('windows' as const) : ('linux' as const),
        })),
      };
      const seen: string[] = [];
      const results = await insertIsoOnClones(client, plan, t, {
        taskTimeoutMs: 600_000,
        intervalMs: 1,
        sleep: async () => undefined,
        restartAgent,
        onVm: (r) => seen.push(r.host),
      });

      expect(seen).toEqual(['lin-ok', 'win-1', 'lin-full', 'lin-down']);
      expect(results.map((r) => [r.host, r.status, r.ok, r.stage, r.code])).toEqual([
        ['lin-ok', 'repaired', true, undefined, undefined],
        ['win-1', 'restart-on-vm', false, undefined, 'CLONE_RESTART_ON_VM'],
        ['lin-full', 'failed', false, 'insert', expect.stringMatching(/.+/)],
        ['lin-down', 'failed', false, 'restart', 'SSH_CONNECT_REFUSED'],
      ]);
      // The guest is asked only for Linux clones whose ISO Prism Central inserted.
      expect(asked).toEqual([`lin-ok:${SHARED}`, `lin-down:${SHARED}`]);
      expect(results[0]).toMatchObject({ ngtUuid: NEW, method: 'systemd' });
      expect(results[1]!.remediation).toContain('"Nutanix Guest Agent"');
      expect(results[1]!.remediation).toContain("Restart-Service -Name 'Nutanix Guest Agent'");
      expect(results[3]).toMatchObject({ message: 'connection refused', remediation: 'start sshd' });
      expect(vms.map((v) => v.guestTools.isIsoInserted)).toEqual([true, true, false, true]);

      // In the fleet report: schema-valid, on the clone finding, and shown on the HTML page.
      const run = {
        startedAt: new Date(0),
        finishedAt: new Date(1000),
        phase: 'all' as const,
        dryRun: false,
        result: 'ok' as const,
        hosts: [],
        readiness: [],
        diffGroups: [],
        clones: [{ ngtUuid: SHARED, hosts: vms.map((v) => v.name) }],
        unknownHostKeys: [],
      };
      const report = withCloneRepairs(buildFleetReport(run, { name: 'ngt-prep', version: '0' }, 'en'), [
        { ngtUuid: SHARED, results },
      ]);
      expect(fleetReportSchemaErrors(report)).toEqual([]);
      expect(report.findings.clones[0]!.repair!.map((r) => r.status)).toEqual([
        'repaired',
        'restart-on-vm',
        'failed',
        'failed',
      ]);
      const page = renderFleetReportHtml(report, t);
      for (const text of [
        'repaired (own ngt_uuid)',
        'ISO inserted; restart the agent on the VM',
        'SSH_CONNECT_REFUSED',
        NEW,
      ])
        expect(page).toContain(text);
      expect(page).toContain('&quot;Nutanix Guest Agent&quot;');
    } finally {
      await pc.close();
    }
  }, 120_000);
});
