/**
 * Where each inventory host is really reached: the inventory's own values,
 * then the fleet-wide defaults (the command line's --user, --key,
 * --proxy-jump), then ~/.ssh/config, as OpenSSH ranks command-line values
 * over its file (Ansible passes ansible_host and the others to ssh the same
 * way). A host whose ssh_config entry cannot be used gets a problem of its
 * own; the others go on. Pure.
 */
import type { InventoryHost } from './inventory/inventoryModel';
import {
  SshConfigError,
  parseSshConfig,
  resolveSshTarget,
  type ResolvedSshTarget,
  type SshConfigContext,
} from '../linux/ssh/sshConfigResolve';

export interface FleetSshDefaults {
  user?: string;
  keyPath?: string;
  proxyJump?: string;
}

export type HostSshTarget =
  | { ok: true; host: InventoryHost; target: ResolvedSshTarget }
  | { ok: false; host: InventoryHost; error: SshConfigError };

export function hostSshTargets(
  hosts: InventoryHost[],
  sshConfigText: string,
  context: SshConfigContext,
  defaults: FleetSshDefaults = {},
): HostSshTarget[] {
  const config = parseSshConfig(sshConfigText); // once for the whole fleet
  return hosts.map((host) => {
    try {
      const target = resolveSshTarget(
        config,
        host.address,
        {
          port: host.port,
          user: host.user ?? defaults.user,
          identityFile: host.keyPath ?? defaults.keyPath,
          proxyJump: host.proxyJump ?? defaults.proxyJump,
        },
        context,
      );
      return { ok: true, host, target };
    } catch (error) {
      if (error instanceof SshConfigError) return { ok: false, host, error };
      throw error;
    }
  });
}
