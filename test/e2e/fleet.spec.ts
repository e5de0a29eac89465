/**
 * The fleet board ("Many VMs") in Chromium against a fleet of SSH sandboxes
 * (real OpenSSH in their own namespaces, the NGT ISO fixture read-only), as
 * test/integration/fleet builds it: two hosts that install and share one
 * installer_factory.py (Rocky, Alma: one diff), one Debian (refused), one that
 * already has NGT, one whose host key changed, one unreachable. A bad
 * inventory is refused with its messages before anything runs; a good one is
 * imported from a file, checked, given its one password, prepared, its
 * unknown keys trusted in one dialog, its one diff approved, installed; each
 * host ends in its own state; a host is drilled into by keyboard; the fleet
 * report is saved; axe in both themes. Needs root (network namespaces):
 * skipped loudly otherwise, and a failure in CI.
 */
import { readFileSync } from 'node:fs';
import { CATALOGUE, createTranslator } from '../../main/i18n/catalogue';
import * as net from 'node:net';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { canRunSandbox, startSandbox, type Sandbox } from '../sandbox';
import { installNgtOn } from '../support/linuxSandboxJob';
import { reportSchemaErrors } from '../support/reportSchema';
import { expectNoSeriousA11yViolations } from './support/axe';
import {
  expect,
  foreignEd25519KeyBase64,
  launchHermeticWebHost,
  test,
  type HermeticWebHost,
} from './support/hermeticWebHost';
import { openTarget } from './support/wizard';

const SENTINEL = `S3ntinel-fleet-board-${process.pid}!`;
const CI = process.env.CI === 'true';
const can = canRunSandbox();
if (!can.ok) {
  console.warn(
    `\n*** fleet.spec.ts: SKIPPING the fleet board flow: ${can.reason}${CI ? ' (CI: failing instead)' : ''} ***\n`,
  );
}

