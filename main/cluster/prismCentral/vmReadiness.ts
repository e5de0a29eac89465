/**
 * What Prism Central's own view says about a VM before an NGT push: powered
 * on, NGT installed and current, ISO inserted or an empty CD-ROM to take it,
 * guest tools reachable, and a guest OS the stock installer accepts (a Linux
 * distribution it does not name goes NGT Prep's own SSH way instead). Pure;
 * the guest-side checks (5986 probe, Linux prepare) are added by the fleet
 * when it has them.
 */
import type { Translate } from '../../engine/job';
import { guestOsKind } from './guestOsKind';
import type { PcVm } from './vmList';

export type ReadinessCheckId =
  'poweredOn' | 'ngtInstalled' | 'ngtCurrent' | 'isoOrEmptyCdRom' | 'reachable' | 'installerNamesOs';

export interface ReadinessCheck {
  id: ReadinessCheckId;
  /** null: cannot be told from what Prism Central reported. */
  ok: boolean | null;
  /** Message key explaining a check that is not ok. */
  adviceKey?: string;
}

export interface VmReadiness {
  checks: ReadinessCheck[];
  /** The push can start: powered on, and the ISO can be mounted. */
  pushable: boolean;
  /** NGT is installed, current and its link to the cluster is active: nothing to push. */
  done: boolean;
}

/** Compares dotted versions numerically ("4.10" > "4.9"); null when either is missing. */
export function compareVersions(a: string | null, b: string | null): number | null {
  if (!a || !b) return null;
  const pa = a.split(/[.-]/).map((x) => Number.parseInt(x, 10) || 0);
  const pb = b.split(/[.-]/).map((x) => Number.parseInt(x, 10) || 0);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return Math.sign(d);
  }
  return 0;
}

/** The state `pc vms` and the push job's find step show for a VM: link active, pushable, or not pushable. */
export function readinessLabel(readiness: VmReadiness, t: Translate): string {
  if (readiness.done) return t('cluster.cli.vms.linkActive');
  return readiness.pushable ? t('cluster.cli.vms.pushable') : t('cluster.cli.vms.notPushable');
}

export function vmReadiness(vm: PcVm): VmReadiness {
  const gt = vm.guestTools;
  const poweredOn = vm.powerState === 'ON';
  const isoInserted = gt?.isIsoInserted ?? vm.cdRoms.some((c) => c.isoType === 'GUEST_TOOLS');
  const emptyCdRom = vm.cdRoms.some((c) => !c.inserted);
  const installed = gt ? gt.isInstalled : null;
  const versionOrder = gt && gt.isInstalled ? compareVersions(gt.version, gt.availableVersion) : null;
  // Known only once guest tools have reported the OS; a fresh VM's is unknown (null), not refused.
  const os = guestOsKind(gt?.guestOsVersion);
  const sshWay = os === 'linux-unnamed';
  const checks: ReadinessCheck[] = [
    { id: 'poweredOn', ok: poweredOn, adviceKey: poweredOn ? undefined : 'cluster.readiness.powerOn' },
    { id: 'ngtInstalled', ok: installed },
    {
      id: 'ngtCurrent',
      ok: installed === false ? false : versionOrder === null ? null : versionOrder >= 0,
      adviceKey: versionOrder !== null && versionOrder < 0 ? 'cluster.readiness.upgrade' : undefined,
    },
    {
      id: 'isoOrEmptyCdRom',
      ok: isoInserted || emptyCdRom,
      adviceKey: isoInserted || emptyCdRom ? undefined : 'cluster.remediation.noFreeCdRom',
    },
    { id: 'reachable', ok: gt ? gt.isReachable : null },
    {
      id: 'installerNamesOs',
      ok: sshWay ? false : os === 'unknown' ? null : true,
      adviceKey: sshWay ? 'cluster.readiness.sshWay' : undefined,
    },
  ];
  const done = installed === true && (versionOrder === null || versionOrder >= 0) && gt?.isReachable === true;
  return { checks, pushable: poweredOn && (isoInserted || emptyCdRom) && !done && !sshWay, done };
}
