import {
  Button,
  FluentProvider,
  makeStaticStyles,
  makeStyles,
  Select,
  Title3,
  tokens,
  webDarkTheme,
  webLightTheme,
} from '@fluentui/react-components';
import { ArrowLeft20Regular } from '@fluentui/react-icons';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LANGUAGES, type Language } from '../../main/i18n/catalogue';
import type { AppInfo, Settings } from '../../main/ipc/contract';
import { useApi } from './api/apiContext';
import { SettingsNotices } from './components/SettingsNotices';
import { changeLanguage } from './i18n';
import { HomePage } from './pages/HomePage';
import type { Route } from './pages/pageProps';
import { PAGES } from './pages/pageTable';

/**
 * People who ask their system for less motion get no colour or size transitions.
 * (Indeterminate spinners keep turning: they say that work is going on.)
 */
const useReducedMotion = makeStaticStyles(
  '@media (prefers-reduced-motion: reduce) { *, *::before, *::after { transition-duration: 0s !important; transition-delay: 0s !important; } }',
);

const useStyles = makeStyles({
  app: { minHeight: '100vh', display: 'flex', flexDirection: 'column' },
  header: {
    display: 'flex',
    alignItems: 'center',
    gap: tokens.spacingHorizontalM,
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalXL}`,
    borderBottom: `1px solid ${tokens.colorNeutralStroke2}`,
    backgroundColor: tokens.colorNeutralBackground2,
  },
  grow: { flexGrow: 1 },
  main: {
    padding: `${tokens.spacingVerticalL} ${tokens.spacingHorizontalXL}`,
    maxWidth: '1200px',
    width: '100%',
    boxSizing: 'border-box',
    margin: '0 auto',
  },
});

function usePrefersDark(): boolean {
  const query = '(prefers-color-scheme: dark)';
  const [dark, setDark] = useState(() => window.matchMedia?.(query).matches ?? false);
  useEffect(() => {
    const mq = window.matchMedia?.(query);
    if (!mq) return;
    const onChange = (e: MediaQueryListEvent) => setDark(e.matches);
    mq.addEventListener('change', onChange);
    return () => mq.removeEventListener('change', onChange);
  }, []);
  return dark;
}

const LANGUAGE_NAMES: Record<Language, string> = { en: 'English', fr: 'Français', ja: '日本語' };

export function App({ appInfo, initialSettings }: { appInfo: AppInfo | null; initialSettings: Settings | null }) {
  const { t, i18n } = useTranslation();
  const api = useApi();
  useReducedMotion();
  const styles = useStyles();
  const dark = usePrefersDark();
  const [route, setRoute] = useState<Route>('home');
  const [settings, setSettings] = useState<Settings | null>(initialSettings);

  useEffect(() => {
    document.title = t('app.name');
  }, [t, i18n.language]);

  const pickLanguage = async (lang: Language) => {
    await changeLanguage(lang);
    const saved = await api.setSettings({ lang });
    if (saved.ok) setSettings(saved.value);
  };

  const Page = route === 'home' ? null : PAGES[route];
  return (
    <FluentProvider
      theme={dark ? webDarkTheme : webLightTheme}
      className={styles.app}
      data-theme={dark ? 'dark' : 'light'}
    >
      <header className={styles.header}>
        {route !== 'home' && (
          <Button icon={<ArrowLeft20Regular />} appearance="subtle" onClick={() => setRoute('home')}>
            {t('ui.nav.home')}
          </Button>
        )}
        <Title3 as="h1">{t('app.name')}</Title3>
        <span className={styles.grow} />
        <label htmlFor="language-picker">{t('ui.nav.language')}</label>
        <Select id="language-picker" value={i18n.language} onChange={(_, d) => void pickLanguage(d.value as Language)}>
          {LANGUAGES.map((l) => (
            <option key={l} value={l} lang={l}>
              {LANGUAGE_NAMES[l]}
            </option>
          ))}
        </Select>
      </header>
      <main className={styles.main}>
        <SettingsNotices notices={appInfo?.settingsNotices ?? []} />
        {Page ? (
          <Page appInfo={appInfo} settings={settings} onSettings={setSettings} onNavigate={setRoute} />
        ) : (
          <HomePage onNavigate={setRoute} appInfo={appInfo} />
        )}
      </main>
    </FluentProvider>
  );
}
