/**
 * The one IPC contract shared by main, preload, the browser host and the
 * renderer: invoke channels with request schemas and response types, and the
 * error envelope. Names are `domain:action`. The named functions bound to
 * these channels, and the event channel, are in channels.ts. Pure: no Node or
 * Electron imports (the renderer bundles this file).
 */
import { z } from 'zod';
import { LANGUAGES } from '../i18n/catalogue';
import { hostField as host, portField as port } from '../engine/inputFields';
import { linuxInstallParamsSchema } from '../linux/installParams';
import { applyOptionsSchema } from '../windows/applyOptions';
import { probeParamsSchema, windowsVerifyParamsSchema } from '../windows/probe/probeParams';
import { pcPushParamsSchema, pcVmsParamsSchema } from '../cluster/prismCentral/pcWizardParams';
import type { JobEvent, JobResult, LogLevel } from '../engine/types';
import {
  fleetCheckSchema,
  fleetJobParamsSchema,
  fleetPcHostsParamsSchema,
  fleetRetryParamsSchema,
  type FleetCheckResult,
} from '../fleet/fleetJobParams';

/** The ports and the port rule the forms use (one definition, in the engine). */
export { parsePortText, SSH_PORT, WINRM_HTTPS_PORT } from '../engine/network';

export { linuxAuthSchema, linuxInstallParamsSchema, type LinuxInstallParams } from '../linux/installParams';

/** The apply options, as main/windows/applyOptions.ts defines them for the PowerShell scripts. */
export const windowsApplyOptionsSchema = applyOptionsSchema;
export type WindowsApplyOptionsInput = z.input<typeof windowsApplyOptionsSchema>;
/** The firewall address rule the wizard's form checks as the user types (the same the schema applies). */
export { isFirewallAddress, MAX_FIREWALL_ADDRESSES } from '../windows/firewallAddress';
/** The RSA key sizes the apply script accepts, for the wizard's picker. */
export { KEY_SIZES, MAX_CERT_VALIDITY_DAYS, type KeySize } from '../windows/applyOptions';
/** The one thumbprint rule (spaces, colons, the certificate dialog's invisible marks), for the wizard's field. */
export { normalizeThumbprint } from '../windows/certificateNames';

export { probeParamsSchema };
export type { ProbeParamsInput } from '../windows/probe/probeParams';

export const jobStartSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('doctor'), params: z.object({}).default({}) }),
  z.object({ kind: z.literal('linux-install'), params: linuxInstallParamsSchema }),
  z.object({ kind: z.literal('linux-remove'), params: linuxInstallParamsSchema }),
  z.object({ kind: z.literal('windows-check'), params: z.object({}).default({}) }),
  z.object({ kind: z.literal('windows-apply'), params: windowsApplyOptionsSchema }),
  z.object({ kind: z.literal('windows-verify'), params: windowsVerifyParamsSchema }),
  z.object({ kind: z.literal('windows-rollback'), params: z.object({}).default({}) }),
  z.object({ kind: z.literal('probe-winrm'), params: probeParamsSchema }),
  z.object({ kind: z.literal('pc-vms'), params: pcVmsParamsSchema }),
  z.object({ kind: z.literal('pc-push'), params: pcPushParamsSchema }),
  z.object({ kind: z.literal('fleet'), params: fleetJobParamsSchema }),
  z.object({ kind: z.literal('fleet-retry'), params: fleetRetryParamsSchema }),
  z.object({ kind: z.literal('fleet-pc-hosts'), params: fleetPcHostsParamsSchema }),
]);
export type JobStartRequest = z.input<typeof jobStartSchema>;
export type JobStartParsed = z.output<typeof jobStartSchema>;

/** The wizard's Prism Central jobs: their parameters and the VM rows the list hands back. */
export {
  MAX_WAIT_REACHABLE_SECONDS,
  pcPushParamsSchema,
  pcVmsParamsSchema,
} from '../cluster/prismCentral/pcWizardParams';
export type { PcVmRow } from '../cluster/prismCentral/pcWizardParams';
export { PRISM_CENTRAL_PORT } from '../engine/network';

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
  'job:log': z.object({ jobId }).strict(),
  'job:list': z.object({}).strict(),
  'job:attach': z.object({ jobId }).strict(),
  'windows:export': z.object({ options: windowsApplyOptionsSchema, goldenImage: z.boolean() }).strict(),
  'fleet:check': fleetCheckSchema.strict(),
  'fleet:cancel-host': z.object({ jobId, host: z.string().min(1).max(300) }).strict(),
  'fleet:export': z.object({ jobId, format: z.enum(['json', 'html', 'csv']) }).strict(),
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

/** One line of a job's whole log, debug lines included (for "Copy log" with debug lines). */
export interface JobLogLine {
  at: string;
  level: LogLevel;
  text: string;
}

/**
 * A job event as main sends it to the front ends: numbered per job from 1, in
 * the order main sent them, so a view rebuilt from 'job:attach' can take the
 * live events that follow without a gap or a duplicate.
 */
export type SequencedJobEvent = JobEvent & { seq: number };

/** Log lines a job's view keeps (the wizard's log panel, and what 'job:attach' hands back). */
export const SCREEN_LOG_LINES = 5000;

/**
 * One job of 'job:list': what it is and where it stands, for a person to go
 * back to it. `title` is the job's target as its 'job-started' event said it
 * (e.g. "root@10.0.0.5:22"): redacted like every event, never a secret.
 */
export interface JobSummary {
  jobId: string;
  kind: string;
  title: string;
  startedAt: string;
  /** 'waiting' is running with a question for the person still open. */
  state: 'running' | 'waiting' | 'finished';
  result?: JobResult;
  finishedAt?: string;
}

/** What 'job:attach' hands back: the job, and the events sent so far (lastSeq is the newest one's number). */
export interface JobAttachment {
  job: JobSummary;
  events: SequencedJobEvent[];
  lastSeq: number;
}

export interface InvokeResponses {
  'app:info': AppInfo;
  'settings:get': Settings;
  'settings:set': Settings;
  'job:start': { jobId: string };
  'job:cancel': { cancelled: boolean };
  'job:answer': { accepted: boolean };
  'report:export': ExportedFile;
  'job:log': { lines: JobLogLine[] };
  'job:list': { jobs: JobSummary[] };
  'job:attach': JobAttachment;
  'windows:export': ExportedFile;
  'fleet:check': FleetCheckResult;
  'fleet:cancel-host': { cancelled: boolean };
  'fleet:export': ExportedFile;
}

export type { FleetCheckResult, FleetCheckRequest } from '../fleet/fleetJobParams';
/** The board's Prism Central source: the power states it picks VMs by, and its cluster extId rule. */
export { PC_POWER_STATES, type PcPowerSelection } from '../fleet/inventory/pcPowerStates';
export { fleetPrismCentralSourceSchema } from '../fleet/fleetJobParams';

export type InvokeRequest<C extends InvokeChannel> = z.input<(typeof invokeSchemas)[C]>;
export type InvokeParsed<C extends InvokeChannel> = z.output<(typeof invokeSchemas)[C]>;

/** Errors cross the boundary as data, so codes and remediation survive. */
export interface IpcError {
  code: string;
  message: string;
  remediation?: string;
  issues?: { path: string; message: string }[];
}
export type IpcResult<T> = { ok: true; value: T } | { ok: false; error: IpcError };
