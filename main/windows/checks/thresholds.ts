/** The numbers the Windows check rules judge by, written once. */

/** NGT's client certificate lives 1000 days from ISO creation. */
export const NGT_CLIENT_CERT_LIFE_DAYS = 1000;
export const NGT_CLIENT_CERT_WARN_DAYS = 90;
/** A WinRM certificate closer than this to expiry is flagged. */
export const WINRM_CERT_WARN_DAYS = 30;
/** A WinRM certificate key shorter than this (bits) is flagged as weak. */
export const MIN_CERT_KEY_BITS = 2048;
export const MIN_MAX_ENVELOPE_SIZE_KB = 150;
/** Windows Server 2012 R2 is build 9600. */
export const MIN_WINDOWS_BUILD = 9600;

export const DAY_MS = 86_400_000;

/** Days from `now` to `date`, rounded down (negative when past). */
export function daysUntil(date: Date, now: Date): number {
  return Math.floor((date.getTime() - now.getTime()) / DAY_MS);
}
