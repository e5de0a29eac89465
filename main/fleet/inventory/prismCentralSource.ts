/**
 * Prism Central as a fleet inventory source: the VMs it lists (vmm v4.0
 * `GET /ahv/config/vms`, every page, `$filter` on the name), narrowed by
 * cluster and power state, each one a fleet host named after the VM, reached
 * at its configured IPv4 address, else a learned one (`nics[].networkInfo`).
 * The OS comes from the guest tools' `guestOsVersion` only when that text
 * names Windows or Linux: the reference documents the field ("version of the
 * operating system on the VM") but not its format, so anything else stays
 * unknown (and such a host is tried as Linux, as an inventory host without
 * `os` is). A VM without an IPv4 address is an inventory problem with what to
 * do. The mapping is pure; the listing comes through the PC client.
 */
import { guestOsKind } from '../../cluster/prismCentral/guestOsKind';
import { isIPv4 } from 'node:net';

import type { Translate } from '../../engine/job';
import type { PcClient } from '../../cluster/prismCentral/httpClient';
import { listAllVms, nameContainsFilter, type PcVm } from '../../cluster/prismCentral/vmList';
import type { HostOs, InventoryHost, InventoryResult, InventorySource } from './inventoryModel';
import { ProblemList } from './inventoryModel';
import { validateInventory } from './inventoryValidation';

import type { PcPowerSelection } from './pcPowerStates';
export { PC_POWER_STATES, type PcPowerSelection } from './pcPowerStates';

export interface PrismCentralSelection {
  /** VMs whose name contains this text (sent to Prism Central as `contains(name, '…')`). */
  nameContains?: string;
  /** Only VMs of this cluster (its extId). */
  clusterExtId?: string;
  /** Default `ON`: a VM that is off has no address to prepare. */
  powerState?: PcPowerSelection;
}

/** Host variables a Prism Central host carries (for later steps: the clone repair, the report). */
export const PC_VARS = {
  vmExtId: 'pc_vm_ext_id',
  powerState: 'pc_power_state',
  clusterExtId: 'pc_cluster_ext_id',
  guestOsVersion: 'pc_guest_os_version',
} as const;

/** The catalogue entry ({message, remediation}) of a problem only this source reports. */
function pcProblemEntry(key: 'noAddress'): string {
  return `clusterHealth.inventory.${key}`;
}

export function prismCentralSourceId(host: string, port: number): string {
  return `prism-central:${host}:${port}`;
}

/** Configured addresses first (what the administrator set), then the learned ones; IPv4 only. */
export function vmAddress(vm: PcVm): string | undefined {
  return [...vm.configuredIps, ...vm.learnedIps].find((ip) => isIPv4(ip));
}

/** The OS from guestOsVersion, by the one reading the push readiness uses (guestOsKind); unknown stays unknown. */
export function vmOs(vm: PcVm): HostOs | undefined {
  const kind = guestOsKind(vm.guestTools?.guestOsVersion);
  if (kind === 'windows') return 'windows';
  return kind === 'unknown' ? undefined : 'linux';
}

export function selectVms(vms: PcVm[], selection: PrismCentralSelection): PcVm[] {
  const power = selection.powerState ?? 'ON';
  return vms.filter(
    (vm) =>
      (power === 'any' || vm.powerState === power) &&
      (selection.clusterExtId === undefined ||
        vm.clusterExtId?.toLowerCase() === selection.clusterExtId.toLowerCase()) &&
      (selection.nameContains === undefined || vm.name.includes(selection.nameContains)),
  );
}

/** The fleet inventory of the chosen VMs. Names are the VM names; a name two VMs share gets the extId's first block. */
export function inventoryFromVms(vms: PcVm[], selection: PrismCentralSelection, sourceId: string): InventoryResult {
  const problems = new ProblemList(sourceId);
  const chosen = selectVms(vms, selection);
  const nameCount = new Map<string, number>();
  for (const vm of chosen) nameCount.set(vm.name, (nameCount.get(vm.name) ?? 0) + 1);
  const hosts: InventoryHost[] = [];
  for (const vm of chosen) {
    const base = vm.name || vm.extId;
    const name = (nameCount.get(vm.name) ?? 0) > 1 ? `${base}-${vm.extId.slice(0, 8)}` : base;
    const address = vmAddress(vm);
    if (!address) {
      problems.items.push({
        key: 'noAddress',
        file: sourceId,
        host: name,
        params: { extId: vm.extId, power: vm.powerState },
        catalogue: pcProblemEntry('noAddress'),
      });
      continue;
    }
    hosts.push({
      name,
      address,
      os: vmOs(vm),
      groups: [],
      vars: {
        [PC_VARS.vmExtId]: vm.extId,
        [PC_VARS.powerState]: vm.powerState,
        ...(vm.clusterExtId ? { [PC_VARS.clusterExtId]: vm.clusterExtId } : {}),
        ...(vm.guestTools?.guestOsVersion ? { [PC_VARS.guestOsVersion]: vm.guestTools.guestOsVersion } : {}),
      },
      origin: { file: sourceId },
    });
  }
  if (chosen.length === 0) problems.add('empty', {}, {});
  return validateInventory({
    format: 'prism-central',
    hosts,
    groups: { all: hosts.map((h) => h.name) },
    problems: problems.items,
  });
}

export function prismCentralInventorySource(
  client: PcClient,
  endpoint: { host: string; port: number },
  selection: PrismCentralSelection,
  t: Translate,
): InventorySource {
  const id = prismCentralSourceId(endpoint.host, endpoint.port);
  return {
    id,
    async load() {
      const filter = selection.nameContains ? nameContainsFilter(selection.nameContains) : undefined;
      const vms = await listAllVms(client, t, { filter, limit: 100 });
      return inventoryFromVms(vms, selection, id);
    },
  };
}
