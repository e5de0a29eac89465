import { createDOMRenderer, RendererProvider } from '@fluentui/react-components';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { ApiContext, resolveApi } from './api/apiContext';
import { App } from './App';
import { initI18n } from './i18n';
import { browserLanguages, initialLanguage } from './initialLanguage';
import { NotConnectedPage } from './pages/NotConnectedPage';

/** Fluent UI's style elements carry the nonce the host put into this page's CSP. */
function styleRenderer() {
  // Vite's html.cspNonce writes this meta; browsers expose a nonce only through the property.
  const nonce = document.querySelector<HTMLMetaElement>('meta[property="csp-nonce"]')?.nonce;
  return createDOMRenderer(document, { styleElementAttributes: nonce ? { nonce } : {} });
}

async function boot() {
  const api = resolveApi();
  const [settings, info] = await Promise.all([api.getSettings(), api.appInfo()]);
  const root = createRoot(document.getElementById('root')!);
  if (!info.ok && info.error.code === 'IPC_DISCONNECTED') {
    initI18n(initialLanguage(undefined, null, browserLanguages()));
    root.render(
      <StrictMode>
        <RendererProvider renderer={styleRenderer()} targetDocument={document}>
          <NotConnectedPage />
        </RendererProvider>
      </StrictMode>,
    );
    return;
  }
  initI18n(
    initialLanguage(settings.ok ? settings.value.lang : undefined, info.ok ? info.value : null, browserLanguages()),
  );
  root.render(
    <StrictMode>
      <RendererProvider renderer={styleRenderer()} targetDocument={document}>
        <ApiContext.Provider value={api}>
          <App appInfo={info.ok ? info.value : null} initialSettings={settings.ok ? settings.value : null} />
        </ApiContext.Provider>
      </RendererProvider>
    </StrictMode>,
  );
}

void boot();
