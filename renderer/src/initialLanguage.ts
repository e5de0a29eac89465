/**
 * The language the wizard opens in. A choice made in the app (saved in the
 * settings) wins. Otherwise the browser host follows the browser's own
 * preference list (navigator.languages): the person at the browser may sit
 * far from the jump host whose process locale the host reports. The Electron
 * window follows the operating system's locale, which main reports.
 */
import { languageFromLocales, type Language } from '../../main/i18n/catalogue';
import type { AppInfo } from '../../main/ipc/contract';

export function initialLanguage(
  saved: Language | undefined,
  info: Pick<AppInfo, 'host' | 'systemLanguage'> | null,
  browserLanguages: readonly string[],
): Language {
  if (saved) return saved;
  if (info?.host === 'electron') return languageFromLocales([info.systemLanguage]);
  return languageFromLocales(browserLanguages);
}

/** What the browser says it prefers, most preferred first (navigator.language when the list is empty). */
export function browserLanguages(nav: Pick<Navigator, 'languages' | 'language'> = navigator): readonly string[] {
  return nav.languages?.length ? nav.languages : [nav.language];
}
