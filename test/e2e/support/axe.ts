/**
 * Accessibility check of the current screen with axe-core, in the light and
 * the dark theme: no serious or critical WCAG 2.1 A/AA violations.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';

async function serious(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    // Fluent UI's focus manager (Tabster) inserts aria-hidden focus sentinels that pass focus on at once.
    .exclude('[data-tabster-dummy]')
    .analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help} — ${v.nodes
          .map((n) => n.target.join(' '))
          .slice(0, 5)
          .join(' | ')}`,
    );
}

/**
 * The page at rest in the given scheme: the app has re-rendered with the theme
 * (its root says which one it shows), and no finite animation or CSS transition
 * is still running — axe reads computed colours, and a button half-way through
 * its colour transition fails contrast on a busy machine and passes on an idle
 * one. Infinite animations (a spinner) are part of the resting page.
 */
async function settle(page: Page, dark: boolean): Promise<void> {
  await page.emulateMedia({ colorScheme: dark ? 'dark' : 'light' });
  await page.waitForFunction(
    (theme) => document.querySelector('[data-theme]')?.getAttribute('data-theme') === theme,
    dark ? 'dark' : 'light',
  );
  await page.waitForFunction(() =>
    document
      .getAnimations()
      .every(
        (a) =>
          a.playState === 'finished' ||
          a.playState === 'idle' ||
          a.effect?.getComputedTiming().endTime === Number.POSITIVE_INFINITY,
      ),
  );
}

/** Checks the screen in dark and light, and leaves the page in light. */
export async function expectNoSeriousA11yViolations(page: Page, screen: string): Promise<void> {
  await settle(page, true);
  expect(await serious(page), `axe on ${screen} (dark)`).toEqual([]);
  await settle(page, false);
  expect(await serious(page), `axe on ${screen} (light)`).toEqual([]);
}