test.describe('the fleet board against six sandbox hosts', () => {
  test.skip(!can.ok && !CI, `sandbox unavailable: ${can.reason}`);
  test.describe.configure({ mode: 'serial' });

  const vms = {} as Record<'rocky' | 'alma' | 'debian' | 'done' | 'changed', Sandbox>;
  let host: { info: HermeticWebHost; stop: () => Promise<void> };
  let inventory = '';

  test.beforeAll(async ({}, testInfo) => {
    testInfo.setTimeout(300_000);
    expect(can, 'the SSH sandbox must be able to run in CI').toEqual({ ok: true });
    const [rocky, alma, debian, done, changed] = await Promise.all([
      startSandbox({ distro: 'rocky', rootPassword: SENTINEL, withCluster: true }),
      startSandbox({ distro: 'alma', rootPassword: SENTINEL, withCluster: true }),
      startSandbox({ distro: 'debian', rootPassword: SENTINEL }),
      startSandbox({ distro: 'rocky', rootPassword: SENTINEL, withCluster: true }),
      startSandbox({ distro: 'rocky', rootPassword: SENTINEL }),
    ]);
    Object.assign(vms, { rocky, alma, debian, done, changed });
    // done1 already has NGT (installed with the single-VM job); its key is known.
    const doneKnownHosts = testInfo.outputPath('done_known_hosts');
    await installNgtOn(done!, { password: SENTINEL, knownHostsPath: doneKnownHosts });
    // The browser host's own known_hosts: done1's key, and another key for changed1's address (re-installed VM).
    host = await launchHermeticWebHost([
      readFileSync(doneKnownHosts, 'utf8').trim(),
      `${changed!.host} ssh-ed25519 ${foreignEd25519KeyBase64()}`,
    ]);
    // Nothing listens there: bind a port, note it, close it.
    const closedPort = await new Promise<number>((resolve) => {
      const s = net.createServer().listen(0, '127.0.0.1', () => {
        const { port } = s.address() as net.AddressInfo;
        s.close(() => resolve(port));
      });
    });
    inventory = [
      '[el]',
      `rocky1 ansible_host=${rocky!.host}`,
      `alma1 ansible_host=${alma!.host}`,
      `done1 ansible_host=${done!.host}`,
      `changed1 ansible_host=${changed!.host}`,
      '[other]',
      `debian1 ansible_host=${debian!.host}`,
      `down1 ansible_host=127.0.0.1 ansible_port=${closedPort}`,
      '[all:vars]',
      'ansible_user=root',
      '',
    ].join('\n');
  });

  test.afterAll(async () => {
    await host?.stop();
    await Promise.all(Object.values(vms).map((v) => v?.stop()));
  });

  async function importInventory(page: Page, name: string, text: string) {
    await page.getByRole('radio', { name: 'Import a file' }).check();
    await page.getByTestId('inventory-file').setInputFiles({ name, mimeType: 'text/plain', buffer: Buffer.from(text) });
    await expect(page.getByLabel(`Contents of ${name}`)).toHaveValue(text);
    await page.getByRole('button', { name: 'Check inventory' }).click();
  }

  test('a bad inventory is refused with every problem listed, and nothing can run', async ({ page }) => {
    await openTarget(page, host.info.url, 'fleet');
    await expect(page.getByRole('heading', { name: 'Many VMs' })).toBeVisible();

    // A pasted list: a line that is no host.
    await page.getByLabel('Hosts, one per line').fill(`root@${vms.rocky.host}\nthis is not a host\n`);
    await page.getByRole('button', { name: 'Check inventory' }).click();
    const problems = page.getByTestId('inventory-problem');
    await expect(problems).toHaveCount(1);
    await expect(problems.first()).toContainText('pasted:2');
    await expect(page.getByTestId('inventory-problems')).toContainText('The inventory has 1 problem');

    // A file with a clear password and a duplicate host: both at once, with file, line, host and what to do.
    await importInventory(
      page,
      'bad.ini',
      [`a1 ansible_host=${vms.rocky.host} ansible_password=hunter2`, `a2 ansible_host=${vms.rocky.host}`, ''].join(
        '\n',
      ),
    );
    await expect(problems).toHaveCount(2);
    await expect(problems.nth(0)).toContainText('bad.ini:1');
    await expect(problems.nth(0)).toContainText('a1');
    await expect(problems.nth(0)).toContainText('environment variable');
    await expect(problems.nth(1)).toContainText('bad.ini:2');
    await expect(problems.nth(1)).toContainText('a2');
    await expect(page.getByRole('button', { name: 'Prepare and install all' })).toBeDisabled();
    await expect(page.getByRole('button', { name: 'Check all (prepare only)' })).toBeDisabled();
    await expect(page.getByTestId('fleet-board')).toHaveCount(0);
    // The problem names the variable, never its value (the file itself is only on screen in its own field).
    expect(await page.getByTestId('inventory-problems').textContent()).not.toContain('hunter2');
    await expectNoSeriousA11yViolations(page, 'fleet board with inventory problems');
  });

  test('import, check, one password, trust the keys at once, approve the one diff, install, drill in, save the report', async ({
    page,
  }, testInfo) => {
    test.setTimeout(420_000);
    const isoBefore = await vms.rocky.isoChecksum();
    await openTarget(page, host.info.url, 'fleet');
    await importInventory(page, 'fleet.ini', inventory);
    await expect(page.getByTestId('inventory-ok')).toContainText('6 hosts (6 Linux, 0 Windows)');
    // One password for the one user, asked once.
    const password = page.getByLabel('Password of root');
    await expect(password).toHaveCount(1);
    await expect(page.getByRole('button', { name: 'Prepare and install all' })).toBeDisabled();
    await password.fill(SENTINEL);
    await page.getByRole('button', { name: 'Prepare and install all' }).click();

    // The unknown keys together, with their fingerprints; the known and the changed ones are not asked about.
    const dialog = page.getByRole('alertdialog');
    await expect(dialog).toContainText('Trust 3 new host keys?', { timeout: 120_000 });
    const keys = dialog.getByTestId('fleet-host-keys');
    for (const [name, vm] of [
      ['rocky1', vms.rocky],
      ['alma1', vms.alma],
      ['debian1', vms.debian],
    ] as const)
      await expect(keys.locator(`tr[data-host="${name}"]`)).toContainText(vm.hostKeyFingerprint);
    await expect(keys.locator('tbody tr')).toHaveCount(3);
    await expectNoSeriousA11yViolations(page, 'fleet host keys dialog');
    await page.screenshot({ path: testInfo.outputPath('fleet-host-keys.png'), animations: 'disabled' });
    await dialog.getByRole('button', { name: 'Trust these 3 keys and go on' }).click();

    // Rocky and Alma share one installer_factory.py: one diff, approved once, for both.
    await expect(dialog).toContainText('Apply this change to 2 hosts?', { timeout: 120_000 });
    await expect(dialog).toContainText('rocky1, alma1');
    await expect(dialog.getByRole('region', { name: 'Planned change as a unified diff' })).toContainText(
      'in distribution or',
    );
    await expect(page.getByTestId('fleet-readiness')).toBeVisible();
    await expectNoSeriousA11yViolations(page, 'fleet diff approval');

    // The fleet waits for that answer in main: the tab is reloaded (the board's view is gone),
    // the home screen lists the fleet as waiting, and Open rebuilds the board from main's
    // history with the question still open.
    const debianStatus = await page.locator('[role="row"][data-host="debian1"]').getAttribute('data-status');
    await page.reload();
    const item = page.getByTestId('running-jobs').getByRole('listitem');
    await expect(item).toHaveCount(1);
    await expect(item).toHaveAttribute('data-state', 'waiting');
    await expect(item).toContainText('Fleet (many VMs)');
    await expect(item).toContainText('fleet.ini');
    await item.getByRole('button', { name: 'Open Fleet (many VMs): fleet.ini' }).click();
    await expect(dialog).toContainText('Apply this change to 2 hosts?');
    await expect(page.getByTestId('fleet-readiness')).toBeVisible();
    await expect(page.locator('[role="row"][data-host]')).toHaveCount(6);
    await expect(page.locator('[role="row"][data-host="debian1"]')).toHaveAttribute('data-status', debianStatus!);
    await dialog.getByRole('button', { name: 'Apply these changes' }).click();

    const result = page.getByTestId('fleet-result');
    await expect(result).toBeVisible({ timeout: 300_000 });
    expect(await result.getAttribute('data-result')).toBe('failed');
    const statusOf = async (name: string) =>
      page.locator(`[role="row"][data-host="${name}"]`).getAttribute('data-status');
    expect(await statusOf('rocky1')).toMatch(/^(ok|warn)$/);
    expect(await statusOf('alma1')).toMatch(/^(ok|warn)$/);
    expect(await statusOf('done1')).toMatch(/^(ok|warn)$/);
    expect(await statusOf('debian1')).toBe('failed');
    expect(await statusOf('changed1')).toBe('failed');
    expect(await statusOf('down1')).toBe('failed');
    await expect(page.getByTestId('count-failed')).toHaveAttribute('data-count', '3');
    await expect(page.getByTestId('fleet-progress')).toHaveAttribute('data-done', '6');
    await expect(page.locator('[data-readiness="already-done"][data-host="done1"]')).toHaveCount(1);
    await expect(page.locator('[data-readiness="cannot"][data-host="debian1"]')).toHaveCount(1);
    const installed = await vms.rocky.exec(['test', '-e', '/usr/local/nutanix/ngt']);
    expect(installed.code, 'NGT is installed on rocky1').toBe(0);
    const notOnDebian = await vms.debian.exec(['test', '-e', '/usr/local/nutanix/ngt']);
    expect(notOnDebian.code, 'nothing installed on the refused host').not.toBe(0);
    expect(await vms.rocky.isoChecksum(), 'the ISO is untouched').toBe(isoBefore);
    await expect(page.getByTestId('live-region')).toContainText('Fleet finished');

    // Keyboard only: into the grid, to the last row by name (sorted by name: rocky1), open it.
    const rows = page.locator('[role="row"][data-host]');
    await rows.first().focus();
    await page.keyboard.press('End');
    await expect(page.locator('[role="row"][data-host="rocky1"]')).toBeFocused();
    await page.keyboard.press('Enter');
    const detail = page.getByTestId('fleet-host-detail');
    await expect(detail).toHaveAttribute('data-host', 'rocky1');
    await expect(detail.locator('section[aria-label="Verify"] [data-step-id]').first()).toBeVisible();
    await expect(detail.locator('[data-step-id][data-status="fail"]')).toHaveCount(0);
    await expect(detail.getByTestId('log-lines').locator('li').first()).toBeVisible();
    // Sort by status: the failures come first.
    await page.getByRole('button', { name: 'Status' }).click();
    await expect(rows.first()).toHaveAttribute('data-status', 'failed');
    // Filter: only the failed ones.
    await page.getByTestId('count-failed').click();
    await expect(rows).toHaveCount(3);
    await page.getByTestId('count-failed').click();
    await expect(rows).toHaveCount(6);

    await expectNoSeriousA11yViolations(page, 'fleet board after the run');
    await page.screenshot({ path: testInfo.outputPath('fleet-board.png'), fullPage: true, animations: 'disabled' });

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Save fleet report (JSON)' }).click(),
    ]);
    const file = testInfo.outputPath('fleet-report.json');
    await download.saveAs(file);
    const text = readFileSync(file, 'utf8');
    expect(text).not.toContain(SENTINEL);
    const report = JSON.parse(text);
    expect(report.schema).toBe('ngt-prep/fleet-report@1');
    expect(report.counts).toMatchObject({ total: 6, failed: 3 });
    const byName = Object.fromEntries(
      (report.hosts as { name: string; result: string; code?: string; report: unknown }[]).map((h) => [h.name, h]),
    );
    expect(byName.changed1.code).toBe('SSH_HOST_KEY_CHANGED');
    expect(byName.down1.code).toMatch(/^SSH_CONNECT/);
    expect(reportSchemaErrors(byName.rocky1.report)).toEqual([]);
    expect(report.findings.diffGroups).toHaveLength(1);
    expect(report.findings.diffGroups[0].hosts).toEqual(['rocky1', 'alma1']);
    expect(await page.textContent('body')).not.toContain(SENTINEL);
    expect(readFileSync(join(host.info.home, '.ssh', 'known_hosts'), 'utf8')).toContain(vms.rocky.hostKeyBase64);
  });
});

