/**
 * The desktop window itself, through Playwright's _electron. Runs wherever
 * `npm run setup` could fetch the Electron binary (the test driver says
 * loudly when it could not, and does not start this suite then).
 */
import { _electron as electron, expect, test } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

test('the locked-down window runs doctor end to end over the preload bridge', async () => {
  const userData = mkdtempSync(path.join(tmpdir(), 'ngtp-electron-'));
  const app = await electron.launch({
    args: [path.resolve('.'), `--user-data-dir=${userData}`, '--no-sandbox'],
    env: { ...process.env, NGT_PREP_DATA_DIR: userData, LANG: 'en_US.UTF-8' },
  });
  try {
    const page = await app.firstWindow();
    await expect(page.getByRole('heading', { name: 'What do you want to prepare?' })).toBeVisible();
    expect(page.url()).toBe('app://ngt-prep/index.html');

    // Node is out of reach of the page; only the named bridge exists.
    const surface = await page.evaluate(() => ({
      require: typeof (globalThis as { require?: unknown }).require,
      process: typeof (globalThis as { process?: unknown }).process,
      bridge: Object.keys((window as unknown as { ngtPrep: object }).ngtPrep).sort(),
    }));
    expect(surface.require).toBe('undefined');
    expect(surface.process).toBe('undefined');
    expect(surface.bridge).toEqual([
      'answerPrompt',
      'appInfo',
      'cancelJob',
      'exportReport',
      'exportWindowsScript',
      'getSettings',
      'onJobEvent',
      'setSettings',
      'startJob',
    ]);

    // Navigation away and new windows are refused.
    await page.evaluate(() => globalThis.open('https://example.com'));
    expect(app.windows()).toHaveLength(1);

    const prefs = await app.evaluate(({ BrowserWindow }) => {
      const w = BrowserWindow.getAllWindows()[0];
      // getLastWebPreferences is real Electron API, missing from some type releases.
      const p = (
        w.webContents as unknown as { getLastWebPreferences(): Record<string, unknown> | null }
      ).getLastWebPreferences();
      return { contextIsolation: p?.contextIsolation, sandbox: p?.sandbox, nodeIntegration: p?.nodeIntegration };
    });
    expect(prefs).toEqual({ contextIsolation: true, sandbox: true, nodeIntegration: false });

    await page.getByRole('button', { name: 'Run the check' }).first().click();
    await page.getByRole('button', { name: 'Run the check' }).click();
    await expect(page.getByTestId('job-result')).toHaveAttribute('data-result', /ok|warn/);
    await expect(page.locator('[data-step-id]')).toHaveCount(6);
  } finally {
    await app.close();
    rmSync(userData, { recursive: true, force: true });
  }
});
