import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { languageFromLocale, type Language } from '../../main/i18n/catalogue';
import { ApiContext, resolveApi } from './api/apiContext';
import { App } from './App';
import { initI18n } from './i18n';

async function boot() {
  const api = resolveApi();
  const [settings, info] = await Promise.all([api.getSettings(), api.appInfo()]);
  const lang: Language =
    (settings.ok && settings.value.lang) ||
    (info.ok ? languageFromLocale(info.value.systemLanguage) : languageFromLocale(navigator.language));
  initI18n(lang);
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <ApiContext.Provider value={api}>
        <App appInfo={info.ok ? info.value : null} initialSettings={settings.ok ? settings.value : null} />
      </ApiContext.Provider>
    </StrictMode>,
  );
}

void boot();
