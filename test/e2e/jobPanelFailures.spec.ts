/**
 * What the job panel shows when main cannot answer: the real browser host
 * runs the doctor, then stops (the person closed the terminal that ran it).
 * Saving the report and copying the log with its debug lines (which only
 * main has, over 'job:log') then fail for real, and each failure is shown
 * with its code and a next step instead of being ignored.
 */
import { expect, test } from '@playwright/test';
import { launchWebHost } from './webHostFixture';

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
