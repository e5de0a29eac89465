/**
 * Jobs survive navigation: a Windows apply job started on its page goes on in
 * main while the person is on the home screen; the home screen lists it and
 * says when it waits for an answer; "Open" takes it up again with its history
 * (steps, log, the question asked while the page was away) and the live
 * events that follow.
 *
 * The job is the real one (engine, AppService, IPC, browser host, renderer)
 * on a host that believes it is a Windows VM (./support/windowsVmHost.ts:
 * PowerShell is the recorded-output stand-in, the outside-in proof hits a
 * real loopback TLS WS-Man listener). Its check and apply scripts are held by
 * gates the test opens, so every "meanwhile" is a condition, never a clock.
 */
import { expect, test, type Page } from '@playwright/test';
import { expectNoSeriousA11yViolations } from './support/axe';
import { launchWindowsVmHost } from './support/windowsVmHost';

const step = (page: Page, id: string) => page.locator(`[data-step-id="${id}"]`);
const logLines = (page: Page) => page.getByTestId('log-lines').locator('li').allTextContents();

/** Starts Check (its script held), goes home, lets the script end there: the list item of the job, finished. */
async function checkEndingWhileAway(page: Page, vm: Awaited<ReturnType<typeof launchWindowsVmHost>>) {
  await page.goto(vm.url);
  await page.getByTestId('target-windows').getByRole('button').click();
  await page.getByRole('button', { name: 'Check', exact: true }).click();
  await expect(step(page, 'windows.collect')).toHaveAttribute('data-status', 'running');
  await page.getByRole('button', { name: 'Home' }).click();
  const item = page.getByTestId('running-jobs').getByRole('listitem');
  await expect(item).toHaveAttribute('data-state', 'running');
  vm.releaseCheck();
  await expect(item).toHaveAttribute('data-state', 'finished');
  return item;
}

test('leave a running job, see it on the home screen, answer the question it asked meanwhile, follow it to the end', async ({
  page,
}, testInfo) => {
  const vm = await launchWindowsVmHost('fresh-2019', true, true);
  try {
    await page.goto(vm.url);
    await page.getByTestId('target-windows').getByRole('button').click();
    await page.getByRole('button', { name: 'Apply' }).click();
    // The check script is held: the job waits in its collect step.
    await expect(step(page, 'windows.collect')).toHaveAttribute('data-status', 'running');
    await expect(step(page, 'windows.elevation')).toHaveAttribute('data-status', 'ok');
    const linesBefore = await logLines(page);

    // Leave the page: the job goes on in main, and the home screen says so.
    await page.getByRole('button', { name: 'Home' }).click();
    const jobs = page.getByTestId('running-jobs');
    await expect(jobs.getByRole('heading', { name: 'Jobs in progress' })).toBeVisible();
    const item = jobs.getByRole('listitem');
    await expect(item).toHaveCount(1);
    await expect(item).toHaveAttribute('data-state', 'running');
    await expect(item).toContainText('WinRM HTTPS apply');
    await expect(item).toContainText('WIN-SRV19');
    await expect(item.getByTestId('job-state')).toHaveText('Running');
    await expectNoSeriousA11yViolations(page, 'home with a running job');

    // The check ends while the page is away; the job asks its plan question, and the list shows it waits.
    vm.releaseCheck();
    await expect(item).toHaveAttribute('data-state', 'waiting');
    await expect(item.getByTestId('job-state')).toHaveText('Waiting for your answer');
    await expectNoSeriousA11yViolations(page, 'home with a job waiting for an answer');
    await page.screenshot({
      path: testInfo.outputPath('home-running-jobs.png'),
      fullPage: true,
      animations: 'disabled',
    });

    // Open: the page shows the job's history and the question still waiting.
    await item.getByRole('button', { name: 'Open WinRM HTTPS apply: WIN-SRV19' }).click();
    const plan = page.getByRole('alertdialog');
    await expect(plan).toContainText('Apply these WinRM HTTPS changes?');
    for (const id of ['windows.platform', 'windows.elevation', 'windows.collect', 'windows.blockers']) {
      await expect(step(page, id)).toHaveAttribute('data-status', 'ok');
    }
    await expect(step(page, 'windows.plan')).toHaveAttribute('data-status', 'running');
    // The log from before leaving is there, once and in order.
    expect((await logLines(page)).slice(0, linesBefore.length)).toEqual(linesBefore);
    await expectNoSeriousA11yViolations(page, 'plan question asked while the page was away');

    // Answer it: the job goes on, live, in the page: the apply step starts (its script is held).
    await plan.getByRole('button', { name: 'Apply these changes' }).click();
    await expect(plan).toHaveCount(0);
    await expect(step(page, 'windows.apply')).toHaveAttribute('data-status', 'running');
    const linesAtApply = await logLines(page);

    // Leave again; apply ends and the outside-in proof runs (and logs) while the page is away.
    await page.getByRole('button', { name: 'Home' }).click();
    await expect(item).toHaveAttribute('data-state', 'running');
    vm.releaseApply();
    await expect(item).toHaveAttribute('data-state', 'finished');
    await expect(item.getByTestId('job-state')).toHaveText(/^Finished: Succeeded/);
    await item.getByRole('button', { name: 'Open WinRM HTTPS apply: WIN-SRV19' }).click();
    await expect(page.getByTestId('job-result')).toHaveAttribute('data-result', /ok|warn/);
    for (const id of ['windows.apply', 'windows.verify.local', 'windows.proof.tcp', 'windows.proof.identify']) {
      await expect(step(page, id)).toHaveAttribute('data-status', 'ok');
    }
    // The lines written while away are there after the earlier ones, each once.
    const linesEnd = await logLines(page);
    expect(linesEnd.slice(0, linesAtApply.length)).toEqual(linesAtApply);
    const away = linesEnd.slice(linesAtApply.length);
    expect(away.some((l) => l.includes('Connecting to 127.0.0.1 port'))).toBe(true);
    expect(away.some((l) => l.includes('WS-Management Identify, unauthenticated'))).toBe(true);
    // (This job's lines all differ in text, so a line shown twice would be a duplicated event.)
    expect(new Set(linesEnd).size).toBe(linesEnd.length);
    // One job, each script once: coming back started nothing again.
    expect(vm.calls.map((c) => c.script)).toEqual(['Get-NgtPrepState', 'Set-NgtPrepWinRm', 'Test-NgtPrepWinRm']);

    // The end was seen on its page: the home screen no longer lists the job.
    await page.getByRole('button', { name: 'Home' }).click();
    await expect(page.getByRole('heading', { name: 'What do you want to prepare?' })).toBeVisible();
    await expect(page.getByTestId('running-jobs')).toHaveCount(0);
  } finally {
    await vm.stop();
  }
});

