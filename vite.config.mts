import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  root: 'renderer',
  // Relative asset URLs work under the Electron app:// protocol and the browser host alike.
  base: './',
  plugins: [react()],
  // Script and style tags carry a nonce placeholder; each host fills in a fresh nonce per response
  // (main/platform/rendererPage.ts), matching the CSP it sends.
  html: { cspNonce: '__NGT_PREP_NONCE__' },
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    sourcemap: true,
    chunkSizeWarningLimit: 2000,
  },
});
