/**
 * The account Prism Central will sign in with, for verify's Basic step (issue 11, finding 4): both
 * fields or neither. Pure; main validates again (windowsVerifyParamsSchema). Kept in the page's
 * memory only, never in settings.
 */
import type { JobStartRequest } from '../../../../main/ipc/contract';
import type { FormErrors } from '../useForm';

export interface VerifyAccountValues {
  user: string;
  password: string;
}
export const VERIFY_ACCOUNT_FIELDS = ['user', 'password'] as const;
export type VerifyAccountField = (typeof VERIFY_ACCOUNT_FIELDS)[number];
export const EMPTY_VERIFY_ACCOUNT: VerifyAccountValues = { user: '', password: '' };

export function validateVerifyAccount(values: VerifyAccountValues): FormErrors<VerifyAccountField> {
  const user = values.user.trim();
  if (Boolean(user) === Boolean(values.password)) return {};
  return user ? { password: 'ui.windows.errors.accountTogether' } : { user: 'ui.windows.errors.accountTogether' };
}

/** The verify request: with the account when one is given (call validateVerifyAccount first). */
export function verifyRequest(values: VerifyAccountValues): JobStartRequest {
  const user = values.user.trim();
  return { kind: 'windows-verify', params: user ? { user, password: values.password } : {} };
}
