import { defineConfig } from '@playwright/test';
import base from './playwright.config';

/** `npm run screenshots`: the screens of the README and of the hand-over, in Debian Chromium. */
export default defineConfig({ ...base, testDir: 'test/screenshots', outputDir: '.cache/playwright-screenshots' });
