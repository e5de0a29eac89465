import { createContext, useContext } from 'react';
import type { NgtPrepApi } from '../../../main/ipc/channels';
import { createWebSocketApi } from './webSocketApi';

declare global {
  interface Window {
    ngtPrep?: NgtPrepApi;
  }
}

/** Electron's preload bridge when present, otherwise the browser host's socket. */
export function resolveApi(): NgtPrepApi {
  return window.ngtPrep ?? createWebSocketApi();
}

export const ApiContext = createContext<NgtPrepApi | null>(null);

export function useApi(): NgtPrepApi {
  const api = useContext(ApiContext);
  if (!api) throw new Error('ApiContext missing');
  return api;
}
