/**
 * The only bridge between the sandboxed renderer and main: named functions
 * from the shared contract, never ipcRenderer itself. Each subscription
 * returns its own unsubscribe function.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { API_CHANNELS, requestFor, type NgtPrepApi } from '../main/ipc/channels';
import type { JobEvent } from '../main/engine/types';

function invoker(name: keyof typeof API_CHANNELS) {
  return (...args: unknown[]) => ipcRenderer.invoke(API_CHANNELS[name], requestFor(name, args));
}

const api: NgtPrepApi = {
  appInfo: invoker('appInfo') as NgtPrepApi['appInfo'],
  getSettings: invoker('getSettings') as NgtPrepApi['getSettings'],
  setSettings: invoker('setSettings') as NgtPrepApi['setSettings'],
  startJob: invoker('startJob') as NgtPrepApi['startJob'],
  cancelJob: invoker('cancelJob') as NgtPrepApi['cancelJob'],
  answerPrompt: invoker('answerPrompt') as NgtPrepApi['answerPrompt'],
  exportReport: invoker('exportReport') as NgtPrepApi['exportReport'],
  exportWindowsScript: invoker('exportWindowsScript') as NgtPrepApi['exportWindowsScript'],
  onJobEvent(listener) {
    const handler = (_event: IpcRendererEvent, payload: JobEvent) => listener(payload);
    ipcRenderer.on('job:event', handler);
    return () => {
      ipcRenderer.removeListener('job:event', handler);
    };
  },
};

contextBridge.exposeInMainWorld('ngtPrep', api);
