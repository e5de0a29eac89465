/**
 * The fleet board's own operations in Chromium against SSH sandboxes (real
 * OpenSSH in their own namespaces, the NGT ISO fixture read-only):
 * - Retry failed: a host whose sshd is down fails at connect while the others
 *   install; its sshd is started again on the sandbox, "Retry the failed host"
 *   runs that host alone (the others' sshd logs see no new connection) and the
 *   others keep their results. The board is left while the retry waits for its
 *   diff approval and opened again from the home screen: it shows the whole
 *   fleet, the retried host's new run over the earlier results. The fleet
 *   report after the retry has every host.
 * - Cancel one host: a host whose first SSH command is held by a gate in the
 *   VM (root's ~/.bashrc, which bash reads for SSH commands, blocks on a FIFO
 *   the test never writes) is cancelled from its row's detail; it ends
 *   "cancelled", the others install and end ok, and the fleet report says so.
 * - Sudo and a bastion: a non-root user logged in by key whose sudo asks for
 *   its password gets it once from the board's sudo field (a key login has no
 *   password sudo could fall back to) and installs; a host only a bastion can reach (network namespaces,
 *   test/sandbox/bastion.ts) is reached through the board's ProxyJump field:
 *   the bastion's unknown key is listed in the bulk confirmation, then the
 *   key of the host behind it (which only the trusted bastion can show).
 * Every wait is on a condition (a row's state, a file in the VM), never a clock.
 * Needs root (network namespaces): skipped loudly otherwise, and a failure in CI.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Download, Page } from '@playwright/test';
import { generateKey } from '../integration/ssh/sshdSandbox';
import { canRunSandbox, startSandbox, type Sandbox } from '../sandbox';
import { startBastionTopology, type BastionTopology } from '../sandbox/bastion';
import { reportSchemaErrors } from '../support/reportSchema';
import { expectNoSeriousA11yViolations } from './support/axe';
import { expect, launchHermeticWebHost, test, type HermeticWebHost } from './support/hermeticWebHost';
import { openTarget } from './support/wizard';

const SENTINEL = `S3ntinel-fleet-ops-${process.pid}!`;
/** admin's own password on sudo1: what its sudo asks for (it logs in by key). */
const ADMIN_PW = `S3ntinel-fleet-sudo-${process.pid}!`;
const CI = process.env.CI === 'true';
const can = canRunSandbox();
if (!can.ok) {
  console.warn(
    `\n*** fleetOps.spec.ts: SKIPPING retry / cancel-one on the fleet board: ${can.reason}${CI ? ' (CI: failing instead)' : ''} ***\n`,
  );
}

/** Where the gate's FIFO and its "a command reached me" mark live inside the VM (/run is the VM's own tmpfs). */
const GATE_FIFO = '/run/ngtp-e2e-gate';
const GATE_ENTERED = '/run/ngtp-e2e-gate-entered';

const rowOf = (page: Page, name: string) => page.locator(`[role="row"][data-host="${name}"]`);

async function importInventory(page: Page, name: string, text: string) {
  await page.getByRole('radio', { name: 'Import a file' }).check();
  await page.getByTestId('inventory-file').setInputFiles({ name, mimeType: 'text/plain', buffer: Buffer.from(text) });
  await expect(page.getByLabel(`Contents of ${name}`)).toHaveValue(text);
  await page.getByRole('button', { name: 'Check inventory' }).click();
}

async function savedFleetReport(page: Page, file: string) {
  const [download]: [Download, void] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Save fleet report (JSON)' }).click(),
  ]);
  await download.saveAs(file);
  const text = readFileSync(file, 'utf8');
  expect(text).not.toContain(SENTINEL);
  const report = JSON.parse(text) as {
    schema: string;
    result: string;
    counts: Record<string, number>;
    hosts: { name: string; result: string; code?: string; report?: unknown }[];
  };
  expect(report.schema).toBe('ngt-prep/fleet-report@1');
  return { report, byName: Object.fromEntries(report.hosts.map((h) => [h.name, h])) };
}

/** sshd's "Connection from" lines so far: a host the retry leaves alone gets no new one. */
async function connections(vm: Sandbox): Promise<number> {
  return (await vm.sshdLog()).split('\n').filter((l) => l.includes('Connection from')).length;
}

