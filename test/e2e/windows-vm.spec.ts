/** The Windows flow as a Windows admin sees it on the VM (PowerShell stand-in, real everything else). */
import { expect, test } from '@playwright/test';
import { expectNoSeriousA11yViolations } from './support/axe';
import { launchWindowsVmHost, PRISM_CENTRAL_ACCOUNT } from './support/windowsVmHost';

test('check shows grouped findings; apply asks with the plan, changes, and proves the listener from outside', async ({
  page,
}, testInfo) => {
  const vm = await launchWindowsVmHost();
  try {
    await page.goto(vm.url);
    await page.getByTestId('target-windows').getByRole('button').click();
    await expect(page.getByRole('button', { name: 'Apply' })).toBeVisible();

    await page.getByRole('button', { name: 'Check', exact: true }).click();
    await expect(page.getByTestId('job-result')).toHaveAttribute('data-result', 'failed');
    for (const group of ['service', 'listener', 'certificate', 'authentication', 'firewall', 'networkProfile', 'ngt']) {
      await expect(page.locator(`[data-step-id="windows.check.${group}"]`)).toBeVisible();
    }
    await expect(page.locator('[data-step-id="windows.check.listener"]')).toHaveAttribute('data-status', 'fail');
    await expect(page.locator('[data-step-id="windows.check.listener"]')).toContainText('What to do:');
    await page.screenshot({ path: testInfo.outputPath('windows-check.png'), fullPage: true, animations: 'disabled' });
    await expectNoSeriousA11yViolations(page, 'windows check result');

    await page.getByRole('button', { name: 'Apply' }).click();
    const plan = page.getByRole('alertdialog');
    await expect(plan).toBeVisible();
    await expect(plan).toContainText('Apply these WinRM HTTPS changes?');
    await expect(plan).toContainText('The HTTP listener on 5985 is not changed.');
    await expectNoSeriousA11yViolations(page, 'windows apply plan dialog');
    await plan.getByRole('button', { name: 'Apply these changes' }).click();
    await expect(page.getByTestId('job-result')).toHaveAttribute('data-result', /ok|warn/);
    for (const id of ['windows.apply', 'windows.verify.local', 'windows.proof.tcp', 'windows.proof.identify']) {
      await expect(page.locator(`[data-step-id="${id}"]`)).toHaveAttribute('data-status', 'ok');
    }
    await expect(page.locator('[data-step-id="windows.proof.identify"]')).toContainText('Microsoft Corporation');
    await page.screenshot({ path: testInfo.outputPath('windows-apply.png'), fullPage: true, animations: 'disabled' });
    expect(vm.calls.map((c) => c.script)).toEqual([
      'Get-NgtPrepState',
      'Get-NgtPrepState',
      'Set-NgtPrepWinRm',
      'Test-NgtPrepWinRm',
    ]);
  } finally {
    await vm.stop();
  }
});

test('dialogs: Escape closes them and gives focus back, and never cancels a running job; Cancel asks first', async ({
  page,
}) => {
  const vm = await launchWindowsVmHost('fresh-2019', true);
  try {
    await page.goto(vm.url);
    await page.getByTestId('target-windows').getByRole('button').click();

    // Roll back asks first; Escape closes the question, focus returns to the button, nothing starts.
    const rollback = page.getByRole('button', { name: 'Roll back' });
    await rollback.click();
    const question = page.getByRole('alertdialog');
    await expect(question).toContainText('Roll back the WinRM HTTPS changes?');
    await expectNoSeriousA11yViolations(page, 'roll back confirmation');
    await page.keyboard.press('Escape');
    await expect(question).toHaveCount(0);
    await expect(rollback).toBeFocused();
    expect(vm.calls).toEqual([]);

    // Apply with a slow apply script: while it runs, Cancel asks for confirmation.
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Apply these changes' }).click();
    await expect(page.locator('[data-step-id="windows.apply"]')).toHaveAttribute('data-status', 'running');
    const cancel = page.getByRole('button', { name: 'Cancel', exact: true });
    await cancel.click();
    const confirm = page.getByRole('alertdialog');
    await expect(confirm).toContainText('Cancel this job?');
    await expectNoSeriousA11yViolations(page, 'cancel confirmation');
    await page.keyboard.press('Escape');
    await expect(confirm).toHaveCount(0);
    await expect(cancel).toBeFocused();
    // Escape did not cancel: the job goes on to its end once the script finishes.
    await expect(page.locator('[data-step-id="windows.apply"]')).toHaveAttribute('data-status', 'running');
    vm.releaseApply();
    await expect(page.getByTestId('job-result')).toHaveAttribute('data-result', /ok|warn/, { timeout: 30_000 });
    await expect(page.locator('[data-step-id="windows.apply"]')).toHaveAttribute('data-status', 'ok');
  } finally {
    await vm.stop();
  }
});

test('verify with the account Prism Central will use: both fields or neither, then the proof signs in with Basic', async ({
  page,
}) => {
  const vm = await launchWindowsVmHost();
  try {
    await page.goto(vm.url);
    await page.getByTestId('target-windows').getByRole('button').click();
    const account = page.getByTestId('verify-account');
    const user = account.getByLabel('User name');
    const password = account.getByLabel('Password');
    await expect(password).toHaveAttribute('type', 'password');

    // A user name alone is refused on the password field, before anything runs.
    await user.fill(PRISM_CENTRAL_ACCOUNT.user);
    await page.getByRole('button', { name: 'Verify', exact: true }).click();
    await expect(account).toContainText('Give the user name and the password together, or neither.');
    await expect(password).toBeFocused();
    expect(vm.calls).toEqual([]);

    await password.fill(PRISM_CENTRAL_ACCOUNT.password);
    await page.getByRole('button', { name: 'Verify', exact: true }).click();
    await expect(page.getByTestId('job-result')).toHaveAttribute('data-result', /ok|warn/);
    await expect(page.locator('[data-step-id="windows.proof.basic-auth"]')).toHaveAttribute('data-status', 'ok');
    await expectNoSeriousA11yViolations(page, 'windows verify with the Basic account');
    // The password is never shown: not in the steps, the log or anywhere else on the page.
    expect(await page.locator('body').innerText()).not.toContain(PRISM_CENTRAL_ACCOUNT.password);
  } finally {
    await vm.stop();
  }
});
