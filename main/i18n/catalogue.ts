/**
 * The one message catalogue for everything a person reads: wizard screens,
 * CLI output, remediation texts and reports. Each domain owns one file per
 * language whose single top-level key is the domain's name, so keys read
 * `linux.patch.alreadySupported`. Pure: imported by main, CLI and renderer.
 */
import i18next, { type i18n as I18n, type InitOptions, type TFunction } from 'i18next';

import enApp from './locales/en/app.json';
import enCli from './locales/en/cli.json';
import enCluster from './locales/en/cluster.json';
import enClusterHealth from './locales/en/clusterHealth.json';
import enClusterPage from './locales/en/clusterPage.json';
import enDoctor from './locales/en/doctor.json';
import enEngine from './locales/en/engine.json';
import enFleet from './locales/en/fleet.json';
import enFleetAnsible from './locales/en/fleetAnsible.json';
import enJobs from './locales/en/jobs.json';
import enFleetRun from './locales/en/fleetRun.json';
import enFleetBoard from './locales/en/fleetBoard.json';
import enLinux from './locales/en/linux.json';
import enLinuxJob from './locales/en/linuxJob.json';
import enProbe from './locales/en/probe.json';
import enSshConfig from './locales/en/sshConfig.json';
import enUi from './locales/en/ui.json';
import enWindows from './locales/en/windows.json';
import frApp from './locales/fr/app.json';
import frCli from './locales/fr/cli.json';
import frCluster from './locales/fr/cluster.json';
import frClusterHealth from './locales/fr/clusterHealth.json';
import frClusterPage from './locales/fr/clusterPage.json';
import frDoctor from './locales/fr/doctor.json';
import frEngine from './locales/fr/engine.json';
import frFleet from './locales/fr/fleet.json';
import frFleetAnsible from './locales/fr/fleetAnsible.json';
import frJobs from './locales/fr/jobs.json';
import frFleetRun from './locales/fr/fleetRun.json';
import frFleetBoard from './locales/fr/fleetBoard.json';
import frLinux from './locales/fr/linux.json';
import frLinuxJob from './locales/fr/linuxJob.json';
import frProbe from './locales/fr/probe.json';
import frSshConfig from './locales/fr/sshConfig.json';
import frUi from './locales/fr/ui.json';
import frWindows from './locales/fr/windows.json';
import jaApp from './locales/ja/app.json';
import jaCli from './locales/ja/cli.json';
import jaCluster from './locales/ja/cluster.json';
import jaClusterHealth from './locales/ja/clusterHealth.json';
import jaClusterPage from './locales/ja/clusterPage.json';
import jaDoctor from './locales/ja/doctor.json';
import jaEngine from './locales/ja/engine.json';
import jaFleet from './locales/ja/fleet.json';
import jaFleetAnsible from './locales/ja/fleetAnsible.json';
import jaJobs from './locales/ja/jobs.json';
import jaFleetRun from './locales/ja/fleetRun.json';
import jaFleetBoard from './locales/ja/fleetBoard.json';
import jaLinux from './locales/ja/linux.json';
import jaLinuxJob from './locales/ja/linuxJob.json';
import jaProbe from './locales/ja/probe.json';
import jaSshConfig from './locales/ja/sshConfig.json';
import jaUi from './locales/ja/ui.json';
import jaWindows from './locales/ja/windows.json';

export const LANGUAGES = ['en', 'fr', 'ja'] as const;
export type Language = (typeof LANGUAGES)[number];
export const DEFAULT_LANGUAGE: Language = 'en';

type Tree = { [key: string]: string | string[] | Tree };

export const CATALOGUE: Record<Language, Tree> = {
  en: {
    ...enApp,
    ...enCli,
    ...enCluster,
    ...enClusterHealth,
    ...enClusterPage,
    ...enDoctor,
    ...enEngine,
    ...enFleet,
    ...enFleetAnsible,
    ...enJobs,
    ...enFleetRun,
    ...enFleetBoard,
    ...enLinux,
    ...enLinuxJob,
    ...enProbe,
    ...enSshConfig,
    ...enUi,
    ...enWindows,
  },
  fr: {
    ...frApp,
    ...frCli,
    ...frCluster,
    ...frClusterHealth,
    ...frClusterPage,
    ...frDoctor,
    ...frEngine,
    ...frFleet,
    ...frFleetAnsible,
    ...frJobs,
    ...frFleetRun,
    ...frFleetBoard,
    ...frLinux,
    ...frLinuxJob,
    ...frProbe,
    ...frSshConfig,
    ...frUi,
    ...frWindows,
  },
  ja: {
    ...jaApp,
    ...jaCli,
    ...jaCluster,
    ...jaClusterHealth,
    ...jaClusterPage,
    ...jaDoctor,
    ...jaEngine,
    ...jaFleet,
    ...jaFleetAnsible,
    ...jaJobs,
    ...jaFleetRun,
    ...jaFleetBoard,
    ...jaLinux,
    ...jaLinuxJob,
    ...jaProbe,
    ...jaSshConfig,
    ...jaUi,
    ...jaWindows,
  },
};

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

/** Picks a supported language from a locale such as "fr-FR" or "ja_JP.UTF-8". */
export function languageFromLocale(locale: string | undefined | null): Language {
  return supportedLanguageOf(locale) ?? DEFAULT_LANGUAGE;
}

function supportedLanguageOf(locale: string | undefined | null): Language | undefined {
  const base = (locale ?? '').toLowerCase().split(/[-_.@]/)[0];
  return isLanguage(base) ? base : undefined;
}

/** The first supported language in a preference list such as navigator.languages ("de-DE", "fr", …). */
export function languageFromLocales(locales: readonly string[]): Language {
  for (const locale of locales) {
    const lang = supportedLanguageOf(locale);
    if (lang) return lang;
  }
  return DEFAULT_LANGUAGE;
}

/** How every face initialises i18next: the whole catalogue, loaded synchronously, English as the fallback. */
export function i18nextOptions(lang: Language): InitOptions {
  return {
    lng: lang,
    fallbackLng: DEFAULT_LANGUAGE,
    resources: Object.fromEntries(LANGUAGES.map((l) => [l, { translation: CATALOGUE[l] }])),
    interpolation: { escapeValue: false },
    initAsync: false,
    returnNull: false,
    showSupportNotice: false,
  };
}

export function createI18n(lang: Language): I18n {
  const instance = i18next.createInstance();
  void instance.init(i18nextOptions(lang));
  return instance;
}

export type Translator = TFunction;

/** A plain `(key, params) => string` bound to one language, for jobs and the CLI. */
export function createTranslator(lang: Language): (key: string, params?: Record<string, unknown>) => string {
  const instance = createI18n(lang);
  return (key, params) => instance.t(key, params ?? {}) as string;
}
