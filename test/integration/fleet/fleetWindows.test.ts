/**
 * Windows VMs in a fleet inventory (`ngt_os=windows` as a group var): `fleet
 * plan` runs the outside-in WinRM HTTPS probe of `probe winrm` for each of them
 * against real TLS listeners on loopback (a WS-Management stand-in answering
 * Identify as Windows does, from the fixtures the probe's own tests use), puts
 * them in the readiness table and the fleet report with their own status,
 * and writes the WinRM preparation script for the ones that are not ready.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';
import { fleetReportSchemaErrors } from '../../support/reportSchema';

import type { FleetReport } from '../../../main/fleet/fleetReport';
import { closedPort, startFakeWinRm, type LoopbackServer } from '../../fixtures/probe/loopbackServers';
import { makeCaAndLeaf } from '../../fixtures/probe/makeCertificates';
import { runCliInProcess } from '../../support/cliInProcess';

const work = mkdtempSync(join(tmpdir(), 'ngtp-fleet-win-'));
const servers: LoopbackServer[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
  rmSync(work, { recursive: true, force: true });
});

describe('fleet plan with Windows hosts', () => {
  it('probes 5986-style listeners from here: ready and not ready, each with its own status, the script for the latter', async () => {
    // A certificate this computer does not trust: the probe reports trust, Prism Central does not require it.
    const { leaf } = makeCaAndLeaf({ cn: 'win01.corp.example', sans: ['win01.corp.example'] });
    const ready = await startFakeWinRm({ tls: leaf, version: 'OS: 10.0.17763 SP: 0.0 Stack: 3.0' });
    servers.push(ready);
    const down = await closedPort();
    const inventory = join(work, 'fleet.ini');
    writeFileSync(
      inventory,
      [
        '[win]',
        `win-ready ansible_host=127.0.0.1 ansible_port=${ready.port}`,
        `win-down ansible_host=127.0.0.1 ansible_port=${down}`,
        '[win:vars]',
        'ngt_os=windows',
        '',
      ].join('\n'),
    );
    const json = join(work, 'fleet.json');
    const script = join(work, 'winrm.ps1');
    const run = await runCliInProcess(
      ['fleet', 'plan', '--inventory', inventory, '--json', json, '--windows-script', script],
      { dataDir: join(work, 'data'), homedir: work, env: { NGT_PREP_DATA_DIR: join(work, 'data') } },
    );
    expect(run.code, run.output).toBe(1);
    const table = run.output.slice(run.output.indexOf('Readiness:'));
    expect(table).toMatch(/^ {2}win-ready +127\.0\.0\.1 +WinRM HTTPS ready for the push$/m);
    expect(table).toMatch(/^ {2}win-down +127\.0\.0\.1 +WinRM HTTPS not ready PROBE_TCP_\w+ /m);

    const report = JSON.parse(readFileSync(json, 'utf8')) as FleetReport;
    expect(fleetReportSchemaErrors(report)).toEqual([]);
    const hosts = Object.fromEntries(report.hosts.map((h) => [h.name, h]));
    expect(hosts['win-ready']).toMatchObject({ os: 'windows', readiness: 'winrm-ready' });
    expect(hosts['win-ready']!.result).toMatch(/^(ok|warn)$/);
    const steps = Object.fromEntries(hosts['win-ready']!.report!.steps.map((s) => [s.id, s]));
    expect(hosts['win-ready']!.report!.job.kind).toBe('probe-winrm');
    expect(steps.identify!.status).toBe('ok');
    expect(steps.tls!.data).toMatchObject({ trustedByThisComputer: false });
    // The listener met the WS-Management Identify Prism Central's push starts with.
    expect(ready.requests.some((r) => r.method === 'POST' && r.url === '/wsman')).toBe(true);

    expect(hosts['win-down']).toMatchObject({ os: 'windows', result: 'failed', readiness: 'winrm-not-ready' });
    expect(hosts['win-down']!.code).toMatch(/^PROBE_TCP_/);
    expect(report.counts).toMatchObject({ total: 2, failed: 1 });

    expect(run.output).toContain("1 Windows hosts are not ready for Prism Central's push");
    expect(run.output).toContain(`Script written to ${script}`);
    const text = readFileSync(script, 'utf8');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    // `windows export`'s script (check, apply, verify), not the golden-image one (no first-boot task).
    expect(text).toContain('Invoke-NgtPrepApplyScript');
    expect(text).not.toContain('New-ScheduledTaskTrigger -AtStartup');
  }, 120_000);

  it('without --windows-script, the not-ready hosts are named with the command that writes their script', async () => {
    const down = await closedPort();
    const inventory = join(work, 'down.csv');
    writeFileSync(inventory, `name,host,port,os\nw1,127.0.0.1,${down},windows\n`);
    const run = await runCliInProcess(['fleet', 'plan', '--inventory', inventory, '--golden-image'], {
      dataDir: join(work, 'data2'),
      homedir: work,
      env: { NGT_PREP_DATA_DIR: join(work, 'data2') },
    });
    expect(run.code, run.output).toBe(1);
    expect(run.output).toContain(
      "1 Windows hosts are not ready for Prism Central's push (WinRM HTTPS on their port, checked from here): w1.",
    );
    expect(run.output).toContain('ngt-prep windows export --out FILE --golden-image');
  }, 120_000);
});
