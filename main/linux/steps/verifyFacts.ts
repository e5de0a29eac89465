/**
 * The verify probe (remoteScripts.VERIFY_SCRIPT), run once per job: the first
 * verify step that asks runs it, the others read the same facts.
 */
import { interpretVerifyFacts, parseFactLines, type VerifyFacts } from '../prepareProbe';
import { PYTHON_CLUSTER_PROGRAM, VERIFY_SCRIPT } from '../remoteScripts';
import { CLUSTER_TIMEOUT_S, PROBE_TIMEOUT_MS } from './remoteTimeouts';
import type { LinuxCtx, LinuxStepKit } from './stepKit';

export type VerifyFactsReader = (ctx: LinuxCtx) => Promise<VerifyFacts>;

export function verifyFactsReader(kit: LinuxStepKit): VerifyFactsReader {
  const { state } = kit;
  return async (ctx) => {
    if (state.verify) return state.verify;
    const result = await kit.session().runScript(VERIFY_SCRIPT, {
      args: [
        String(CLUSTER_TIMEOUT_S),
        PYTHON_CLUSTER_PROGRAM,
        state.python?.python?.path ?? '',
        state.agentLogHint ?? '',
      ],
      sudo: state.sudo,
      timeoutMs: PROBE_TIMEOUT_MS,
      signal: ctx.signal,
    });
    state.verify = interpretVerifyFacts(parseFactLines(result.stdout));
    return state.verify;
  };
}
