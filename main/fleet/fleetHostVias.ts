/**
 * How each Linux host of a fleet is reached: its address through
 * ~/.ssh/config (HostName, User, Port, IdentityFile, ProxyJump bastions with
 * their keys checked like the target's), the inventory's own values over the
 * fleet-wide defaults. One call per host; the CLI and the wizard's board both
 * resolve their hosts here.
 */
import type { Translate } from '../engine/job';
import type { EnvironmentPort } from '../engine/ports';
import { sshViaConfig, type SshViaConfig } from '../linux/ssh/sshViaConfig';
import type { InventoryHost } from './inventory/inventoryModel';

export interface FleetViaDefaults {
  user?: string;
  proxyJump?: string;
  /** Default ~/.ssh/config. */
  configPath?: string;
  /** false: ~/.ssh/config is not read (the board's "use my ~/.ssh/config" unticked). */
  useConfigFile?: boolean;
  knownHostsPath: string;
  acceptNew?: boolean;
}

export interface FleetViaDeps {
  t: Translate;
  environment: Pick<EnvironmentPort, 'homedir' | 'env'>;
  readFile: (path: string) => Promise<Buffer>;
}

export function fleetHostVias(
  hosts: InventoryHost[],
  defaults: FleetViaDefaults,
  deps: FleetViaDeps,
): Promise<SshViaConfig[]> {
  return Promise.all(
    hosts.map((h) =>
      sshViaConfig(
        {
          alias: h.address,
          port: h.port,
          user: h.user ?? defaults.user,
          proxyJump: h.proxyJump ?? defaults.proxyJump,
          configPath: defaults.configPath,
          useConfigFile: defaults.useConfigFile,
          hostKeyPolicy: { knownHostsPath: defaults.knownHostsPath, acceptNew: defaults.acceptNew },
        },
        deps,
      ),
    ),
  );
}
