/**
 * Which way NGT reaches each host of a fleet that pushes through Prism Central
 * (`fleet install --pc-push`), decided after the host's read-only prepare, and
 * the guest credential each push sends. Pure.
 *  - Linux, the installer names the distribution (decideSupport: as is, or
 *    by its own Ubuntu/SUSE branch), NGT not installed: Prism Central's push.
 *  - Linux that needs NGT Prep's patch of installer_factory.py: NGT Prep's own
 *    SSH install, and the host's report says why.
 *  - Linux already installed, or anything else: the SSH way as without a push
 *    (an installed host is verified as today).
 *  - Windows (asked only once its 5986 probe passed): Prism Central's push.
 * A host without a Prism Central VM cannot be pushed: the SSH way.
 */
import type { LinuxInstallParams } from '../linux/installParams';
import type { FleetHost, HostJobOutcome, InstallWay } from './fleetTypes';
import type { GuestCredential } from './pcPushHostJob';

export function installWayOf(host: FleetHost, prepared: HostJobOutcome | undefined, hasVm: boolean): InstallWay {
  if (!hasVm) return 'ssh';
  if (host.os === 'windows') return 'prism-central';
  if (!prepared || prepared.alreadyDone) return 'ssh';
  switch (prepared.supportDecision) {
    case 'supported-as-is':
    case 'supported-by-installer':
      return 'prism-central';
    case 'supported-after-patch':
      return 'ssh-installer-does-not-name';
    default:
      return 'ssh';
  }
}

/**
 * A host's push credential: its own login when it has a password (the fleet asked it once per
 * distinct user), else the fleet-wide guest credential (--guest-user/--guest-password-env),
 * else none (the host's push then fails with what to give).
 */
export function pushCredentialOf(
  login: Pick<LinuxInstallParams, 'username' | 'auth'> | undefined,
  fleetWide: GuestCredential | undefined,
): GuestCredential | undefined {
  if (login?.auth.kind === 'password') return { username: login.username, password: login.auth.password };
  return fleetWide;
}
