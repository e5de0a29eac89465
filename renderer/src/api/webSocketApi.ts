/**
 * The browser host's side of the contract: the same NgtPrepApi the preload
 * exposes in Electron, spoken over a WebSocket that offers the session token
 * in its handshake (see main/ipc/sessionToken.ts).
 */
import { createInvokers, JOB_EVENT_CHANNEL, type NgtPrepApi, type Transport } from '../../../main/ipc/channels';
import type { IpcResult, SequencedJobEvent } from '../../../main/ipc/contract';
import { SOCKET_PATH, socketProtocols } from '../../../main/ipc/sessionToken';
import { takeSessionToken } from './sessionToken';

type Pending = (result: IpcResult<unknown>) => void;

export function createWebSocketApi(
  url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}${SOCKET_PATH}`,
  token = takeSessionToken(),
): NgtPrepApi {
  const listeners = new Set<(event: SequencedJobEvent) => void>();
  const pending = new Map<number, Pending>();
  let nextId = 1;
  let socket: WebSocket | null = null;
  let opened: Promise<WebSocket> | null = null;

  const connect = (): Promise<WebSocket> => {
    if (opened) return opened;
    opened = new Promise((resolve, reject) => {
      if (!token) {
        reject(new Error('this page has no access token'));
        return;
      }
      const ws = new WebSocket(url, socketProtocols(token));
      ws.onopen = () => {
        socket = ws;
        resolve(ws);
      };
      ws.onerror = () => reject(new Error('connection to NGT Prep failed'));
      ws.onclose = () => {
        socket = null;
        opened = null;
        for (const resolveCall of pending.values()) {
          resolveCall({
            ok: false,
            error: { code: 'IPC_DISCONNECTED', message: 'The connection to NGT Prep was lost.' },
          });
        }
        pending.clear();
      };
      ws.onmessage = (message) => {
        const data = JSON.parse(String(message.data)) as {
          id?: number;
          result?: IpcResult<unknown>;
          event?: string;
          payload?: SequencedJobEvent;
        };
        if (data.event === JOB_EVENT_CHANNEL && data.payload) {
          for (const listener of listeners) listener(data.payload);
        } else if (typeof data.id === 'number' && data.result) {
          pending.get(data.id)?.(data.result);
          pending.delete(data.id);
        }
      };
    });
    return opened;
  };

  const send: Transport = async (channel, request) => {
    let ws: WebSocket;
    try {
      ws = socket ?? (await connect());
    } catch (error) {
      return { ok: false, error: { code: 'IPC_DISCONNECTED', message: String((error as Error).message) } };
    }
    const id = nextId++;
    return new Promise((resolve) => {
      pending.set(id, resolve);
      ws.send(JSON.stringify({ id, channel, payload: request }));
    });
  };

  void connect().catch(() => undefined);
  return {
    ...createInvokers(send),
    onJobEvent(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
  };
}
