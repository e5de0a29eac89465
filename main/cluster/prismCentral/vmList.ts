/**
 * Listing VMs from Prism Central (`GET /vmm/v4.0/ahv/config/vms` with
 * `$page` from 0, `$limit` 1..100, `$filter` in OData v4.01), following pages
 * until `metadata.totalAvailableResults` is reached, and reducing each
 * `ahv.config.Vm` to what NGT Prep needs. Mapping and query building are pure.
 */
import { z } from 'zod';
import { NgtError } from '../../engine/errors';
import type { Translate } from '../../engine/job';
import { guestToolsFromApi, VMS_PATH, type GuestToolsState } from './guestTools';
import type { PcClient } from './httpClient';

export const MAX_PAGE_LIMIT = 100;

export interface PcCdRom {
  busType: string | null;
  index: number | null;
  /** Something is in the drive (backingInfo present). */
  inserted: boolean;
  isoType: string | null;
}

export interface PcVm {
  extId: string;
  name: string;
  powerState: string;
  clusterExtId: string | null;
  cdRoms: PcCdRom[];
  configuredIps: string[];
  learnedIps: string[];
  guestTools: GuestToolsState | null;
}

const ipSchema = z.object({ value: z.string() });
const vmSchema = z.object({
  extId: z.string(),
  name: z.string().nullish(),
  powerState: z.string().nullish(),
  cluster: z.object({ extId: z.string().nullish() }).nullish(),
  cdRoms: z
    .array(
      z.object({
        diskAddress: z.object({ busType: z.string().nullish(), index: z.number().nullish() }).nullish(),
        backingInfo: z.unknown().nullish(),
        isoType: z.string().nullish(),
      }),
    )
    .nullish(),
  nics: z
    .array(
      z.object({
        networkInfo: z
          .object({
            ipv4Config: z
              .object({ ipAddress: ipSchema.nullish(), secondaryIpAddressList: z.array(ipSchema).nullish() })
              .nullish(),
            ipv4Info: z.object({ learnedIpAddresses: z.array(ipSchema).nullish() }).nullish(),
          })
          .nullish(),
      }),
    )
    .nullish(),
  guestTools: z.unknown().nullish(),
});

export function vmFromApi(raw: unknown): PcVm | null {
  const parsed = vmSchema.safeParse(raw);
  if (!parsed.success) return null;
  const v = parsed.data;
  const nics = v.nics ?? [];
  return {
    extId: v.extId,
    name: v.name ?? '',
    powerState: v.powerState ?? 'UNDETERMINED',
    clusterExtId: v.cluster?.extId ?? null,
    cdRoms: (v.cdRoms ?? []).map((c) => ({
      busType: c.diskAddress?.busType ?? null,
      index: c.diskAddress?.index ?? null,
      inserted: c.backingInfo !== undefined && c.backingInfo !== null,
      isoType: c.isoType ?? null,
    })),
    configuredIps: nics.flatMap((n) => {
      const cfg = n.networkInfo?.ipv4Config;
      return [cfg?.ipAddress?.value, ...(cfg?.secondaryIpAddressList ?? []).map((a) => a.value)].filter(
        (x): x is string => !!x,
      );
    }),
    learnedIps: nics.flatMap((n) => (n.networkInfo?.ipv4Info?.learnedIpAddresses ?? []).map((a) => a.value)),
    guestTools: v.guestTools ? guestToolsFromApi(v.guestTools) : null,
  };
}

/** An OData string literal: single quotes, a quote inside doubled (OData v4.01 part 2, 5.1.1.6.1). */
export function odataString(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

/** The `$filter` for "name contains TEXT". */
export function nameContainsFilter(text: string): string {
  return `contains(name, ${odataString(text)})`;
}

export function listQuery(page: number, limit: number, filter?: string): string {
  const params = [`$page=${page}`, `$limit=${limit}`];
  if (filter) params.push(`$filter=${encodeURIComponent(filter)}`);
  return `${VMS_PATH}?${params.join('&')}`;
}

export interface ListOptions {
  filter?: string;
  limit?: number;
  onPage?: (page: number, received: number, total: number) => void;
}

export async function listAllVms(client: PcClient, t: Translate, options: ListOptions = {}): Promise<PcVm[]> {
  const limit = Math.min(MAX_PAGE_LIMIT, Math.max(1, options.limit ?? 50));
  const vms: PcVm[] = [];
  for (let page = 0; ; page++) {
    const path = listQuery(page, limit, options.filter);
    const response = await client.get<{ data?: unknown[]; metadata?: { totalAvailableResults?: number } }>(path);
    const data = response.json.data ?? [];
    const total = response.json.metadata?.totalAvailableResults;
    if (!Array.isArray(data) || (total !== undefined && typeof total !== 'number'))
      throw new NgtError('PC_BAD_RESPONSE', t('cluster.errors.badResponse', { request: `GET ${path}` }));
    for (const raw of data) {
      const vm = vmFromApi(raw);
      if (!vm) throw new NgtError('PC_BAD_RESPONSE', t('cluster.errors.badResponse', { request: `GET ${path}` }));
      vms.push(vm);
    }
    options.onPage?.(page, vms.length, total ?? vms.length);
    // Stop at the announced total; an empty or short page also ends the list (no endless loop on a miscount).
    if (data.length === 0 || data.length < limit || (total !== undefined && vms.length >= total)) return vms;
  }
}
