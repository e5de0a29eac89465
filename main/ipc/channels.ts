/**
 * The named functions the renderer may call and the channel each one uses.
 * Kept apart from the schemas so the sandboxed preload bundles no validator:
 * validation happens in main, in the dispatcher.
 */
import type { JobEvent } from '../engine/types';
import type {
  AppInfo,
  ExportedFile,
  InvokeChannel,
  InvokeRequest,
  IpcResult,
  JobStartRequest,
  Settings,
} from './contract';

/** What the preload exposes as `window.ngtPrep`, and what the browser host's client implements. */
export interface NgtPrepApi {
  appInfo(): Promise<IpcResult<AppInfo>>;
  getSettings(): Promise<IpcResult<Settings>>;
  setSettings(patch: InvokeRequest<'settings:set'>): Promise<IpcResult<Settings>>;
  startJob(request: JobStartRequest): Promise<IpcResult<{ jobId: string }>>;
  cancelJob(jobId: string): Promise<IpcResult<{ cancelled: boolean }>>;
  answerPrompt(jobId: string, promptId: string, accept: boolean): Promise<IpcResult<{ accepted: boolean }>>;
  exportReport(jobId: string, format: 'json' | 'html'): Promise<IpcResult<ExportedFile>>;
  exportWindowsScript(request: InvokeRequest<'windows:export'>): Promise<IpcResult<ExportedFile>>;
  /** Subscribes to job events; returns its own unsubscribe function. */
  onJobEvent(listener: (event: JobEvent) => void): () => void;
}

/** Maps the API's named functions to channels: one table, used by preload and the web client. */
export const API_CHANNELS = {
  appInfo: 'app:info',
  getSettings: 'settings:get',
  setSettings: 'settings:set',
  startJob: 'job:start',
  cancelJob: 'job:cancel',
  answerPrompt: 'job:answer',
  exportReport: 'report:export',
  exportWindowsScript: 'windows:export',
} as const satisfies Record<Exclude<keyof NgtPrepApi, 'onJobEvent'>, InvokeChannel>;

/** Builds the request payload for each named function (shared by preload and web client). */
export function requestFor(name: keyof typeof API_CHANNELS, args: unknown[]): unknown {
  switch (name) {
    case 'cancelJob':
      return { jobId: args[0] };
    case 'answerPrompt':
      return { jobId: args[0], promptId: args[1], accept: args[2] };
    case 'exportReport':
      return { jobId: args[0], format: args[1] };
    case 'appInfo':
    case 'getSettings':
      return {};
    default:
      return args[0];
  }
}
