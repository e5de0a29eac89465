/**
 * A damaged settings.json is not silently replaced: the browser host keeps it
 * aside, and the page says so and where the old file is.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createTranslator } from '../../main/i18n/catalogue';
import { expect, test } from './webHostFixture';

test('a damaged settings file is kept aside and the page says where', async ({ page, webHost }) => {
  const t = createTranslator('en');
  const damaged = '{"lang": "fr", "recentHosts": [{"host": "vm1.exa';
  // Settings are read on the first request for them, so writing now is before the host reads it.
  writeFileSync(path.join(webHost.dataDir, 'settings.json'), damaged);
  await page.goto(webHost.url);
  const notice = page.getByTestId('settings-notice');
  await expect(notice).toBeVisible();
  await expect(notice).toHaveAttribute('data-code', 'SETTINGS_CORRUPT');
  await expect(notice).toContainText(t('ui.settingsNotice.title'));
  const kept = readdirSync(webHost.dataDir).filter((name) => name.startsWith('settings.json.corrupt-'));
  expect(kept).toHaveLength(1);
  expect(readFileSync(path.join(webHost.dataDir, kept[0]), 'utf8')).toBe(damaged);
  await expect(notice).toContainText(kept[0]);
  // The app went on with its defaults (English), and works.
  await expect(page.getByRole('heading', { name: t('ui.home.title') })).toBeVisible();
});
