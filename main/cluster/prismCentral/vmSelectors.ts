/**
 * Which VMs `--vm NAME|UUID` means: an extId (a UUID) picks that VM, a name
 * must match exactly one VM. Every selector that matches nothing, several VMs,
 * or a VM another selector already picked is reported at once. The matching is
 * pure; the list comes from Prism Central.
 */
import { NgtError } from '../../engine/errors';
import type { Translate } from '../../engine/job';
import type { PcClient } from './httpClient';
import { listAllVms, type PcVm } from './vmList';
import { vmReadiness, type VmReadiness } from './vmReadiness';

export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface ResolvedTarget {
  selector: string;
  vm: PcVm;
  readiness: VmReadiness;
}

export type SelectorProblem =
  | { selector: string; kind: 'not-found' }
  | { selector: string; kind: 'ambiguous'; matches: PcVm[] }
  | { selector: string; kind: 'duplicate'; vm: PcVm; other: string };

export function matchSelectors(
  vms: PcVm[],
  selectors: string[],
): { targets: ResolvedTarget[]; problems: SelectorProblem[] } {
  const targets: ResolvedTarget[] = [];
  const problems: SelectorProblem[] = [];
  const picked = new Map<string, string>();
  for (const selector of selectors) {
    const byId = UUID_PATTERN.test(selector) ? vms.filter((v) => v.extId.toLowerCase() === selector.toLowerCase()) : [];
    const matches = byId.length > 0 ? byId : vms.filter((v) => v.name === selector);
    if (matches.length === 0) problems.push({ selector, kind: 'not-found' });
    else if (matches.length > 1) problems.push({ selector, kind: 'ambiguous', matches });
    else {
      const vm = matches[0];
      const other = picked.get(vm.extId);
      if (other !== undefined) problems.push({ selector, kind: 'duplicate', vm, other });
      else {
        picked.set(vm.extId, selector);
        targets.push({ selector, vm, readiness: vmReadiness(vm) });
      }
    }
  }
  return { targets, problems };
}

function problemLine(p: SelectorProblem, t: Translate): string {
  if (p.kind === 'not-found') return t('cluster.push.selector.notFound', { vm: p.selector });
  if (p.kind === 'ambiguous')
    return t('cluster.push.selector.ambiguous', {
      vm: p.selector,
      extIds: p.matches.map((m) => m.extId).join(', '),
    });
  return t('cluster.push.selector.duplicate', { vm: p.selector, other: p.other, extId: p.vm.extId });
}

export async function resolveVmSelectors(
  client: PcClient,
  selectors: string[],
  t: Translate,
): Promise<ResolvedTarget[]> {
  const vms = await listAllVms(client, t, { limit: 100 });
  const { targets, problems } = matchSelectors(vms, selectors);
  if (problems.length > 0)
    throw new NgtError('PC_VM_SELECTION', t('cluster.push.selector.failed', { count: problems.length }), {
      detail: problems.map((p) => problemLine(p, t)).join('\n'),
      remediation: t('cluster.push.selector.fix'),
    });
  return targets;
}
