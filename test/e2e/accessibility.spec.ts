/**
 * axe-core on the screens of the flows, in light and dark: zero serious or
 * critical violations. Keyboard: the wizard works without a mouse.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, test } from './webHostFixture';

async function seriousViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    // Fluent UI's focus manager (Tabster) inserts aria-hidden focus sentinels that hand focus on at once;
    // they are not content a person reaches.
    .exclude('[data-tabster-dummy]')
    .analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.nodes
          .map((n) => n.target.join(' '))
          .slice(0, 3)
          .join(' | ')}`,
    );
}

for (const colorScheme of ['light', 'dark'] as const) {
  test.describe(`${colorScheme} theme`, () => {
    test.use({ colorScheme });

    test('home and the doctor flow have no serious or critical axe violations', async ({ page, webHost }) => {
      await page.goto(webHost.url);
      await expect(page.getByRole('heading', { name: 'What do you want to prepare?' })).toBeVisible();
      expect(await seriousViolations(page)).toEqual([]);
      await page.getByTestId('target-doctor').getByRole('button').click();
      await page.getByRole('button', { name: 'Run the check' }).click();
      await expect(page.getByTestId('job-result')).toBeVisible();
      expect(await seriousViolations(page)).toEqual([]);
    });
  });
}

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
