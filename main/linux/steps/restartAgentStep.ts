/**
 * The clone repair's guest side (main/fleet/health/cloneRepair.ts): once
 * Prism Central has inserted the clone's own NGT ISO, restart the guest agent
 * (agentRestart.ts) and read the installed ngt_config.json again. ok only
 * when the agent runs again and its ngt_uuid is no longer the one the clones
 * shared; otherwise a code and what to do.
 */
import type { StepDefinition } from '../../engine/job';
import type { StepOutcome } from '../../engine/types';
import { AGENT_RESTART_SCRIPT, interpretAgentRestart, judgeAgentRestart } from '../agentRestart';
import type { LinuxInstallState } from './linuxJobState';
import { PROBE_TIMEOUT_MS } from './remoteTimeouts';
import type { LinuxStepKit } from './stepKit';

/** How long the agent gets to stop, start again and take its new identity. */
export const AGENT_RESTART_WAIT_S = 60;

export function restartAgentStep(kit: LinuxStepKit, sharedUuid: string): StepDefinition<LinuxInstallState> {
  const { t, fail, state } = kit;
  return kit.step('restart-agent', 'install', async (ctx): Promise<StepOutcome> => {
    const r = await kit.session().runScript(AGENT_RESTART_SCRIPT, {
      args: [String(AGENT_RESTART_WAIT_S), sharedUuid],
      sudo: state.sudo,
      timeoutMs: AGENT_RESTART_WAIT_S * 2_000 + PROBE_TIMEOUT_MS,
      signal: ctx.signal,
    });
    const facts = interpretAgentRestart(r.stdout);
    const verdict = judgeAgentRestart(facts, sharedUuid);
    const data = {
      method: facts.method ?? 'none',
      service: facts.service,
      pidBefore: facts.pidBefore,
      pidAfter: facts.pidAfter,
      ngtUuidBefore: facts.before?.ngtUuid,
      ngtUuidAfter: facts.after?.ngtUuid,
      sharedNgtUuid: sharedUuid,
      identityChanged: verdict.ok,
    };
    const p = {
      target: kit.target,
      service: facts.service ?? 'ngt_guest_agent',
      method: t(`linuxJob.restartAgent.method.${facts.method ?? 'none'}`),
      path: facts.missing ?? '',
      uuid: sharedUuid,
      now: facts.after?.ngtUuid ?? '-',
      detail: (facts.restartOutput ?? r.stderr.trim()) || '-',
    };
    if (!verdict.ok) return fail(verdict.code, `restartAgent.${verdict.key}`, p, { data });
    return { status: 'ok', summary: t('linuxJob.restartAgent.ok', p), data };
  });
}
