/**
 * Turns a validated job request into a job definition. The one place that
 * knows which capability builds which kind of job; used by the Electron
 * shell, the browser host and the CLI alike.
 */
import type { JobDefinition, Translate } from '../engine/job';
import type { Ports } from '../engine/ports';
import type { PromptAnswer, PromptRequest } from '../engine/types';
import { createDoctorJob } from '../doctor/doctorJob';
import type { JobStartParsed } from '../ipc/contract';
import { NgtError } from '../engine/errors';
import { createWinRmProbeJob } from '../windows/probe/winrmProbeJob';

export interface JobFactoryContext {
  t: Translate;
  ports: Ports;
  lang: string;
  /** Trust-on-first-use and fingerprint pinning for the CLI; the wizard asks instead. */
  hostKeyPolicy?: { acceptNew?: boolean; fingerprint?: string; knownHostsPath?: string };
  ask?: (prompt: PromptRequest) => Promise<PromptAnswer>;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyJobDefinition = JobDefinition<any>;

export function createJobDefinition(request: JobStartParsed, context: JobFactoryContext): AnyJobDefinition {
  switch (request.kind) {
    case 'doctor':
      return createDoctorJob(context.t);
    case 'probe-winrm':
      return createWinRmProbeJob(request.params, { t: context.t });
    default:
      throw new NgtError('JOB_KIND_UNAVAILABLE', context.t('app.errors.jobKindUnavailable', { kind: request.kind }), {
        category: 'usage',
        remediation: context.t('app.errors.jobKindUnavailableRemediation'),
      });
  }
}
