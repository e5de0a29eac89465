import { useCallback } from 'react';
import type { InvokeRequest } from '../../../main/ipc/contract';
import { useApi } from '../api/apiContext';

/** Asks main for the Windows configuration script (.ps1) built from the options; components never call main. */
export function useWindowsExport() {
  const api = useApi();
  return useCallback((request: InvokeRequest<'windows:export'>) => api.exportWindowsScript(request), [api]);
}
