/**
 * NGT health across a fleet, from what each host's job already reported:
 * the installed client certificate's expiry (the existing-ngt step's
 * `clientCertificate`, read by the prepare probe) and clones (hosts sharing an
 * `ngt_uuid`, FleetRun.clones). Expired is a failure, under 90 days or
 * unreadable a warning. A clone finding becomes a repair when Prism Central
 * knows every clone (the inventory came from it): insert the NGT ISO on each
 * one, then restart the agent (cloneRepair.ts). Pure.
 */
import type { ClientCertificateHealth } from '../../ngt/clientCertificateHealth';
import type { CloneFinding, HostRun } from '../fleetTypes';
import type { InventoryHost } from '../inventory/inventoryModel';
import { PC_VARS } from '../inventory/prismCentralSource';

export type HealthSeverity = 'warn' | 'fail';

export interface CertificateFinding {
  host: string;
  address: string;
  severity: HealthSeverity;
  certificate: ClientCertificateHealth;
}

function isCertificate(value: unknown): value is ClientCertificateHealth {
  const v = value as Partial<ClientCertificateHealth> | null;
  return typeof v?.state === 'string' && typeof v.path === 'string';
}

/** One finding per host whose certificate is expired, expiring or unreadable; expired first, then by days left. */
export function certificateFindings(hosts: HostRun[]): CertificateFinding[] {
  const findings: CertificateFinding[] = [];
  for (const h of hosts) {
    const data = h.report?.steps.find((s) => s.id === 'existing-ngt')?.data?.clientCertificate;
    if (!isCertificate(data) || data.state === 'ok') continue;
    findings.push({
      host: h.name,
      address: h.address,
      severity: data.state === 'expired' ? 'fail' : 'warn',
      certificate: data,
    });
  }
  const rank = (f: CertificateFinding) => (f.severity === 'fail' ? 0 : 1);
  return findings.sort(
    (a, b) =>
      rank(a) - rank(b) ||
      (a.certificate.daysLeft ?? Infinity) - (b.certificate.daysLeft ?? Infinity) ||
      a.host.localeCompare(b.host),
  );
}

export interface CloneRepairTarget {
  host: string;
  /** The VM's extId in Prism Central; absent when the host did not come from it. */
  vmExtId?: string;
  os?: 'linux' | 'windows';
}

export interface CloneRepairPlan {
  ngtUuid: string;
  targets: CloneRepairTarget[];
  /** Every clone is a Prism Central VM: the repair can be offered as one action. */
  offered: boolean;
}

export function cloneRepairPlans(clones: CloneFinding[], inventory: InventoryHost[]): CloneRepairPlan[] {
  const byName = new Map(inventory.map((h) => [h.name, h]));
  return clones.map((c) => {
    const targets = c.hosts.map((host) => {
      const h = byName.get(host);
      const id = h?.vars[PC_VARS.vmExtId];
      return {
        host,
        vmExtId: typeof id === 'string' ? id : undefined,
        os: h?.os === 'windows' ? 'windows' : 'linux',
      } as const;
    });
    return { ngtUuid: c.ngtUuid, targets, offered: targets.every((x) => x.vmExtId !== undefined) };
  });
}