test('500 hosts: the table renders only the rows in view and stays usable by keyboard', async ({ page, hermetic }) => {
  test.setTimeout(240_000);
  // Loopback addresses on a port nothing listens on: each host fails at once, with no traffic leaving the machine.
  const closedPort = await new Promise<number>((resolve) => {
    const s = net.createServer().listen(0, '0.0.0.0', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
  const list = Array.from(
    { length: 500 },
    (_, i) => `root@127.0.${1 + Math.floor(i / 250)}.${1 + (i % 250)}:${closedPort}`,
  );
  await openTarget(page, hermetic.url, 'fleet');
  await page.getByLabel('Hosts, one per line').fill(list.join('\n'));
  await page.getByLabel('Hosts at once').fill('50');
  await page.getByRole('button', { name: 'Check inventory' }).click();
  await expect(page.getByTestId('inventory-ok')).toContainText('500 hosts');
  await page.getByLabel('Password of root').fill('not-used-here');
  await page.getByRole('button', { name: 'Check all (prepare only)' }).click();
  await expect(page.getByTestId('fleet-result')).toBeVisible({ timeout: 180_000 });
  await expect(page.getByTestId('count-failed')).toHaveAttribute('data-count', '500');
  await expect(page.getByTestId('fleet-progress')).toHaveAttribute('data-done', '500');
  const rows = page.locator('[role="row"][data-host]');
  expect(await rows.count(), 'only the visible rows are in the page').toBeLessThan(60);
  await expect(page.getByRole('grid', { name: 'Hosts of the fleet' })).toHaveAttribute('aria-rowcount', '501');
  // Keyboard: into the table, to the last host (natural order by name), open it.
  await rows.first().focus();
  await page.keyboard.press('End');
  const last = `127.0.2.250:${closedPort}`;
  await expect(page.locator(`[role="row"][data-host="${last}"]`)).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('fleet-host-detail')).toHaveAttribute('data-host', last);
  await expect(page.getByTestId('fleet-host-detail').locator('[data-step-id="connect"]')).toHaveAttribute(
    'data-status',
    'fail',
  );
  await page.keyboard.press('Home');
  await expect(page.locator(`[role="row"][data-host="127.0.1.1:${closedPort}"]`)).toBeFocused();
  await expectNoSeriousA11yViolations(page, 'fleet board with 500 hosts');
});

for (const lang of ['fr', 'ja'] as const) {
  test(`${lang}: the board and its inventory problems in ${lang}, no English left on screen`, async ({
    page,
    hermetic,
  }) => {
    const tr = createTranslator(lang);
    await page.goto(hermetic.url);
    await page.locator('#language-picker').selectOption(lang);
    await page.getByTestId('target-fleet').getByRole('button').click();
    await expect(page.getByRole('heading', { name: tr('fleetBoard.page.title') })).toBeVisible();
    await page.getByLabel(tr('fleetBoard.inventory.pasteLabel')).fill('root@127.0.0.1\nthis is not a host\n');
    await page.getByRole('button', { name: tr('fleetBoard.inventory.check') }).click();
    await expect(page.getByTestId('inventory-problems')).toContainText(
      tr('fleet.inventory.invalid.message', { count: 1 }),
    );
    const texts = (tree: unknown): string[] =>
      typeof tree === 'string' ? [tree] : tree && typeof tree === 'object' ? Object.values(tree).flatMap(texts) : [];
    const english = new Set(texts(CATALOGUE.en.fleetBoard).filter((v) => !v.includes('{{')));
    const translated = new Set(texts(CATALOGUE[lang].fleetBoard));
    const leaks = (await page.locator('main').innerText())
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l.length > 3 && english.has(l) && !translated.has(l));
    expect(leaks).toEqual([]);
    await expectNoSeriousA11yViolations(page, `fleet board in ${lang}`);
  });
}
