/**
 * Which way NGT reaches a VM, from the guest OS Prism Central reports
 * (`GuestTools.guestOsVersion`, free text; its exact form is unconfirmed, so
 * it is read by substrings, lower-cased, the way installer_factory.py reads
 * distribution names). Windows and the Linux distributions the installer names
 * go Prism Central's way; other Linux distributions go NGT Prep's own SSH way
 * (the Linux page), because the stock installer refuses them. Pure.
 */

export type GuestOsKind = 'windows' | 'linux-named' | 'linux-unnamed' | 'unknown';

/**
 * The names installer_factory.py tests, newer and older shapes together
 * (DOMAIN.md, "Linux installer on the ISO"): the Red Hat branch, Ubuntu, SUSE.
 */
export const INSTALLER_NAMED_DISTRIBUTIONS = [
  'centos',
  'oracle linux server',
  'redhatenterpriseserver',
  'red hat',
  'ubuntu',
  'suse',
] as const;

/** Words that mark a Linux guest whose distribution the installer does not name. */
const OTHER_LINUX = /linux|rocky|alma|debian|fedora|amazon|photon/;

export function guestOsKind(guestOsVersion: string | null | undefined): GuestOsKind {
  const text = (guestOsVersion ?? '').toLowerCase();
  if (text.trim() === '') return 'unknown';
  if (text.includes('windows')) return 'windows';
  if (INSTALLER_NAMED_DISTRIBUTIONS.some((name) => text.includes(name))) return 'linux-named';
  return OTHER_LINUX.test(text) ? 'linux-unnamed' : 'unknown';
}
