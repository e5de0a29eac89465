/**
 * A fleet taken from Prism Central proves each host's link there: every host
 * that came from a VM gets the Prism Central account and its VM's extId in
 * its job parameters, so its verify phase asks Prism Central for
 * `isReachable` ("Communication Link Active") instead of searching by address.
 * The CLI's `fleet … --pc` and the board's Prism Central source share it.
 */
import type { LinuxInstallParams } from '../linux/installParams';
import type { InventoryHost } from './inventory/inventoryModel';
import { PC_VARS } from './inventory/prismCentralSource';

export type PrismCentralLink = NonNullable<LinuxInstallParams['prismCentral']>;

export function withPrismCentralLink(
  params: Map<string, Omit<LinuxInstallParams, 'phase' | 'dryRun'>>,
  hosts: InventoryHost[],
  link: PrismCentralLink | undefined,
): void {
  if (!link) return;
  for (const h of hosts) {
    const p = params.get(h.name);
    const vmExtId = h.vars[PC_VARS.vmExtId];
    if (p && typeof vmExtId === 'string') params.set(h.name, { ...p, prismCentral: { ...link, vmExtId } });
  }
}
