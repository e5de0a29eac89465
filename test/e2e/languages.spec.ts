/**
 * French and Japanese for real: the language can be changed in the app and is
 * remembered; the wizard's text, the job's steps and the report follow it; no
 * English catalogue text leaks onto a French or Japanese screen.
 */
import { CATALOGUE, createTranslator, type Language } from '../../main/i18n/catalogue';
import { escapeHtml } from '../../main/report/reportHtml';
import { expect, test } from './webHostFixture';

type Tree = { [k: string]: string | string[] | Tree };
const flat = (tree: Tree): string[] =>
  Object.values(tree).flatMap((v) => (typeof v === 'string' ? [v] : Array.isArray(v) ? v : flat(v)));
const withoutPlaceholders = (s: string) => !/{{/.test(s);

for (const lang of ['fr', 'ja'] as const satisfies Language[]) {
  test(`${lang}: chosen in the app, remembered, and used by screens, steps and the report`, async ({
    page,
    webHost,
  }) => {
    const t = createTranslator(lang);
    await page.goto(webHost.url);
    await page.locator('#language-picker').selectOption(lang);
    await expect(page.getByRole('heading', { name: t('ui.home.title') })).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('lang', lang);
    await page.reload();
    await expect(page.getByRole('heading', { name: t('ui.home.title') })).toBeVisible();

    await page.getByTestId('target-doctor').getByRole('button').click();
    await page.getByRole('button', { name: t('ui.doctor.run') }).click();
    await expect(page.getByTestId('job-result')).toBeVisible();
    await expect(page.locator('[data-step-id="doctor.os"]')).toContainText(t('doctor.os.title'));
    await expect(page.getByTestId('job-result')).toContainText(t('app.result.ok'));

    // No English catalogue text that this language translates differently is on screen.
    const english = new Set(flat(CATALOGUE.en as Tree).filter(withoutPlaceholders));
    const translated = new Set(flat(CATALOGUE[lang] as Tree));
    const leaks = (await page.locator('body').innerText())
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l.length > 3 && english.has(l) && !translated.has(l));
    expect(leaks).toEqual([]);

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: t('ui.job.saveHtml') }).click(),
    ]);
    const html = await (await download.createReadStream()).toArray();
    const text = Buffer.concat(html as Buffer[]).toString('utf8');
    expect(text).toContain(`<html lang="${lang}">`);
    expect(text).toContain(escapeHtml(t('doctor.os.title')));
  });
}

test.describe('in the browser host, the first visit follows the browser', () => {
  // The host process runs with LANG=en_US.UTF-8 (webHostFixture.ts); the browser prefers Japanese.
  test.use({ locale: 'ja-JP' });

  test("the browser's language, not the host's, until a choice is made in the app", async ({ page, webHost }) => {
    await page.goto(webHost.url);
    await expect(page.getByRole('heading', { name: createTranslator('ja')('ui.home.title') })).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('lang', 'ja');
    await page.locator('#language-picker').selectOption('fr');
    await page.reload();
    await expect(page.getByRole('heading', { name: createTranslator('fr')('ui.home.title') })).toBeVisible();
  });
});
