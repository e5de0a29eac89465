/**
 * The named functions the renderer may call, each bound to its channel and to
 * how its arguments become the channel's request; and the one generic proxy
 * that turns those bindings into the API, whatever carries the messages
 * (Electron's ipcRenderer in the preload, the browser host's WebSocket).
 * A new channel needs one entry in `invokeSchemas`/`InvokeResponses`
 * (contract.ts) and one binding here; no casts at the call sites (GitHub
 * Desktop's `invokeProxy`).
 *
 * Kept apart from the schemas so the sandboxed preload bundles no validator:
 * this file imports only types from contract.ts, and validation happens in
 * main, in the dispatcher.
 */
import type { InvokeChannel, InvokeRequest, InvokeResponses, IpcResult, SequencedJobEvent } from './contract';

/** The one event channel pushed from main to the renderer; its name is written here only. */
export const JOB_EVENT_CHANNEL = 'job:event';

/** Event channels with their payloads. */
export interface EventPayloads {
  [JOB_EVENT_CHANNEL]: SequencedJobEvent;
}
export type EventChannel = keyof EventPayloads;

interface Binding<C extends InvokeChannel, A extends unknown[]> {
  channel: C;
  request: (...args: A) => InvokeRequest<C>;
}

function bind<C extends InvokeChannel, A extends unknown[]>(
  channel: C,
  request: (...args: A) => InvokeRequest<C>,
): Binding<C, A> {
  return { channel, request };
}

/** Each named function: its channel and the request its arguments make. */
export const API_BINDINGS = {
  appInfo: bind('app:info', () => ({})),
  getSettings: bind('settings:get', () => ({})),
  setSettings: bind('settings:set', (patch: InvokeRequest<'settings:set'>) => patch),
  startJob: bind('job:start', (request: InvokeRequest<'job:start'>) => request),
  cancelJob: bind('job:cancel', (jobId: string) => ({ jobId })),
  answerPrompt: bind('job:answer', (jobId: string, promptId: string, accept: boolean) => ({
    jobId,
    promptId,
    accept,
  })),
  jobLog: bind('job:log', (jobId: string) => ({ jobId })),
  listJobs: bind('job:list', () => ({})),
  attachJob: bind('job:attach', (jobId: string) => ({ jobId })),
  exportReport: bind('report:export', (jobId: string, format: 'json' | 'html') => ({ jobId, format })),
  exportWindowsScript: bind('windows:export', (request: InvokeRequest<'windows:export'>) => request),
  checkFleet: bind('fleet:check', (request: InvokeRequest<'fleet:check'>) => request),
  cancelFleetHost: bind('fleet:cancel-host', (jobId: string, host: string) => ({ jobId, host })),
  exportFleetReport: bind('fleet:export', (jobId: string, format: 'json' | 'html' | 'csv') => ({ jobId, format })),
};

type Bindings = typeof API_BINDINGS;

/** The invoke functions, typed from their bindings: arguments in, the channel's result envelope out. */
export type Invokers = {
  [K in keyof Bindings]: Bindings[K] extends Binding<infer C, infer A>
    ? (...args: A) => Promise<IpcResult<InvokeResponses[C]>>
    : never;
};

/** What the preload exposes as `window.ngtPrep`, and what the browser host's client implements. */
export interface NgtPrepApi extends Invokers {
  /** Subscribes to job events; returns its own unsubscribe function. */
  onJobEvent(listener: (event: SequencedJobEvent) => void): () => void;
}

/**
 * Carries one request to main and brings back its envelope. The response's
 * type is the channel's, because main's dispatcher answers every channel with
 * an `IpcResult` of that channel's response (main/ipc/dispatcher.ts).
 */
export type Transport = (channel: InvokeChannel, request: unknown) => Promise<IpcResult<unknown>>;

/** The generic proxy: every binding becomes a function that sends its request over `transport`. */
export function createInvokers(transport: Transport): Invokers {
  const invokers: Record<string, (...args: never[]) => Promise<IpcResult<unknown>>> = {};
  for (const [name, binding] of Object.entries(API_BINDINGS)) {
    const { channel, request } = binding as Binding<InvokeChannel, unknown[]>;
    invokers[name] = (...args: unknown[]) => transport(channel, request(...args));
  }
  // The one place the mapped type is asserted: the loop above builds exactly
  // one function per binding with that binding's channel and arguments.
  return invokers as unknown as Invokers;
}
