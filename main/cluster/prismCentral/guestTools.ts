/**
 * A VM's guest tools as Prism Central reports them (vmm v4.0
 * `ahv.config.GuestTools`), read with the ETag later mutations need, and the
 * wait until the tools are reachable — the cluster's "Communication Link Active".
 */
import { z } from 'zod';
import { NgtError } from '../../engine/errors';
import type { Translate } from '../../engine/job';
import type { PcClient } from './httpClient';
import { pollClock, type PollTiming } from '../pollTiming';

export const VMS_PATH = '/api/vmm/v4.0/ahv/config/vms';

export function vmPath(extId: string): string {
  return `${VMS_PATH}/${encodeURIComponent(extId)}`;
}

export function guestToolsPath(extId: string): string {
  return `${vmPath(extId)}/guest-tools`;
}

/** Every field is optional and read-only in the reference; unknown capabilities are kept as text. */
const guestToolsSchema = z.object({
  version: z.string().nullish(),
  isInstalled: z.boolean().nullish(),
  isEnabled: z.boolean().nullish(),
  isIsoInserted: z.boolean().nullish(),
  capabilities: z.array(z.string()).nullish(),
  availableVersion: z.string().nullish(),
  guestOsVersion: z.string().nullish(),
  isReachable: z.boolean().nullish(),
  isVssSnapshotCapable: z.boolean().nullish(),
  isVmMobilityDriversInstalled: z.boolean().nullish(),
});

export interface GuestToolsState {
  version: string | null;
  isInstalled: boolean;
  isEnabled: boolean;
  isIsoInserted: boolean;
  capabilities: string[];
  availableVersion: string | null;
  guestOsVersion: string | null;
  isReachable: boolean;
  isVssSnapshotCapable: boolean;
  isVmMobilityDriversInstalled: boolean;
}

/** Reads the documented GuestTools object; absent booleans are false, absent versions null. */
export function guestToolsFromApi(raw: unknown): GuestToolsState | null {
  const parsed = guestToolsSchema.safeParse(raw);
  if (!parsed.success) return null;
  const g = parsed.data;
  return {
    version: g.version ?? null,
    isInstalled: g.isInstalled ?? false,
    isEnabled: g.isEnabled ?? false,
    isIsoInserted: g.isIsoInserted ?? false,
    capabilities: g.capabilities ?? [],
    availableVersion: g.availableVersion ?? null,
    guestOsVersion: g.guestOsVersion ?? null,
    isReachable: g.isReachable ?? false,
    isVssSnapshotCapable: g.isVssSnapshotCapable ?? false,
    isVmMobilityDriversInstalled: g.isVmMobilityDriversInstalled ?? false,
  };
}

export interface GuestToolsRead {
  state: GuestToolsState;
  /** The ETag response header, for If-Match. */
  etag: string | undefined;
}

export async function getGuestTools(client: PcClient, extId: string, t: Translate): Promise<GuestToolsRead> {
  const response = await client.get<{ data?: unknown }>(guestToolsPath(extId), { vmExtId: extId });
  const state = guestToolsFromApi(response.json.data);
  if (!state)
    throw new NgtError('PC_BAD_RESPONSE', t('cluster.errors.badResponse', { request: `GET ${guestToolsPath(extId)}` }));
  return { state, etag: response.etag };
}

export interface ReachableWaitOptions extends PollTiming {
  timeoutMs: number;
}

/**
 * Polls the guest tools until `isReachable` is true. Returns the last state read,
 * reachable or not when the time ran out: the caller reports either.
 */
export async function waitUntilReachable(
  client: PcClient,
  extId: string,
  t: Translate,
  options: ReachableWaitOptions,
): Promise<{ reachable: boolean; state: GuestToolsState; reads: number }> {
  const { now, sleep } = pollClock(options);
  const start = now();
  for (let reads = 1; ; reads++) {
    const { state } = await getGuestTools(client, extId, t);
    if (state.isReachable) return { reachable: true, state, reads };
    if (now() - start >= options.timeoutMs) return { reachable: false, state, reads };
    await sleep(options.intervalMs);
  }
}
