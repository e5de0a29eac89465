/**
 * axe-core on the screens of the flows, in light and dark: zero serious or
 * critical violations. Keyboard: the wizard works without a mouse.
 */
import { expectNoSeriousA11yViolations } from './support/axe';
import { expect, test } from './webHostFixture';

test('home and the doctor flow have no serious or critical axe violations, dark and light', async ({
  page,
  webHost,
}) => {
  await page.goto(webHost.url);
  await expect(page.getByRole('heading', { name: 'What do you want to prepare?' })).toBeVisible();
  await expectNoSeriousA11yViolations(page, 'home');
  await page.getByTestId('target-doctor').getByRole('button').click();
  await page.getByRole('button', { name: 'Run the check' }).click();
  await expect(page.getByTestId('job-result')).toBeVisible();
  await expectNoSeriousA11yViolations(page, 'doctor result');
});

test('asking the system for reduced motion turns transitions off', async ({ page, webHost }) => {
  const button = page.getByTestId('target-doctor').getByRole('button');
  const transition = () => button.evaluate((el) => getComputedStyle(el).transitionDuration);
  await page.goto(webHost.url);
  await expect(button).toBeVisible();
  // Fluent's buttons animate their colours by default: the check below would prove nothing otherwise.
  expect(await transition()).not.toMatch(/^(0s,? ?)+$/);
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await expect.poll(transition).toMatch(/^(0s,? ?)+$/);
});

test('the doctor flow works from the keyboard alone, and the result is announced', async ({ page, webHost }) => {
  await page.goto(webHost.url);
  await expect(page.getByRole('heading', { name: 'What do you want to prepare?' })).toBeVisible();
  // Tab to the doctor card's button and press Enter.
  const target = page.getByTestId('target-doctor').getByRole('button');
  for (let i = 0; i < 20 && !(await target.evaluate((el) => el === document.activeElement)); i++)
    await page.keyboard.press('Tab');
  await expect(target).toBeFocused();
  await page.keyboard.press('Enter');
  const run = page.getByRole('button', { name: 'Run the check' });
  for (let i = 0; i < 20 && !(await run.evaluate((el) => el === document.activeElement)); i++)
    await page.keyboard.press('Tab');
  await expect(run).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('live-region')).toContainText('Job finished');
  // The log panel is reachable and readable as text.
  await expect(page.getByRole('list', { name: 'Log lines' })).toBeVisible();
});
