import type { ComponentType } from 'react';
import { DoctorPage } from './DoctorPage';
import type { PageProps, Route } from './pageProps';

/** Which screen shows each target chosen on the home screen. */
export const PAGES: Record<Exclude<Route, 'home'>, ComponentType<PageProps>> = {
  doctor: DoctorPage,
  linux: DoctorPage,
  windows: DoctorPage,
  probe: DoctorPage,
};
