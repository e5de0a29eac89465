/**
 * The one IPC contract shared by main, preload, the browser host and the
 * renderer: invoke channels with request schemas and response types, and the
 * event channel with its payload. Names are `domain:action`. Pure: no Node or
 * Electron imports (the renderer bundles this file).
 */
import { z } from 'zod';
import type { JobEvent } from '../engine/types';
import { LANGUAGES } from '../i18n/catalogue';
import { applyOptionsSchema } from '../windows/contracts';

export const JOB_KINDS = [
  'doctor',
  'linux-install',
  'linux-remove',
  'windows-check',
  'windows-apply',
  'windows-verify',
  'windows-rollback',
  'probe-winrm',
] as const;
export type JobKind = (typeof JOB_KINDS)[number];

const host = z
  .string()
  .trim()
  .min(1)
  .max(253)
  .regex(/^[A-Za-z0-9._:[\]-]+$/, 'host must be a DNS name or an IP address');
const port = z.number().int().min(1).max(65535);
const secret = z.string().max(4096);

export const linuxAuthSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('password'), password: secret.min(1) }),
  z.object({ kind: z.literal('key'), privateKeyPath: z.string().min(1).max(4096), passphrase: secret.optional() }),
  z.object({ kind: z.literal('agent') }),
]);

export const linuxInstallParamsSchema = z.object({
  host,
  port: port.default(22),
  username: z
    .string()
    .min(1)
    .max(64)
    .regex(/^[A-Za-z0-9._][A-Za-z0-9._-]*\$?$/, 'not a valid user name'),
  auth: linuxAuthSchema,
  sudoPassword: secret.optional(),
  /** Root's password for `su -`, on a VM without sudo for this user (asked for; never with sudoPassword). */
  suPassword: secret.optional(),
  distro: z.string().min(1).max(100).optional(),
  isoDir: z.string().min(1).max(4096).optional(),
  phase: z.enum(['prepare', 'install', 'verify', 'all']).default('all'),
  dryRun: z.boolean().default(false),
  force: z.boolean().default(false),
});
export type LinuxInstallParams = z.infer<typeof linuxInstallParamsSchema>;

/** The apply options, as main/windows/contracts.ts defines them for the PowerShell scripts. */
export const windowsApplyOptionsSchema = applyOptionsSchema;
export type WindowsApplyOptionsInput = z.input<typeof windowsApplyOptionsSchema>;

export const probeParamsSchema = z.object({
  host,
  port: port.default(5986),
  user: z.string().min(1).max(256).optional(),
  password: secret.optional(),
});

export const jobStartSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('doctor'), params: z.object({}).default({}) }),
  z.object({ kind: z.literal('linux-install'), params: linuxInstallParamsSchema }),
  z.object({ kind: z.literal('linux-remove'), params: linuxInstallParamsSchema }),
  z.object({ kind: z.literal('windows-check'), params: z.object({}).default({}) }),
  z.object({ kind: z.literal('windows-apply'), params: windowsApplyOptionsSchema }),
  z.object({ kind: z.literal('windows-verify'), params: z.object({}).default({}) }),
  z.object({ kind: z.literal('windows-rollback'), params: z.object({}).default({}) }),
  z.object({ kind: z.literal('probe-winrm'), params: probeParamsSchema }),
]);
export type JobStartRequest = z.input<typeof jobStartSchema>;
export type JobStartParsed = z.output<typeof jobStartSchema>;

export const recentHostSchema = z.object({
  host,
  port,
  username: z.string().max(64),
  authKind: z.enum(['password', 'key', 'agent']),
  privateKeyPath: z.string().max(4096).optional(),
});
export type RecentHost = z.infer<typeof recentHostSchema>;

export const settingsSchema = z.object({
  lang: z.enum(LANGUAGES).optional(),
  recentHosts: z.array(recentHostSchema).max(10).default([]),
});
export type Settings = z.infer<typeof settingsSchema>;

/** Something found wrong with the stored settings at start (main/app/settingsStore.ts). */
export interface SettingsNotice {
  code: 'SETTINGS_CORRUPT' | 'SETTINGS_UNREADABLE';
  file: string;
  /** Where the unreadable file was kept, when it could be moved aside. */
  keptAs?: string;
  detail: string;
}

const jobId = z.string().min(1).max(100);

/** Invoke channels: request schema (validated in main) and response type. */
export const invokeSchemas = {
  'app:info': z.object({}).strict(),
  'settings:get': z.object({}).strict(),
  'settings:set': settingsSchema.partial().strict(),
  'job:start': jobStartSchema,
  'job:cancel': z.object({ jobId }).strict(),
  'job:answer': z.object({ jobId, promptId: z.string().min(1).max(200), accept: z.boolean() }).strict(),
  'report:export': z.object({ jobId, format: z.enum(['json', 'html']) }).strict(),
  'windows:export': z.object({ options: windowsApplyOptionsSchema, goldenImage: z.boolean() }).strict(),
} as const;

export type InvokeChannel = keyof typeof invokeSchemas;

export interface AppInfo {
  name: string;
  version: string;
  platform: string;
  host: 'electron' | 'web';
  systemLanguage: string;
  /** What was found wrong with the stored settings at start; the UI shows each. */
  settingsNotices: SettingsNotice[];
}

export interface ExportedFile {
  fileName: string;
  mimeType: string;
  content: string;
}

export interface InvokeResponses {
  'app:info': AppInfo;
  'settings:get': Settings;
  'settings:set': Settings;
  'job:start': { jobId: string };
  'job:cancel': { cancelled: boolean };
  'job:answer': { accepted: boolean };
  'report:export': ExportedFile;
  'windows:export': ExportedFile;
}

export type InvokeRequest<C extends InvokeChannel> = z.input<(typeof invokeSchemas)[C]>;
export type InvokeParsed<C extends InvokeChannel> = z.output<(typeof invokeSchemas)[C]>;

/** Event channels pushed from main to the renderer. */
export interface EventPayloads {
  'job:event': JobEvent;
}
export type EventChannel = keyof EventPayloads;
export const EVENT_CHANNELS: readonly EventChannel[] = ['job:event'];

/** Errors cross the boundary as data, so codes and remediation survive. */
export interface IpcError {
  code: string;
  message: string;
  remediation?: string;
  issues?: { path: string; message: string }[];
}
export type IpcResult<T> = { ok: true; value: T } | { ok: false; error: IpcError };

export { API_CHANNELS, requestFor, type NgtPrepApi } from './channels';
