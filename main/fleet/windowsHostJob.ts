/**
 * The fleet's port for Windows hosts: the WinRM preparation runs on the VM
 * itself, so from here the fleet can only check, from the outside in, what
 * Prism Central's push will meet on 5986 — the same probe job as
 * `ngt-prep probe winrm` (name, TCP, TLS and the listener's certificate,
 * WS-Management Identify), with its trust behaviour: the certificate's trust
 * by this computer is reported, not required, as Prism Central does not
 * require it. The probe's report is the host's readiness.
 */
import type { RunJobOptions } from '../engine/runJob';
import { startJob } from '../engine/runJob';
import type { JobEvent } from '../engine/types';
import { createWinRmProbeJob, type WinRmProbeDeps } from '../windows/probe/winrmProbeJob';
import type { FleetHost, HostJobPort } from './fleetTypes';

export interface WindowsProbePortOptions {
  engine: Omit<RunJobOptions, 'onEvent' | 'answerPrompt' | 'jobId'>;
  /** Name lookup, timeouts, sockets (the probe's own defaults otherwise). */
  probe?: Omit<WinRmProbeDeps, 't'>;
  onEvent?: (host: FleetHost, event: JobEvent) => void;
}

/** One probe per Windows host (its inventory port, else 5986); a probe that ends ok or warn means ready. */
export function windowsProbePort(options: WindowsProbePortOptions): HostJobPort {
  return (host) => {
    // The inventory already checked the address; the probe's own check (USAGE_PROBE_*) stays the authority.
    const definition = createWinRmProbeJob(
      { host: host.address, port: host.port },
      { t: options.engine.t, ...options.probe },
    );
    const handle = startJob(definition, {
      ...options.engine,
      onEvent: options.onEvent ? (event) => options.onEvent!(host, event) : undefined,
    });
    return { done: handle.done.then((report) => ({ report })), cancel: () => handle.cancel() };
  };
}