test.describe('fleet board: retry the failed hosts, cancel one host', () => {
  test.skip(!can.ok && !CI, `sandbox unavailable: ${can.reason}`);
  test.describe.configure({ mode: 'serial' });

  const vms = {} as Record<'r1' | 'r2' | 'down' | 'c1' | 'c2' | 'gate' | 'sudo', Sandbox>;
  let host: { info: HermeticWebHost; stop: () => Promise<void> };
  let jump: BastionTopology;
  const keyDir = mkdtempSync(join(tmpdir(), 'ngtp-e2e-fleet-ops-'));
  const keyPath = join(keyDir, 'id_ed25519');

  test.beforeAll(async ({}, testInfo) => {
    testInfo.setTimeout(300_000);
    expect(can, 'the SSH sandbox must be able to run in CI').toEqual({ ok: true });
    const started = await Promise.all(
      (['r1', 'r2', 'down', 'c1', 'c2', 'gate'] as const).map(async (name) => {
        const distro = name === 'r2' || name === 'c2' ? 'alma' : 'rocky';
        return [name, await startSandbox({ distro, rootPassword: SENTINEL, withCluster: true })] as const;
      }),
    );
    for (const [name, vm] of started) vms[name] = vm;
    generateKey(keyPath, 'ed25519');
    const publicKey = readFileSync(`${keyPath}.pub`, 'utf8').trim();
    vms.sudo = await startSandbox({
      distro: 'rocky',
      withCluster: true,
      users: [{ name: 'admin', password: ADMIN_PW, sudo: 'password' }],
      authorizedKeys: [publicKey],
    });
    jump = await startBastionTopology({ authorizedKeys: [publicKey] });
    // The sandboxes' keys are known; the bastion's and the host's behind it are not (asked in bulk).
    host = await launchHermeticWebHost([...started.map(([, vm]) => vm), vms.sudo].map((vm) => vm.knownHostsLine()));
  });

  test.afterAll(async () => {
    await host?.stop();
    await jump?.stop();
    await Promise.all(Object.values(vms).map((v) => v?.stop()));
    rmSync(keyDir, { recursive: true, force: true });
  });

  test('Retry failed runs only the failed host, the others keep their results, also when the board is opened again', async ({
    page,
  }, testInfo) => {
    test.setTimeout(420_000);
    await vms.down.killSshd(); // down1 refuses connections: a problem fixed on the VM before the retry
    await openTarget(page, host.info.url, 'fleet');
    await importInventory(
      page,
      'retry.ini',
      [
        `r1 ansible_host=${vms.r1.host}`,
        `r2 ansible_host=${vms.r2.host}`,
        `down1 ansible_host=${vms.down.host}`,
        '[all:vars]',
        'ansible_user=root',
        '',
      ].join('\n'),
    );
    await expect(page.getByTestId('inventory-ok')).toContainText('3 hosts');
    await page.getByLabel('Password of root').fill(SENTINEL);
    await page.getByRole('button', { name: 'Prepare and install all' }).click();

    const dialog = page.getByRole('alertdialog');
    await expect(dialog).toContainText('Apply this change to 2 hosts?', { timeout: 120_000 });
    await dialog.getByRole('button', { name: 'Apply these changes' }).click();
    const result = page.getByTestId('fleet-result');
    await expect(result).toHaveAttribute('data-result', 'failed', { timeout: 300_000 });
    await expect(rowOf(page, 'down1')).toHaveAttribute('data-status', 'failed');
    await expect(rowOf(page, 'down1')).toContainText('SSH');
    for (const name of ['r1', 'r2']) await expect(rowOf(page, name)).toHaveAttribute('data-status', /^(ok|warn)$/);
    const firstStatus = {
      r1: await rowOf(page, 'r1').getAttribute('data-status'),
      r2: await rowOf(page, 'r2').getAttribute('data-status'),
    };
    const firstDuration = await rowOf(page, 'r1').locator('[role="gridcell"]').last().textContent();
    const before = { r1: await connections(vms.r1), r2: await connections(vms.r2) };

    // Fixed on the VM; then only that host runs again.
    await vms.down.restartSshd();
    const retry = page.getByRole('button', { name: 'Retry the failed host' });
    await expect(retry).toBeVisible();
    await retry.focus();
    await page.keyboard.press('Enter'); // keyboard only
    await expect(dialog).toContainText('Apply this change to 1 host?', { timeout: 120_000 });
    await expect(dialog).toContainText('down1');
    // down1 is prepared (not done: its install waits for the answer); the others are done.
    await expect(page.getByTestId('fleet-progress')).toHaveAttribute('data-done', '2');
    const downPrepared = await rowOf(page, 'down1').getAttribute('data-status');

    // Leave the board while the retry waits for its answer (the tab reloaded: the board's view is
    // gone, the question is still open in main); open it again from the home screen.
    await page.reload();
    const item = page.getByTestId('running-jobs').getByRole('listitem');
    await expect(item).toHaveCount(1);
    await expect(item).toHaveAttribute('data-state', 'waiting');
    await item.getByRole('button', { name: /^Open / }).click();
    await expect(dialog).toContainText('Apply this change to 1 host?');
    // The whole fleet, not only the retried host: the others' earlier results are there.
    await expect(page.locator('[role="row"][data-host]')).toHaveCount(3);
    await expect(rowOf(page, 'r1')).toHaveAttribute('data-status', firstStatus.r1!);
    await expect(rowOf(page, 'r2')).toHaveAttribute('data-status', firstStatus.r2!);
    await expect(rowOf(page, 'r1').locator('[role="gridcell"]').last()).toHaveText(firstDuration!);
    await expect(rowOf(page, 'down1')).toHaveAttribute('data-status', downPrepared!);
    await expect(page.getByTestId('fleet-progress')).toHaveAttribute('data-done', '2');
    await page.screenshot({ path: testInfo.outputPath('fleet-retry-reattached.png'), fullPage: true });
    await expectNoSeriousA11yViolations(page, 'fleet retry taken up again, diff approval');
    await dialog.getByRole('button', { name: 'Apply these changes' }).click();

    await expect(result).toHaveAttribute('data-result', /^(ok|warn)$/, { timeout: 300_000 });
    await expect(rowOf(page, 'down1')).toHaveAttribute('data-status', /^(ok|warn)$/);
    await expect(rowOf(page, 'r1')).toHaveAttribute('data-status', firstStatus.r1!);
    await expect(rowOf(page, 'r2')).toHaveAttribute('data-status', firstStatus.r2!);
    await expect(page.getByTestId('count-failed')).toHaveAttribute('data-count', '0');
    await expect(page.getByTestId('fleet-progress')).toHaveAttribute('data-done', '3');
    await expect(page.getByRole('button', { name: /^Retry the/ })).toHaveCount(0);
    // The retry connected to down1 only.
    expect(await connections(vms.r1), 'the retry leaves r1 alone').toBe(before.r1);
    expect(await connections(vms.r2), 'the retry leaves r2 alone').toBe(before.r2);
    expect((await vms.down.exec(['test', '-e', '/usr/local/nutanix/ngt'])).code, 'NGT on down1 now').toBe(0);

    // r1's drill-down is still its own first run.
    await rowOf(page, 'r1').click();
    const detail = page.getByTestId('fleet-host-detail');
    await expect(detail).toHaveAttribute('data-host', 'r1');
    await expect(detail.locator('section[aria-label="Verify"] [data-step-id]').first()).toBeVisible();
    await expectNoSeriousA11yViolations(page, 'fleet board after the retry');
    await page.screenshot({ path: testInfo.outputPath('fleet-retry.png'), fullPage: true, animations: 'disabled' });

    const { report, byName } = await savedFleetReport(page, testInfo.outputPath('fleet-retry-report.json'));
    expect(report.result).toMatch(/^(ok|warn)$/);
    expect(report.counts).toMatchObject({ total: 3, failed: 0 });
    expect(byName.down1!.result).toMatch(/^(ok|warn)$/);
    expect(byName.r1!.result).toBe(firstStatus.r1);
    expect(reportSchemaErrors(byName.down1!.report)).toEqual([]);
    expect(await page.textContent('body')).not.toContain(SENTINEL);
  });

  test('cancelling one running host ends it cancelled while the others install', async ({ page }, testInfo) => {
    test.setTimeout(420_000);
    // gate1's first SSH command waits on a FIFO nobody writes: it runs until it is cancelled.
    const gate = await vms.gate.exec(['mkfifo', '-m', '600', GATE_FIFO]);
    expect(gate.code, gate.stderr).toBe(0);
    const bashrc = await vms.gate.exec(['tee', '/root/.bashrc'], {
      input: `if [ -p ${GATE_FIFO} ]; then : > ${GATE_ENTERED}; read -r _ < ${GATE_FIFO}; fi\n`,
    });
    expect(bashrc.code, bashrc.stderr).toBe(0);

    await openTarget(page, host.info.url, 'fleet');
    await importInventory(
      page,
      'cancel.ini',
      [
        `c1 ansible_host=${vms.c1.host}`,
        `c2 ansible_host=${vms.c2.host}`,
        `gate1 ansible_host=${vms.gate.host}`,
        '[all:vars]',
        'ansible_user=root',
        '',
      ].join('\n'),
    );
    await page.getByLabel('Password of root').fill(SENTINEL);
    await page.getByRole('button', { name: 'Prepare and install all' }).click();

    await expect(rowOf(page, 'gate1')).toHaveAttribute('data-status', 'running', { timeout: 120_000 });
    await expect
      .poll(async () => (await vms.gate.exec(['test', '-e', GATE_ENTERED])).code, {
        message: 'gate1 runs its first command (held by the gate)',
        timeout: 120_000,
      })
      .toBe(0);
    // The others have ended their prepare pass; gate1 holds the fleet there.
    for (const name of ['c1', 'c2'])
      await expect(rowOf(page, name)).toHaveAttribute('data-status', /^(ok|warn)$/, { timeout: 120_000 });
    await expect(rowOf(page, 'gate1')).toHaveAttribute('data-status', 'running');

    // Keyboard: onto gate1's row, open it, cancel it alone.
    await rowOf(page, 'gate1').focus();
    await page.keyboard.press('Enter');
    const detail = page.getByTestId('fleet-host-detail');
    await expect(detail).toHaveAttribute('data-host', 'gate1');
    const cancel = detail.getByRole('button', { name: 'Cancel gate1' });
    await expectNoSeriousA11yViolations(page, 'fleet board with a host running');
    await cancel.focus();
    await page.keyboard.press('Enter');
    await expect(rowOf(page, 'gate1')).toHaveAttribute('data-status', 'cancelled', { timeout: 120_000 });

    // The others go on: their one diff, approved, installed.
    const dialog = page.getByRole('alertdialog');
    await expect(dialog).toContainText('Apply this change to 2 hosts?', { timeout: 120_000 });
    await expect(dialog).toContainText('c1, c2');
    await dialog.getByRole('button', { name: 'Apply these changes' }).click();
    const result = page.getByTestId('fleet-result');
    await expect(result).toHaveAttribute('data-result', 'cancelled', { timeout: 300_000 });
    for (const name of ['c1', 'c2']) await expect(rowOf(page, name)).toHaveAttribute('data-status', /^(ok|warn)$/);
    await expect(rowOf(page, 'gate1')).toHaveAttribute('data-status', 'cancelled');
    await expect(page.getByTestId('count-cancelled')).toHaveAttribute('data-count', '1');
    for (const vm of [vms.c1, vms.c2])
      expect((await vm.exec(['test', '-e', '/usr/local/nutanix/ngt'])).code, `NGT on ${vm.host}`).toBe(0);
    expect((await vms.gate.exec(['test', '-e', '/usr/local/nutanix/ngt'])).code, 'nothing on gate1').not.toBe(0);
    await expectNoSeriousA11yViolations(page, 'fleet board after cancelling one host');
    await page.screenshot({
      path: testInfo.outputPath('fleet-cancel-one.png'),
      fullPage: true,
      animations: 'disabled',
    });

    const { report, byName } = await savedFleetReport(page, testInfo.outputPath('fleet-cancel-report.json'));
    expect(report.result).toBe('cancelled');
    expect(report.counts).toMatchObject({ total: 3, cancelled: 1 });
    expect(byName.gate1!.result).toBe('cancelled');
    expect(byName.c1!.result).toMatch(/^(ok|warn)$/);
    expect(byName.c2!.result).toMatch(/^(ok|warn)$/);
  });

  test('a sudo password once for a non-root user, and a host reached through the ProxyJump bastion', async ({
    page,
  }, testInfo) => {
    test.setTimeout(420_000);
    const target = jump.target;
    await openTarget(page, host.info.url, 'fleet');
    await importInventory(
      page,
      'sudo.ini',
      [
        // sudo1 is reached directly (the inventory's own ProxyJump "none" wins over the board's).
        `sudo1 ansible_host=${vms.sudo.host} ansible_user=admin ngt_proxy_jump=none`,
        `inner1 ansible_host=${target.host} ansible_user=root`,
        '',
      ].join('\n'),
    );
    await page.getByLabel('Default private key file (optional)').fill(keyPath);
    await page.getByLabel('ProxyJump bastion (optional)').fill(`root@${jump.bastion.host}:22`);
    await expect(page.getByRole('checkbox', { name: 'Use my ~/.ssh/config' })).toBeChecked();
    await page.getByRole('button', { name: 'Check inventory' }).click();
    await expect(page.getByTestId('inventory-ok')).toContainText('2 hosts');
    // Key logins: no login password; one sudo password, for admin (root needs none).
    await expect(page.getByLabel(/^Password of /)).toHaveCount(0);
    const sudoFields = page.getByTestId('sudo-passwords').getByLabel(/^Sudo password of /);
    await expect(sudoFields).toHaveCount(1);
    await page.getByLabel('Sudo password of admin').fill(ADMIN_PW);
    await expectNoSeriousA11yViolations(page, 'fleet board with sudo and ProxyJump inputs');
    await page.getByRole('button', { name: 'Prepare and install all' }).click();

    // The bastion's unknown key in the bulk confirmation (nothing is sent to it before), at its own
    // address; once it is trusted, the key of the host behind it, met through it, in the next one.
    const dialog = page.getByRole('alertdialog');
    const keyRow = dialog.getByTestId('fleet-host-keys').locator('tr[data-host="inner1"]');
    await expect(dialog).toContainText('Trust 1 new host key?', { timeout: 120_000 });
    await expect(keyRow).toContainText(jump.bastion.hostKeyFingerprint);
    await expect(keyRow).toContainText(`${jump.bastion.host}:22 (ProxyJump bastion)`);
    await expectNoSeriousA11yViolations(page, 'fleet host keys dialog with a bastion key');
    await dialog.getByRole('button', { name: 'Trust this key and go on' }).click();
    await expect(keyRow).toContainText(target.hostKeyFingerprint, { timeout: 120_000 });
    await expect(keyRow).toContainText(target.host);
    await dialog.getByRole('button', { name: 'Trust this key and go on' }).click();
    await expect(dialog).toContainText('Apply this change to 1 host?', { timeout: 120_000 });
    await expect(dialog).toContainText('sudo1');
    await dialog.getByRole('button', { name: 'Apply these changes' }).click();
    await expect(page.getByTestId('fleet-result')).toBeVisible({ timeout: 300_000 });

    // sudo1 installed as admin through sudo, with the password given once.
    await expect(rowOf(page, 'sudo1')).toHaveAttribute('data-status', /^(ok|warn)$/);
    expect((await vms.sudo.exec(['test', '-e', '/usr/local/nutanix/ngt'])).code, 'NGT on sudo1').toBe(0);
    expect(await vms.sudo.sshdLog()).toContain('Accepted publickey for admin');
    // inner1 was reached through the bastion (its sshd saw the bastion's side of their link), its
    // key now known; it is no NGT VM (a plain sshd on this Debian), so it stops after connecting.
    await rowOf(page, 'inner1').click();
    const detail = page.getByTestId('fleet-host-detail');
    await expect(detail).toHaveAttribute('data-host', 'inner1');
    await expect(detail.locator('[data-step-id="connect"]')).toHaveAttribute('data-status', 'ok');
    expect(await target.sshdLog()).toContain(`Connection from ${target.bastionLinkAddress}`);
    const knownHosts = readFileSync(host.info.knownHostsPath, 'utf8');
    expect(knownHosts).toContain(target.hostKeyBase64);
    expect(knownHosts).toContain(jump.bastion.hostKeyBase64);
    await expectNoSeriousA11yViolations(page, 'fleet board after sudo and ProxyJump');
    await page.screenshot({ path: testInfo.outputPath('fleet-sudo-jump.png'), fullPage: true, animations: 'disabled' });
    const body = await page.textContent('body');
    expect(body).not.toContain(ADMIN_PW);
    const { byName } = await savedFleetReport(page, testInfo.outputPath('fleet-sudo-report.json'));
    expect(byName.sudo1!.result).toMatch(/^(ok|warn)$/);
    expect(JSON.stringify(byName)).not.toContain(ADMIN_PW);
  });
});
