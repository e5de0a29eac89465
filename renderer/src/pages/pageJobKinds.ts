/**
 * Which job kinds each page runs: the page takes up a job of its kinds that
 * went on while it was away, and "Open" in the list of jobs goes to the page
 * of the job's kind. A page with jobs adds its line here.
 */
import type { JobStartRequest } from '../../../main/ipc/contract';
import type { Route } from './pageProps';

type JobKind = JobStartRequest['kind'];

export const PAGE_JOB_KINDS: Partial<Record<Exclude<Route, 'home'>, readonly JobKind[]>> = {
  doctor: ['doctor'],
  linux: ['linux-install', 'linux-remove'],
  windows: ['windows-check', 'windows-apply', 'windows-verify', 'windows-rollback'],
  probe: ['probe-winrm'],
  cluster: ['pc-vms', 'pc-push'],
  fleet: ['fleet', 'fleet-retry'],
};

/** The page that shows a job of this kind, if any does. */
export function routeOfJobKind(kind: string): Exclude<Route, 'home'> | undefined {
  for (const [route, kinds] of Object.entries(PAGE_JOB_KINDS)) {
    if ((kinds as readonly string[]).includes(kind)) return route as Exclude<Route, 'home'>;
  }
  return undefined;
}
