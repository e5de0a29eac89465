/**
 * "Copy log" with debug lines takes the job's whole log from main over
 * 'job:log' (the screen never receives debug lines); the probe runs against
 * the loopback WS-Management listener test/fixtures/probe/loopbackServers.ts
 * stands up (as probe.spec.ts does), so it has log lines to copy.
 *
 * And what the job panel shows when main cannot answer: the real browser host
 * runs the doctor, then stops (the person closed the terminal that ran it).
 * Saving the report and copying the log with its debug lines (which only
 * main has, over 'job:log') then fail for real, and each failure is shown
 * with its code and a next step instead of being ignored.
 */
import { expect, test } from '@playwright/test';
import { startFakeWinRm } from '../fixtures/probe/loopbackServers';
import { makeSelfSigned } from '../fixtures/probe/makeCertificates';
import { openTarget, waitForResult } from './support/wizard';
import { launchWebHost } from './webHostFixture';

test('Copy log with debug lines copies the whole log main kept for the job', async ({ page, context }) => {
  const tls = makeSelfSigned({ cn: 'win-e2e.example.test', sans: ['127.0.0.1'], subject: { O: 'NGT Prep E2E' } });
  const server = await startFakeWinRm({
    tls,
    vendor: 'Microsoft Corporation',
    version: 'OS: 10.0.20348',
    accounts: [],
  });
  const host = await launchWebHost();
  try {
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: host.info.origin });
    await openTarget(page, host.info.url, 'probe');
    await page.getByLabel('Host name or IP address').fill('127.0.0.1');
    await page.getByLabel('WinRM HTTPS port').fill(String(server.port));
    await page.getByRole('button', { name: 'Run the probe' }).click();
    await waitForResult(page);
    const onScreen = await page.getByTestId('log-lines').locator('li').count();
    expect(onScreen).toBeGreaterThan(0);

    await page.getByRole('switch', { name: 'Include debug lines when copying' }).check();
    await page.getByRole('button', { name: 'Copy log' }).click();
    await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toContain('Connecting to 127.0.0.1');
    const copied = (await page.evaluate(() => navigator.clipboard.readText())).split('\n');
    expect(copied.length).toBeGreaterThanOrEqual(onScreen);
    expect(copied.every((line) => /^\d{4}-\d\d-\d\dT\S+ (debug|info|warn|error) /.test(line))).toBe(true);
    await expect(page.getByTestId('log-copy-error')).toHaveCount(0);
  } finally {
    await host.stop();
    await server.close();
  }
});

test('a report that cannot be saved, and debug lines that cannot be fetched, are explained', async ({ page }) => {
  const host = await launchWebHost();
  try {
    await page.goto(host.info.url);
    await page.getByRole('button', { name: 'Run the check' }).first().click();
    await page.getByRole('button', { name: 'Run the check' }).click();
    await expect(page.getByTestId('job-result')).toBeVisible();
  } finally {
    await host.stop();
  }

  await page.getByRole('button', { name: 'Save report (JSON)' }).click();
  const exportError = page.getByTestId('report-export-error');
  await expect(exportError).toBeVisible();
  await expect(exportError).toHaveAttribute('role', 'alert');
  await expect(exportError).toContainText('The report could not be saved');
  await expect(exportError).toContainText('IPC_DISCONNECTED');
  await expect(exportError).toContainText('Try again.');

  await page.getByRole('switch', { name: 'Include debug lines when copying' }).check();
  await page.getByRole('button', { name: 'Copy log' }).click();
  const copyError = page.getByTestId('log-copy-error');
  await expect(copyError).toContainText('The debug lines could not be read from NGT Prep');
  await expect(copyError).toContainText('IPC_DISCONNECTED');
  await expect(copyError).toContainText('ngt-prep.log');
});
