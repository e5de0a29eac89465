import { defineConfig } from '@playwright/test';

/** The Electron window itself, with Playwright's _electron; runs where the Electron binary exists. */
export default defineConfig({
  testDir: 'test/e2e-electron',
  timeout: 120_000,
  workers: 1,
  outputDir: '.cache/playwright-electron',
});
