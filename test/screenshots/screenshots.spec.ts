/**
 * `npm run screenshots`: drives the real flows and writes a PNG of each main
 * screen to docs/screenshots — in English, and the same screens' key views in
 * French and Japanese. Labels are looked up in the catalogue, so the same
 * steps work in every language. Needs root for the SSH sandbox (Linux screens).
 */
import { expect, test, type Page } from '@playwright/test';
import path from 'node:path';
import { createTranslator, type Language } from '../../main/i18n/catalogue';
import { canRunSandbox, startSandbox, type Sandbox } from '../sandbox';
import { launchHermeticWebHost } from '../e2e/support/hermeticWebHost';
import { launchWindowsVmHost } from '../e2e/support/windowsVmHost';
import { startFakeWinRm, closedPort } from '../fixtures/probe/loopbackServers';
import { makeSelfSigned } from '../fixtures/probe/makeCertificates';

const OUT = path.resolve('docs/screenshots');
const PASSWORD = 'Screenshot-only-pw-1';

async function shoot(page: Page, name: string) {
  await page.screenshot({ path: path.join(OUT, `${name}.png`), fullPage: true, animations: 'disabled' });
}

async function chooseLanguage(page: Page, lang: Language) {
  await page.locator('#language-picker').selectOption(lang);
  await expect(page.locator('#language-picker')).toHaveValue(lang);
  await expect(page.locator('html')).toHaveAttribute('lang', lang);
}

async function openTarget(page: Page, target: string) {
  await page.getByTestId(`target-${target}`).getByRole('button').click();
}

async function waitForResult(page: Page) {
  await expect(page.getByTestId('job-result')).toBeVisible({ timeout: 90_000 });
}

for (const lang of ['en', 'fr', 'ja'] as const) {
  test(`home (${lang})`, async ({ page }) => {
    const host = await launchHermeticWebHost();
    try {
      await page.goto(host.info.url);
      await chooseLanguage(page, lang);
      await shoot(page, `home-${lang}`);
    } finally {
      await host.stop();
    }
  });
}

for (const lang of ['en', 'fr'] as const) {
  test(`Windows check on the VM (${lang})`, async ({ page }) => {
    const t = createTranslator(lang);
    const vm = await launchWindowsVmHost();
    try {
      await page.goto(vm.url);
      await chooseLanguage(page, lang);
      await openTarget(page, 'windows');
      await page.getByRole('button', { name: t('ui.windows.check'), exact: true }).click();
      await waitForResult(page);
      await shoot(page, `windows-check-${lang}`);
    } finally {
      await vm.stop();
    }
  });
}

for (const scenario of ['ok', 'refused'] as const) {
  test(`probe ${scenario} (en)`, async ({ page }) => {
    const t = createTranslator('en');
    const server = await startFakeWinRm({ tls: makeSelfSigned({ cn: '127.0.0.1', sans: ['127.0.0.1'] }) });
    const host = await launchHermeticWebHost();
    try {
      await page.goto(host.info.url);
      await openTarget(page, 'probe');
      await page.getByLabel(t('ui.probe.form.host')).fill('127.0.0.1');
      await page.getByLabel(t('ui.probe.form.port')).fill(String(scenario === 'ok' ? server.port : await closedPort()));
      await page.getByRole('button', { name: t('ui.probe.form.run') }).click();
      await waitForResult(page);
      await shoot(page, scenario === 'ok' ? 'probe-result-en' : 'failure-with-remediation-en');
    } finally {
      await host.stop();
      await server.close();
    }
  });
}

test.describe('Linux (SSH sandbox)', () => {
  const can = canRunSandbox();
  test.skip(!can.ok, `Linux screenshots need the SSH sandbox: ${can.reason}`);
  let sandbox: Sandbox;
  // A fresh VM for each language: the first run installs NGT, after which a second would have nothing to do.
  test.beforeEach(async () => {
    sandbox = await startSandbox({ distro: 'rocky', withCluster: true, rootPassword: PASSWORD });
  });
  test.afterEach(async () => sandbox?.stop());

  for (const lang of ['en', 'ja'] as const) {
    test(`Linux prepare with diff and verify (${lang})`, async ({ page }) => {
      const t = createTranslator(lang);
      const host = await launchHermeticWebHost();
      try {
        await page.goto(host.info.url);
        await chooseLanguage(page, lang);
        await openTarget(page, 'linux');
        await page.getByLabel(t('ui.linux.form.host')).first().fill(sandbox.host);
        await page.getByLabel(t('ui.linux.form.username')).first().fill('root');
        await page.getByLabel(t('ui.linux.form.password')).first().fill(PASSWORD);
        await page.getByRole('button', { name: t('ui.linux.form.install') }).click();
        const dialog = page.getByRole('alertdialog');
        await expect(dialog).toContainText(t('ui.hostKey.title'), { timeout: 30_000 });
        await dialog.getByRole('button', { name: t('ui.hostKey.trust') }).click();
        await expect(dialog.getByRole('region')).toBeVisible({ timeout: 60_000 });
        await shoot(page, `linux-prepare-diff-${lang}`);
        await dialog.getByRole('button', { name: t('ui.plan.proceed') }).click();
        await waitForResult(page);
        await shoot(page, `linux-verify-${lang}`);
      } finally {
        await host.stop();
      }
    });
  }
});
