/**
 * The push's per-VM view, folded from the push job's steps: `push-N` (insert
 * the ISO, install; Prism Central's task status and progressPercentage as the
 * step's progress, its errorMessages as they are when it fails) and `link-N`
 * (guest tools reachable: "Communication Link Active"). N follows the order of
 * the VMs in the request. Pure.
 */
import type { StepStatus } from '../../../../main/engine/types';
import type { StepView } from '../../state/jobState';

export type LinkState = 'pending' | 'waiting' | 'active' | 'inactive' | 'not-checked';

export interface PushRow {
  extId: string;
  name: string;
  status: StepStatus;
  /** 0..100 while a task runs or after it ended; undefined before. */
  percent?: number;
  /** The task stage and status as main said it ("Installing NGT: task RUNNING 33%"). */
  label?: string;
  /** The step's summary once it ended. */
  summary?: string;
  /** Prism Central's errorMessages, one per line, as they came. */
  errors?: string;
  remediation?: string;
  link: LinkState;
}

function linkState(step: StepView | undefined): LinkState {
  if (!step || step.status === 'pending') return 'pending';
  if (step.status === 'running') return 'waiting';
  if (step.status === 'skipped') return 'not-checked';
  return step.outcome?.data?.communicationLinkActive === true ? 'active' : 'inactive';
}

export function pushRows(steps: StepView[], vms: { extId: string; name: string }[]): PushRow[] {
  return vms.map((vm, i) => {
    const push = steps.find((s) => s.id === `push-${i + 1}`);
    const link = steps.find((s) => s.id === `link-${i + 1}`);
    const finished = push?.outcome;
    const progress = push?.progress;
    const percent =
      finished?.status === 'ok'
        ? 100
        : progress && progress.max > 0
          ? Math.round((progress.current / progress.max) * 100)
          : undefined;
    return {
      extId: vm.extId,
      name: vm.name,
      status: push?.status ?? 'pending',
      percent,
      label: push?.progress?.label,
      summary: finished?.summary,
      errors: finished && finished.status === 'fail' ? finished.detail : undefined,
      remediation: finished && finished.status === 'fail' ? finished.remediation : undefined,
      link: linkState(link),
    };
  });
}

/** The VMs of a push taken up again after the page was away: its push steps, named by their titles. */
export function pushedSteps(steps: StepView[]): { extId: string; name: string }[] {
  return steps.filter((s) => /^push-\d+$/.test(s.id)).map((s) => ({ extId: s.id, name: s.title }));
}
