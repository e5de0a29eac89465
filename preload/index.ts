/**
 * The only bridge between the sandboxed renderer and main: named functions
 * from the shared contract, never ipcRenderer itself. Each subscription
 * returns its own unsubscribe function.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { createInvokers, JOB_EVENT_CHANNEL, type EventPayloads, type NgtPrepApi } from '../main/ipc/channels';

const api: NgtPrepApi = {
  ...createInvokers((channel, request) => ipcRenderer.invoke(channel, request)),
  onJobEvent(listener) {
    const handler = (_event: IpcRendererEvent, payload: EventPayloads[typeof JOB_EVENT_CHANNEL]) => listener(payload);
    ipcRenderer.on(JOB_EVENT_CHANNEL, handler);
    return () => {
      ipcRenderer.removeListener(JOB_EVENT_CHANNEL, handler);
    };
  },
};

contextBridge.exposeInMainWorld('ngtPrep', api);