test('a job that ends while its page is away shows its result when its page opens again', async ({ page }) => {
  const vm = await launchWindowsVmHost('fresh-2019', false, true);
  try {
    const item = await checkEndingWhileAway(page, vm);
    await expect(item.getByTestId('job-state')).toHaveText('Finished: Failed');
    await expectNoSeriousA11yViolations(page, 'home with a job that ended while away');

    // The page's own card (not "Open") takes the finished job up too: its result is there.
    await page.getByTestId('target-windows').getByRole('button').click();
    await expect(page.getByTestId('job-result')).toHaveAttribute('data-result', 'failed');
    await expect(step(page, 'windows.check.listener')).toHaveAttribute('data-status', 'fail');

    // Seen there, it leaves the list.
    await page.getByRole('button', { name: 'Home' }).click();
    await expect(page.getByRole('heading', { name: 'What do you want to prepare?' })).toBeVisible();
    await expect(page.getByTestId('running-jobs')).toHaveCount(0);
  } finally {
    await vm.stop();
  }
});

test('Dismiss on the home screen: the ended job leaves the list and its page opens empty', async ({ page }) => {
  const vm = await launchWindowsVmHost('fresh-2019', false, true);
  try {
    const item = await checkEndingWhileAway(page, vm);

    await item.getByRole('button', { name: 'Dismiss WinRM HTTPS check: WIN-SRV19' }).click();
    await expect(page.getByTestId('running-jobs')).toHaveCount(0);
    // The keyboard focus does not fall off the page with the button: it goes to the screen's title.
    await expect(page.locator(':focus')).toContainText('What do you want to prepare?');
    await page.getByTestId('target-windows').getByRole('button').click();
    await expect(page.getByRole('button', { name: 'Check', exact: true })).toBeEnabled();
    await expect(page.locator('[data-step-id]')).toHaveCount(0);
  } finally {
    await vm.stop();
  }
});
