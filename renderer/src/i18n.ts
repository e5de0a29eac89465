import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { i18nextOptions, type Language } from '../../main/i18n/catalogue';

/** The renderer uses the same catalogue as main and the CLI. */
export function initI18n(lang: Language) {
  void i18next.use(initReactI18next).init(i18nextOptions(lang));
  document.documentElement.lang = lang;
  return i18next;
}

export async function changeLanguage(lang: Language) {
  await i18next.changeLanguage(lang);
  document.documentElement.lang = lang;
}
