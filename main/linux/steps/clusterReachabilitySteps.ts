/**
 * Whether the VM reaches the cluster's NGT port (the ISO's, in prepare; the
 * installed configuration's, in verify), as the VM itself sees it. Advisory:
 * an unreachable cluster is a warning, the install itself does not need it.
 */
import type { StepDefinition } from '../../engine/job';
import type { StepOutcome } from '../../engine/types';
import type { ClusterCheck } from '../prepareProbe';
import type { LinuxInstallState } from './linuxJobState';
import { CLUSTER_TIMEOUT_S } from './remoteTimeouts';
import type { LinuxCtx, LinuxStepKit } from './stepKit';
import type { VerifyFactsReader } from './verifyFacts';

function reachParams(c: ClusterCheck) {
  return {
    p: { ip: c.ip, port: c.port, error: c.error ?? '', seconds: CLUSTER_TIMEOUT_S },
    data: { clusterIp: c.ip, port: c.port, reachable: c.reachable },
  };
}

export function clusterStep(kit: LinuxStepKit): StepDefinition<LinuxInstallState> {
  const { t, warn } = kit;
  return kit.step(
    'cluster',
    'prepare',
    async () => {
      const f = kit.facts();
      const serial = t(`linuxJob.cluster.serial.${f.serial}`);
      const c = f.cluster;
      if (!c)
        return {
          status: 'skipped',
          summary: t('linuxJob.cluster.notChecked'),
          detail: serial,
          data: { serial: f.serial },
        };
      const { p, data: reach } = reachParams(c);
      const data = { ...reach, serial: f.serial };
      if (!c.reachable) {
        return warn(
          'LINUX_CLUSTER_UNREACHABLE',
          f.serial === 'present' ? 'cluster.unreachableSerial' : 'cluster.unreachable',
          p,
          { detail: `${c.error ?? ''}\n${serial}`.trim(), data },
        );
      }
      return { status: 'ok', summary: t('linuxJob.cluster.reachable', p), detail: serial, data };
    },
    { advisory: true },
  );
}

export function verifyClusterStep(
  kit: LinuxStepKit,
  verifyFacts: VerifyFactsReader,
): StepDefinition<LinuxInstallState> {
  const { t, warn } = kit;
  return kit.step(
    'verify-cluster',
    'verify',
    async (ctx: LinuxCtx): Promise<StepOutcome> => {
      const c = (await verifyFacts(ctx)).cluster;
      if (!c) return { status: 'skipped', summary: t('linuxJob.cluster.notChecked') };
      const { p, data } = reachParams(c);
      if (!c.reachable) return warn('LINUX_CLUSTER_UNREACHABLE', 'cluster.unreachable', p, { detail: c.error, data });
      return { status: 'ok', summary: t('linuxJob.cluster.reachable', p), data };
    },
    { advisory: true },
  );
}
