/**
 * "Remove NGT" through the real CLI (`ngt-prep linux remove`, in-process)
 * against the sandbox: after an install by the real job, --dry-run shows the
 * uninstaller and what will go and changes nothing; the real run leaves no
 * NGT folder, service, service file or staging folder, and the report says so.
 * Needs root; skipped loudly without it, failing instead in CI.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { Report } from '../../../main/engine/types';
import { startSandbox, type Sandbox } from '../../sandbox';
import { runCliInProcess } from '../../support/cliInProcess';
import { installNgtOn, sandboxLoginArgs, stepsById } from '../../support/linuxSandboxJob';
import { reportSchemaErrors } from '../../support/reportSchema';
import { sandboxSuite } from '../../support/sandboxSuite';

const { can, work } = sandboxSuite('Remove NGT', 'ngtp-remove-');
const PASSWORD = `Remove-${process.pid}-'x`;
let runs = 0;

async function remove(sandbox: Sandbox, extra: string[]): Promise<{ code: number; output: string; report: Report }> {
  runs += 1;
  const json = join(work, `remove-${runs}.json`);
  const dataDir = join(work, `data-${runs}`);
  const { code, output } = await runCliInProcess(
    [
      'linux',
      'remove',
      ...sandboxLoginArgs(sandbox, join(work, 'kh')),
      '--fingerprint',
      sandbox.hostKeyFingerprint,
      '--json',
      json,
      ...extra,
    ],
    { dataDir, env: { NGTP_PW: PASSWORD, NGT_PREP_DATA_DIR: dataDir } },
  );
  expect(existsSync(json), output).toBe(true);
  const report = JSON.parse(readFileSync(json, 'utf8')) as Report;
  expect(reportSchemaErrors(report)).toEqual([]);
  expect(output).not.toContain(PASSWORD);
  return { code, output, report };
}

const ngtState = async (s: Sandbox) =>
  (
    await s.exec([
      '/bin/sh',
      '-c',
      'ls -d /usr/local/nutanix /var/tmp/ngt-prep-* /etc/systemd/system/ngt_* /run/ngt_*.pid 2>/dev/null; ' +
        'pgrep -f "[n]gt_guest_agent.py|[n]gt_self_service_restore.py" || true',
    ])
  ).stdout.trim();

describe.skipIf(!can.ok)('ngt-prep linux remove against the sandbox', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({ distro: 'rocky', rootPassword: PASSWORD, withCluster: true });
    await installNgtOn(sandbox, { password: PASSWORD, knownHostsPath: join(work, 'kh-install') });
    // A staging folder left by an earlier failed run.
    await sandbox.exec(['mkdir', '-p', '/var/tmp/ngt-prep-20260101000000/installer']);
  }, 120_000);
  afterAll(() => sandbox?.stop());

  it('--dry-run: names the uninstaller and everything it will remove, changes nothing (exit 0)', async () => {
    const before = await ngtState(sandbox);
    expect(before).toContain('/usr/local/nutanix');
    const run = await remove(sandbox, ['--dry-run']);
    expect(run.code, run.output).toBe(0);
    expect(run.report.steps.map((s) => s.id)).toEqual(['connect', 'remove-plan']);
    const plan = run.report.steps[1]!;
    expect(plan.data!.uninstallCommand).toEqual([
      '/usr/local/nutanix/ngt/python36/bin/python3',
      '/usr/local/nutanix/ngt/python/bin/uninstall_ngt.py',
    ]);
    expect(plan.summary).toContain('/var/tmp/ngt-prep-20260101000000');
    expect(plan.summary).toContain('ngt_guest_agent (pid ');
    expect(await ngtState(sandbox)).toBe(before);
  }, 60_000);

  it('removes NGT, its services and the staging leftovers; reports that nothing remains', async () => {
    const run = await remove(sandbox, []);
    expect(run.code, run.output).toBe(0);
    const steps = stepsById(run.report);
    expect(steps['run-uninstaller']!.status).toBe('ok');
    expect(run.output).toContain('Nutanix Guest Tools uninstalled successfully.');
    expect(steps['remove-leftovers']!.summary).toContain('/var/tmp/ngt-prep-20260101000000');
    expect(steps['remove-remains']!.status).toBe('ok');
    expect(steps['remove-remains']!.data).toEqual({ dirs: [], files: [], running: [], staging: [] });
    expect(await ngtState(sandbox)).toBe('');
  }, 60_000);

  it('a second removal finds nothing to do', async () => {
    const run = await remove(sandbox, []);
    expect(run.code).toBe(0);
    expect(run.report.steps[1]!.summary).toContain('nothing to remove');
  }, 60_000);
});
