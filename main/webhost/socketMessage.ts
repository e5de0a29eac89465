/**
 * One message from the browser host's WebSocket, checked before anything
 * reads it: a JSON object with a string channel and an optional numeric or
 * string id. Never throws; a bad message gives the error envelope to send back.
 */
import { z } from 'zod';
import type { IpcResult } from '../ipc/contract';

export type MessageId = number | string | null;

const envelope = z.object({
  id: z.union([z.number(), z.string().max(100)]).optional(),
  channel: z.string().max(200),
  payload: z.unknown().optional(),
});

export type SocketMessage =
  | { ok: true; id: MessageId; channel: string; payload: unknown }
  | { ok: false; id: MessageId; result: IpcResult<never> };

const bad = (id: MessageId, message: string): SocketMessage => ({
  ok: false,
  id,
  result: { ok: false, error: { code: 'IPC_BAD_MESSAGE', message } },
});

export function parseSocketMessage(data: Buffer | ArrayBuffer | Buffer[], isBinary: boolean): SocketMessage {
  if (isBinary) return bad(null, 'Binary frames are not part of the protocol: send JSON text.');
  const text = Buffer.isBuffer(data)
    ? data.toString('utf8')
    : Buffer.concat(Array.isArray(data) ? data : [Buffer.from(data)]).toString('utf8');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return bad(null, 'Not JSON.');
  }
  const parsed = envelope.safeParse(value);
  if (!parsed.success) {
    return bad(null, 'Expected a JSON object {"id": number|string, "channel": string, "payload": …}.');
  }
  return { ok: true, id: parsed.data.id ?? null, channel: parsed.data.channel, payload: parsed.data.payload };
}
