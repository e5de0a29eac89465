/**
 * The one wrapper every IPC handler goes through, whatever the transport
 * (Electron ipcMain or the browser host's WebSocket): refuse untrusted
 * senders, validate the payload against the contract's schema, and turn
 * every outcome into a result envelope so codes survive the boundary.
 */
import { NgtError } from '../engine/errors';
import { invokeSchemas, type InvokeChannel, type InvokeParsed, type InvokeResponses, type IpcResult } from './contract';

export type Handlers = {
  [C in InvokeChannel]: (request: InvokeParsed<C>) => Promise<InvokeResponses[C]>;
};

export interface SenderInfo {
  /** True only for our own top-level frame (Electron) or an authenticated socket (browser host). */
  trusted: boolean;
  description: string;
}

export type Dispatch = (channel: string, payload: unknown, sender: SenderInfo) => Promise<IpcResult<unknown>>;

export function isInvokeChannel(channel: string): channel is InvokeChannel {
  return Object.prototype.hasOwnProperty.call(invokeSchemas, channel);
}

export function createDispatcher(handlers: Handlers, onError?: (error: unknown, channel: string) => void): Dispatch {
  return async (channel, payload, sender) => {
    if (!sender.trusted) {
      return {
        ok: false,
        error: { code: 'IPC_UNTRUSTED_SENDER', message: `Refused a message from ${sender.description}.` },
      };
    }
    if (!isInvokeChannel(channel)) {
      return {
        ok: false,
        error: { code: 'IPC_UNKNOWN_CHANNEL', message: `Unknown channel: ${String(channel).slice(0, 80)}` },
      };
    }
    const parsed = invokeSchemas[channel].safeParse(payload ?? {});
    if (!parsed.success) {
      return {
        ok: false,
        error: {
          code: 'IPC_INVALID_PAYLOAD',
          message: `Invalid request for ${channel}.`,
          issues: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
        },
      };
    }
    try {
      const handler = handlers[channel] as (request: unknown) => Promise<unknown>;
      return { ok: true, value: await handler(parsed.data) };
    } catch (error) {
      onError?.(error, channel);
      if (error instanceof NgtError) {
        return { ok: false, error: { code: error.code, message: error.message, remediation: error.remediation } };
      }
      return {
        ok: false,
        error: { code: 'INTERNAL_ERROR', message: error instanceof Error ? error.message : String(error) },
      };
    }
  };
}
