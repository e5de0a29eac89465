/**
 * The whole Linux flow in the wizard against the SSH sandbox (a Rocky Linux
 * 8.4 look-alike with the NGT ISO and a cluster listener): trust the host key,
 * review the installer patch, install, verify, save the report. Needs root
 * (network namespaces): skipped loudly otherwise, and a failure in CI.
 *
 * Step ids belong to the Linux job; this test relies only on the contract:
 * phases (StepList sections), data-status, the two prompts and the result.
 */
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { canRunSandbox, startSandbox, type Sandbox } from '../sandbox';
import { reportSchemaErrors } from '../support/reportSchema';
import { foreignEd25519KeyBase64, launchHermeticWebHost, test, expect } from './support/hermeticWebHost';
import { expectNoSeriousA11yViolations } from './support/axe';
import { fillLinuxLogin, openTarget, waitForResult } from './support/wizard';

const SENTINEL = 'S3ntinel-Rocky-pw!';
const CI = process.env.CI === 'true';
const can = canRunSandbox();
if (!can.ok) {
  console.warn(
    `\n*** linux.spec.ts: SKIPPING the Linux wizard flow: ${can.reason}${CI ? ' (CI: failing instead)' : ''} ***\n`,
  );
}

let sandbox: Sandbox;

test.describe('Linux VM over SSH against the Rocky sandbox', () => {
  test.skip(!can.ok && !CI, `sandbox unavailable: ${can.reason}`);

  test.beforeAll(async () => {
    expect(can, 'the SSH sandbox must be able to run in CI').toEqual({ ok: true });
    sandbox = await startSandbox({ distro: 'rocky', withCluster: true, rootPassword: SENTINEL });
  });

  test.afterAll(async () => {
    await sandbox?.stop();
  });

  const fillConnection = (page: Page) =>
    fillLinuxLogin(page, { host: sandbox.host, port: sandbox.port, user: 'root', password: SENTINEL });

  async function trustHostKey(page: Page, testInfo: { outputPath: (name: string) => string }) {
    const dialog = page.getByRole('alertdialog');
    await expect(dialog).toContainText('Trust this host key?', { timeout: 30_000 });
    await expect(dialog.getByTestId('host-key-fingerprint')).toHaveText(sandbox.hostKeyFingerprint);
    await expect(dialog).toContainText(sandbox.hostKeyType);
    await expectNoSeriousA11yViolations(page, 'host-key dialog');
    await page.screenshot({ path: testInfo.outputPath('linux-host-key.png'), animations: 'disabled' });
    await dialog.getByRole('button', { name: 'Trust and connect' }).click();
    await expect(dialog).toHaveCount(0);
  }

  test('form validation, then Check (Prepare only) changes nothing and shows the planned diff', async ({
    page,
    hermetic,
  }, testInfo) => {
    await openTarget(page, hermetic.url, 'linux');
    await expect(page.getByRole('heading', { name: 'Linux VM over SSH' })).toBeVisible();
    await expect(page.getByText('The NGT ISO is never modified: NGT Prep works on a copy').first()).toBeVisible();

    // Inline errors, focus on the first one, nothing started.
    await expect(page.getByLabel('SSH port')).toHaveValue('22');
    await page.getByLabel('SSH port').fill('0');
    await page.getByRole('button', { name: 'Check (Prepare only)' }).click();
    await expect(page.getByText("Enter the VM's host name or IP address.")).toBeVisible();
    await expect(page.getByText('The port is a whole number from 1 to 65535.')).toBeVisible();
    await expect(page.getByText('Enter the login password, or choose another authentication.')).toBeVisible();
    await expect(page.getByLabel('Host name or IP address')).toBeFocused();
    await expectNoSeriousA11yViolations(page, 'linux form with errors');
    await expect(page.locator('[data-step-id]')).toHaveCount(0);

    const isoBefore = await sandbox.isoChecksum();
    await fillConnection(page);
    await page.getByRole('button', { name: 'Check (Prepare only)' }).click();
    await trustHostKey(page, testInfo);
    // A dry run asks nothing more.
    expect(await waitForResult(page, 90_000)).toMatch(/^(ok|warn)$/);
    await expect(page.getByRole('alertdialog')).toHaveCount(0);
    const phases = await page
      .locator('section[aria-label]')
      .evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')));
    expect(phases).toContain('Prepare');
    expect(phases).not.toContain('Install');
    await expect(page.locator('section[aria-label="Prepare"] [data-step-id][data-status="fail"]')).toHaveCount(0);
    const diff = page.getByRole('region', { name: 'Planned change as a unified diff' });
    await expect(diff).toContainText('"rocky linux" in distribution or');
    await expect(page.getByTestId('iso-note')).toContainText('The NGT ISO is never modified');
    expect(await sandbox.isoChecksum()).toBe(isoBefore);
    const installed = await sandbox.exec(['test', '-e', '/usr/local/nutanix/ngt']);
    expect(installed.code, 'a dry run installs nothing').not.toBe(0);
    // The key was recorded in this host's own known_hosts, and no secret went to the settings.
    expect(readFileSync(hermetic.knownHostsPath, 'utf8')).toContain(sandbox.hostKeyBase64);
    await expect(page.getByTestId('recent-hosts')).toContainText(`root@${sandbox.host}:${sandbox.port}`);
    expect(await page.textContent('body')).not.toContain(SENTINEL);
    await page.screenshot({ path: testInfo.outputPath('linux-check.png'), fullPage: true, animations: 'disabled' });
  });

  test('Prepare and install: trust the key, review the diff, install, all verify steps ok, report without secrets', async ({
    page,
    hermetic,
  }, testInfo) => {
    test.setTimeout(240_000);
    const isoBefore = await sandbox.isoChecksum();
    await openTarget(page, hermetic.url, 'linux');
    await fillConnection(page);
    await page.getByLabel('Distribution name override (optional)').focus(); // reachable by keyboard, left empty
    await page.getByRole('button', { name: 'Prepare and install' }).click();
    await trustHostKey(page, testInfo);

    // The plan: the diff of installer_factory.py and the note that the ISO is not modified.
    const plan = page.getByRole('alertdialog');
    await expect(plan.getByRole('button', { name: 'Apply these changes' })).toBeVisible({ timeout: 60_000 });
    const diff = plan.getByRole('region', { name: 'Planned change as a unified diff' });
    await expect(diff).toContainText('"rocky linux" in distribution or');
    const addedLines = (await diff.locator('pre').allTextContents()).filter(
      (l) => l.startsWith('+') && !l.startsWith('+++'),
    );
    expect(addedLines.some((l) => l.includes('"rocky linux" in distribution or'))).toBe(true);
    await expect(plan).toContainText('the file on the NGT ISO stays as it is');
    await expectNoSeriousA11yViolations(page, 'confirm-plan dialog');
    await page.screenshot({ path: testInfo.outputPath('linux-prepare-with-diff.png'), animations: 'disabled' });
    await plan.getByRole('button', { name: 'Apply these changes' }).click();

    const result = await waitForResult(page, 200_000);
    expect(result).toMatch(/^(ok|warn)$/);
    for (const phase of ['Prepare', 'Install', 'Verify']) {
      await expect(page.locator(`section[aria-label="${phase}"] [data-step-id][data-status="fail"]`)).toHaveCount(0);
    }
    const verify = page.locator('section[aria-label="Verify"] [data-step-id]');
    expect(await verify.count()).toBeGreaterThanOrEqual(3);
    const verifyStatuses = await verify.evaluateAll((els) =>
      els.map((e) => `${e.getAttribute('data-step-id')}=${e.getAttribute('data-status')}`),
    );
    expect(
      verifyStatuses.filter((s) => !s.endsWith('=ok')),
      'every verify step is ok',
    ).toEqual([]);
    await expect(page.getByTestId('live-region')).toContainText('Job finished');
    expect(await sandbox.isoChecksum(), 'the ISO is untouched').toBe(isoBefore);
    await expectNoSeriousA11yViolations(page, 'linux result');
    await page.screenshot({ path: testInfo.outputPath('linux-verify.png'), fullPage: true, animations: 'disabled' });

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Save report (JSON)' }).click(),
    ]);
    const file = testInfo.outputPath('linux-report.json');
    await download.saveAs(file);
    const text = readFileSync(file, 'utf8');
    expect(text).not.toContain(SENTINEL);
    const report = JSON.parse(text);
    expect(reportSchemaErrors(report)).toEqual([]);
    expect(report.job.kind).toBe('linux-install');
    // The report carries the exact change made (the patch diff).
    const diffs = (report.steps as { data?: { diff?: unknown } }[])
      .map((s) => s.data?.diff)
      .filter((d): d is string => typeof d === 'string');
    expect(diffs.some((d) => d.includes('+') && d.includes('"rocky linux" in distribution or'))).toBe(true);
    expect(await page.textContent('body')).not.toContain(SENTINEL);
    expect(readFileSync(`${hermetic.dataDir}/settings.json`, 'utf8').includes(SENTINEL)).toBe(false);
  });

  test('a changed host key is refused before authentication and explained in red', async ({ page }, testInfo) => {
    const line = `${sandbox.host} ssh-ed25519 ${foreignEd25519KeyBase64()}`;
    const host = await launchHermeticWebHost([
      sandbox.port === 22 ? line : line.replace(sandbox.host, `[${sandbox.host}]:${sandbox.port}`),
    ]);
    try {
      const logBefore = (await sandbox.sshdLog()).length;
      await openTarget(page, host.info.url, 'linux');
      await fillConnection(page);
      await page.getByRole('button', { name: 'Check (Prepare only)' }).click();
      expect(await waitForResult(page, 60_000)).toBe('failed');
      const alert = page.getByTestId('host-key-changed');
      await expect(alert).toBeVisible();
      await expect(alert).toHaveAttribute('role', 'alert');
      await expect(alert).toContainText("Connection refused: the VM's host key has changed");
      await expect(page.getByRole('alertdialog')).toHaveCount(0);
      // The red explanation comes before the steps.
      const order = await page.evaluate(() => {
        const a = document.querySelector('[data-testid="host-key-changed"]');
        const s = document.querySelector('[data-step-id]');
        return a && s ? a.compareDocumentPosition(s) & Node.DOCUMENT_POSITION_FOLLOWING : 0;
      });
      expect(order).toBeTruthy();
      // No authentication was attempted.
      const log = (await sandbox.sshdLog()).slice(logBefore);
      expect(log).not.toMatch(/Accepted (password|publickey)|Failed password/);
      expect(await page.textContent('body')).not.toContain(SENTINEL);
      await expectNoSeriousA11yViolations(page, 'host key changed');
      await page.screenshot({
        path: testInfo.outputPath('linux-host-key-changed.png'),
        fullPage: true,
        animations: 'disabled',
      });
    } finally {
      await host.stop();
    }
  });
});
