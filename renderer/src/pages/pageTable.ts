import type { ComponentType } from 'react';
import { ClusterPage } from './ClusterPage';
import { DoctorPage } from './DoctorPage';
import { FleetPage } from './FleetPage';
import { LinuxPage } from './LinuxPage';
import type { PageProps, Route } from './pageProps';
import { ProbePage } from './ProbePage';
import { WindowsPage } from './WindowsPage';

/** Which screen shows each target chosen on the home screen. */
export const PAGES: Record<Exclude<Route, 'home'>, ComponentType<PageProps>> = {
  doctor: DoctorPage,
  linux: LinuxPage,
  windows: WindowsPage,
  probe: ProbePage,
  cluster: ClusterPage,
  fleet: FleetPage,
};
