import type { AppInfo, Settings } from '../../../main/ipc/contract';

export type Route = 'home' | 'doctor' | 'linux' | 'windows' | 'probe' | 'cluster' | 'fleet';

export interface PageProps {
  appInfo: AppInfo | null;
  settings: Settings | null;
  onSettings: (settings: Settings) => void;
  onNavigate: (route: Route) => void;
}
