import { describe, expect, it } from 'vitest';
import { matchSelectors } from '../../../main/cluster/prismCentral/vmSelectors';
import type { PcVm } from '../../../main/cluster/prismCentral/vmList';

function vm(name: string, extId: string): PcVm {
  return {
    extId,
    name,
    powerState: 'ON',
    clusterExtId: null,
    cdRoms: [{ busType: 'IDE', index: 0, inserted: false, isoType: null }],
    configuredIps: [],
    learnedIps: [],
    guestTools: null,
  };
}
const A = vm('web', '11111111-1111-4111-8111-111111111111');
const B = vm('web', '22222222-2222-4222-8222-222222222222');
const C = vm('db', '33333333-3333-4333-8333-333333333333');

describe('matchSelectors', () => {
  it('picks by UUID (any case) or by exact name, with readiness', () => {
    const { targets, problems } = matchSelectors([A, B, C], ['db', A.extId.toUpperCase()]);
    expect(problems).toEqual([]);
    expect(targets.map((x) => x.vm.extId)).toEqual([C.extId, A.extId]);
    expect(targets[0].readiness.pushable).toBe(true);
  });

  it('reports every selector that is missing, ambiguous or repeated, at once', () => {
    const { problems } = matchSelectors([A, B, C], ['web', 'nothing', 'db', C.extId, 'DB']);
    expect(problems.map((p) => [p.selector, p.kind])).toEqual([
      ['web', 'ambiguous'],
      ['nothing', 'not-found'],
      [C.extId, 'duplicate'],
      ['DB', 'not-found'],
    ]);
  });
});
