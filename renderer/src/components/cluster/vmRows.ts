/**
 * The VM table's model: the rows the list job handed back (its `list-vms`
 * step's data), the name filter, which rows can be chosen for a push, and the
 * facts each column shows. Pure.
 */
import type { PcVmRow } from '../../../../main/ipc/contract';
import type { StepView } from '../../state/jobState';

export const LIST_STEP_ID = 'list-vms';

/** The rows of a finished list job; empty until its list step has ended. */
export function readVmRows(steps: StepView[]): PcVmRow[] {
  const data = steps.find((s) => s.id === LIST_STEP_ID)?.outcome?.data;
  return Array.isArray(data?.vms) ? (data.vms as PcVmRow[]) : [];
}

/** Rows whose name contains the text, ignoring case and surrounding spaces; all rows for an empty text. */
export function filterVmRows(rows: PcVmRow[], text: string): PcVmRow[] {
  const wanted = text.trim().toLowerCase();
  return wanted ? rows.filter((r) => r.name.toLowerCase().includes(wanted)) : rows;
}

export type Tri = boolean | null;

export interface VmFacts {
  poweredOn: boolean;
  ngtInstalled: Tri;
  version: string | null;
  availableVersion: string | null;
  isoInserted: boolean;
  emptyCdRom: boolean;
  reachable: Tri;
  /** Message keys of what to do, from the readiness checks that are not ok. */
  advice: string[];
  /** Linux whose distribution the stock installer does not name: NGT Prep's own SSH install. */
  sshWay: boolean;
  /** What the row says overall. */
  state: 'link-active' | 'ready' | 'ssh-way' | 'not-ready';
}

export function vmFacts(row: PcVmRow): VmFacts {
  const gt = row.guestTools;
  const check = (id: string) => row.readiness.checks.find((c) => c.id === id);
  // The readiness rule says it (main/cluster/prismCentral/vmReadiness.ts); the row shows it with its own link.
  const sshWay = check('installerNamesOs')?.ok === false;
  const state = row.readiness.done
    ? 'link-active'
    : sshWay
      ? 'ssh-way'
      : row.readiness.pushable
        ? 'ready'
        : 'not-ready';
  return {
    poweredOn: check('poweredOn')?.ok === true,
    ngtInstalled: check('ngtInstalled')?.ok ?? null,
    version: gt?.version ?? null,
    availableVersion: gt?.availableVersion ?? null,
    isoInserted: gt?.isIsoInserted ?? row.cdRoms.some((c) => c.isoType === 'GUEST_TOOLS'),
    emptyCdRom: row.cdRoms.some((c) => !c.inserted),
    reachable: check('reachable')?.ok ?? null,
    advice: row.readiness.checks
      .filter((c) => c.ok === false && c.adviceKey && c.id !== 'installerNamesOs')
      .map((c) => c.adviceKey!),
    sshWay,
    state,
  };
}

/** A push is offered for a VM that is ready and that Prism Central's installer can take. */
export function canPush(row: PcVmRow): boolean {
  return vmFacts(row).state === 'ready';
}

/** The chosen extIds that are still in the list and can be pushed, in the list's order. */
export function pushTargets(rows: PcVmRow[], chosen: ReadonlySet<string>): PcVmRow[] {
  return rows.filter((r) => chosen.has(r.extId) && canPush(r));
}
