/**
 * Verify step: the NGT services run, found by systemd unit, init script, pid
 * file or process (prepareProbe.serviceState, in that order), whatever the
 * installer's exit code said. When the agent is down, the end of its stdout
 * log is fetched into the report.
 */
import type { StepDefinition } from '../../engine/job';
import type { StepOutcome } from '../../engine/types';
import type { LinuxInstallState } from './linuxJobState';
import { expectsSelfServiceRestore } from '../prepareProbe';
import type { LinuxStepKit } from './stepKit';
import type { VerifyFactsReader } from './verifyFacts';

export function verifyServicesStep(
  kit: LinuxStepKit,
  verifyFacts: VerifyFactsReader,
): StepDefinition<LinuxInstallState> {
  const { t, fail } = kit;
  return kit.step('verify-services', 'verify', async (ctx): Promise<StepOutcome> => {
    const v = await verifyFacts(ctx);
    const { agent, selfServiceRestore } = v.services;
    // The older layout (/usr/local/nutanix without ngt/) ships the agent only.
    const ssrOptional = !expectsSelfServiceRestore(v.installDir) && selfServiceRestore.absent === true;
    const checked = ssrOptional ? [agent] : [agent, selfServiceRestore];
    const methods = [...new Set(checked.filter((s) => s.active).map((s) => s.method))];
    const method = methods[0] ?? (v.systemd ? 'systemd' : 'pid-file');
    const p = {
      agent: agent.name,
      agentPid: agent.pid ?? '-',
      ssrPid: selfServiceRestore.pid ?? '-',
      method: t(`linuxJob.verify.method.${method}`),
      down: checked
        .filter((s) => !s.active)
        .map((s) => s.name)
        .join(', '),
    };
    const data: Record<string, unknown> = {
      method,
      systemd: v.systemd,
      services: [agent, selfServiceRestore],
      selfServiceRestoreExpected: !ssrOptional,
    };
    if (checked.some((s) => !s.active)) {
      const log = !agent.active ? v.agentLog : undefined;
      if (log) data.agentLog = log;
      return fail('LINUX_NGT_SERVICES_DOWN', v.systemd ? 'verify.servicesDownSystemd' : 'verify.servicesDown', p, {
        data,
        detail: log ? `${t('linuxJob.verify.agentLogTail', { file: log.path })}\n${log.tail}` : undefined,
      });
    }
    return {
      status: 'ok',
      summary: t(ssrOptional ? 'linuxJob.verify.agentOnlyOk' : 'linuxJob.verify.servicesOk', p),
      data,
    };
  });
}
