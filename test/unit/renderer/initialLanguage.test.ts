import { describe, expect, it } from 'vitest';
import { languageFromLocales } from '../../../main/i18n/catalogue';
import { browserLanguages, initialLanguage } from '../../../renderer/src/initialLanguage';

describe('initialLanguage', () => {
  it('a choice made in the app wins on either host', () => {
    expect(initialLanguage('ja', { host: 'web', systemLanguage: 'fr' }, ['fr-FR'])).toBe('ja');
    expect(initialLanguage('ja', { host: 'electron', systemLanguage: 'fr' }, ['fr-FR'])).toBe('ja');
  });

  it('the browser host follows the browser, not the host process', () => {
    expect(initialLanguage(undefined, { host: 'web', systemLanguage: 'en' }, ['ja-JP', 'en-US'])).toBe('ja');
    expect(initialLanguage(undefined, { host: 'web', systemLanguage: 'fr' }, ['en-GB'])).toBe('en');
    // Unsupported languages are skipped, in the browser's order of preference.
    expect(initialLanguage(undefined, { host: 'web', systemLanguage: 'en' }, ['de-DE', 'fr-CA', 'ja'])).toBe('fr');
    expect(initialLanguage(undefined, null, ['pt-BR'])).toBe('en');
  });

  it('Electron follows the operating system locale main reports', () => {
    expect(initialLanguage(undefined, { host: 'electron', systemLanguage: 'fr' }, ['ja-JP'])).toBe('fr');
  });
});

describe('languageFromLocales and browserLanguages', () => {
  it('reads POSIX and BCP 47 forms and falls back to English', () => {
    expect(languageFromLocales(['ja_JP.UTF-8'])).toBe('ja');
    expect(languageFromLocales([])).toBe('en');
  });

  it('uses navigator.language when navigator.languages is empty', () => {
    expect(browserLanguages({ languages: [], language: 'fr-FR' })).toEqual(['fr-FR']);
    expect(browserLanguages({ languages: ['ja', 'en'], language: 'ja' })).toEqual(['ja', 'en']);
  });
});
