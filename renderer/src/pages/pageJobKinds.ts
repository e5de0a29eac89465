/**
 * Which job kinds each page runs: the page takes up a job of its kinds that
 * went on while it was away, and "Open" in the list of jobs goes to the page
 * of the job's kind. A page with jobs adds its line here.
 */
import type { JobStartRequest } from '../../../main/ipc/contract';
import type { Route } from './pageProps';

type JobKind = JobStartRequest['kind'];

/** The fleet board's runs (useFleetJob follows them), and the job that finds its hosts in Prism Central. */
export const FLEET_RUN_JOB_KINDS = ['fleet', 'fleet-retry'] as const satisfies readonly JobKind[];
export const FLEET_SOURCE_JOB_KINDS = ['fleet-pc-hosts'] as const satisfies readonly JobKind[];

export const PAGE_JOB_KINDS: Partial<Record<Exclude<Route, 'home'>, readonly JobKind[]>> = {
  doctor: ['doctor'],
  linux: ['linux-install', 'linux-remove'],
  windows: ['windows-check', 'windows-apply', 'windows-verify', 'windows-rollback'],
  probe: ['probe-winrm'],
  cluster: ['pc-vms', 'pc-push'],
  fleet: [...FLEET_RUN_JOB_KINDS, ...FLEET_SOURCE_JOB_KINDS],
};

/** The page that shows a job of this kind, if any does. */
export function routeOfJobKind(kind: string): Exclude<Route, 'home'> | undefined {
  for (const [route, kinds] of Object.entries(PAGE_JOB_KINDS)) {
    if ((kinds as readonly string[]).includes(kind)) return route as Exclude<Route, 'home'>;
  }
  return undefined;
}
