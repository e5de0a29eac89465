/** The probe form's values, checks and request. Pure; main validates again. */
import { probeParamsSchema, type JobStartRequest } from '../../../../main/ipc/contract';

export interface ProbeFormValues {
  host: string;
  port: string;
  user: string;
  password: string;
}

export type ProbeFormField = 'host' | 'port' | 'user' | 'password';
export const PROBE_FORM_FIELDS: readonly ProbeFormField[] = ['host', 'port', 'user', 'password'];
export type ProbeFormErrors = Partial<Record<ProbeFormField, string>>;

export const DEFAULT_WINRM_HTTPS_PORT = 5986;
export const EMPTY_PROBE_FORM: ProbeFormValues = {
  host: '',
  port: String(DEFAULT_WINRM_HTTPS_PORT),
  user: '',
  password: '',
};

function parsePort(text: string): number | undefined {
  const trimmed = text.trim();
  if (!/^\d{1,5}$/.test(trimmed)) return undefined;
  const port = Number(trimmed);
  return port >= 1 && port <= 65535 ? port : undefined;
}

export function validateProbeForm(values: ProbeFormValues): ProbeFormErrors {
  const errors: ProbeFormErrors = {};
  const host = values.host.trim();
  if (!host) errors.host = 'ui.probe.errors.hostRequired';
  else if (!probeParamsSchema.shape.host.safeParse(host).success) errors.host = 'ui.probe.errors.hostInvalid';
  if (parsePort(values.port) === undefined) errors.port = 'ui.probe.errors.portInvalid';
  const user = values.user.trim();
  if (user && !values.password) errors.password = 'ui.probe.errors.passwordRequired';
  if (!user && values.password) errors.user = 'ui.probe.errors.userRequired';
  return errors;
}

export function probeRequest(values: ProbeFormValues): JobStartRequest {
  const user = values.user.trim();
  return {
    kind: 'probe-winrm',
    params: {
      host: values.host.trim(),
      port: parsePort(values.port) ?? DEFAULT_WINRM_HTTPS_PORT,
      ...(user && values.password ? { user, password: values.password } : {}),
    },
  };
}
