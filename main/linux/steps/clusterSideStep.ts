/**
 * Cluster-side step: the VM cannot see what the cluster recorded, so this
 * names the ncli commands that show it on a CVM (VM name guessed from the
 * VM's hostname) with the NGT UUID the installed configuration holds.
 */
import type { StepDefinition } from '../../engine/job';
import type { LinuxInstallState } from './linuxJobState';
import type { LinuxStepKit } from './stepKit';
import type { VerifyFactsReader } from './verifyFacts';

export function clusterSideStep(kit: LinuxStepKit, verifyFacts: VerifyFactsReader): StepDefinition<LinuxInstallState> {
  const { t, params } = kit;
  return kit.step('cluster-side', 'verify', async (ctx) => {
    const v = await verifyFacts(ctx);
    const vmName = v.hostname || params.host;
    const commands = [
      `ncli vm list name="${vmName}"`,
      'ncli ngt get vm-id=<Uuid from the line above>',
      `ncli ngt list vm-names="${vmName}"`,
    ];
    return {
      status: 'ok',
      summary: t('linuxJob.clusterSide.summary'),
      detail: t('linuxJob.clusterSide.detail', {
        vmName,
        list: commands[0],
        get: commands[1],
        byName: commands[2],
        ngtUuid: v.config?.ngtUuid ?? '?',
      }),
      data: { commands, vmNameGuess: vmName, ngtUuid: v.config?.ngtUuid, checkedFromVm: false },
    };
  });
}
