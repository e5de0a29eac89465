import type { StepStatus } from '../../../../main/engine/types';
import type { HostStatus } from '../../state/fleetBoardState';
import { StatusIcon } from '../StatusIcon';

const AS_STEP: Record<HostStatus, StepStatus> = {
  waiting: 'pending',
  running: 'running',
  ok: 'ok',
  warn: 'warn',
  failed: 'fail',
  cancelled: 'skipped',
  skipped: 'skipped',
};

/** A host's status as the step icons show it; the status is written beside it, so the icon is decoration. */
export function FleetStatusIcon({ status }: { status: HostStatus }) {
  return (
    <span aria-hidden="true" style={{ display: 'inline-flex' }}>
      <StatusIcon status={AS_STEP[status]} />
    </span>
  );
}
