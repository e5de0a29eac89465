/** The probe form's values, checks and request. Pure; main validates again. */
import {
  parsePortText,
  WINRM_HTTPS_PORT,
  probeParamsSchema,
  type JobStartRequest,
} from '../../../../main/ipc/contract';

export interface ProbeFormValues {
  host: string;
  port: string;
  user: string;
  password: string;
}

export type ProbeFormField = 'host' | 'port' | 'user' | 'password';
export const PROBE_FORM_FIELDS: readonly ProbeFormField[] = ['host', 'port', 'user', 'password'];
export type ProbeFormErrors = Partial<Record<ProbeFormField, string>>;

export const EMPTY_PROBE_FORM: ProbeFormValues = {
  host: '',
  port: String(WINRM_HTTPS_PORT),
  user: '',
  password: '',
};

export function validateProbeForm(values: ProbeFormValues): ProbeFormErrors {
  const errors: ProbeFormErrors = {};
  const host = values.host.trim();
  if (!host) errors.host = 'ui.probe.errors.hostRequired';
  else if (!probeParamsSchema.shape.host.safeParse(host).success) errors.host = 'ui.probe.errors.hostInvalid';
  if (parsePortText(values.port) === undefined) errors.port = 'ui.probe.errors.portInvalid';
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
      port: parsePortText(values.port) ?? WINRM_HTTPS_PORT,
      ...(user && values.password ? { user, password: values.password } : {}),
    },
  };
}
