/** Small steps every wizard test takes: open the app, pick a target, read step statuses. */
import { expect, type Locator, type Page } from '@playwright/test';

export type Target = 'windows' | 'linux' | 'probe' | 'doctor' | 'cluster' | 'fleet';

/** Opens the wizard with its token and goes to a home-screen target. */
export async function openTarget(page: Page, url: string, target: Target): Promise<void> {
  await page.goto(url);
  await expect(page.getByRole('heading', { name: 'What do you want to prepare?' })).toBeVisible();
  await page.getByTestId(`target-${target}`).getByRole('button').click();
}

/** Fills the Linux connection form: host, SSH port, user and a login password. */
export async function fillLinuxLogin(
  page: Page,
  login: { host: string; port: number; user: string; password: string },
): Promise<void> {
  await page.getByLabel('Host name or IP address').fill(login.host);
  await page.getByLabel('SSH port').fill(String(login.port));
  await page.getByLabel('User name').fill(login.user);
  await page.getByRole('radio', { name: 'Password' }).check();
  await page.getByLabel('Login password').fill(login.password);
}

/** The list item of one step (data-step-id), for steps whose id the contract fixes (probe layers). */
export function step(page: Page, id: string): Locator {
  return page.locator(`[data-step-id="${id}"]`);
}

/** Every step's id and status as the page shows them. */
export async function stepStatuses(page: Page): Promise<{ id: string; status: string; text: string }[]> {
  return page.locator('[data-step-id]').evaluateAll((els) =>
    els.map((e) => ({
      id: e.getAttribute('data-step-id') ?? '',
      status: e.getAttribute('data-status') ?? '',
      text: (e.textContent ?? '').trim(),
    })),
  );
}

/** Waits for the job's final result bar and returns its data-result. */
export async function waitForResult(page: Page, timeout = 60_000): Promise<string> {
  const result = page.getByTestId('job-result');
  await expect(result).toBeVisible({ timeout });
  return (await result.getAttribute('data-result')) ?? '';
}
