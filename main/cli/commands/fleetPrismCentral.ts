/**
 * `fleet plan|install --pc HOST …`: the fleet's hosts from Prism Central
 * instead of an inventory file. Checks the Prism Central options (exit 2),
 * connects (certificate decided before the credentials leave; refusals exit 3)
 * and hands back the inventory source and the client the clone repair uses.
 */
import type { PcClient } from '../../cluster/prismCentral/httpClient';
import { UUID_PATTERN } from '../../cluster/prismCentral/vmSelectors';
import type { InventoryHost, InventorySource } from '../../fleet/inventory/inventoryModel';
import { linuxPrismCentralSchema, type LinuxInstallParams } from '../../linux/installParams';
import {
  PC_POWER_STATES,
  prismCentralInventorySource,
  type PcPowerSelection,
} from '../../fleet/inventory/prismCentralSource';
import { withPrismCentralLink as withHostsLink } from '../../fleet/prismCentralLink';
import { parseSeconds, usageError } from '../argumentParsers';
import type { CliContext } from '../cliTypes';
import { pcLinkFromValues, type PcLinkValues } from '../pcLinkOptions';
import { openPrismCentral } from './pc';

export interface FleetPcValues extends PcLinkValues {
  'pc-filter'?: string;
  'pc-cluster'?: string;
  'pc-power-state'?: string;
  'repair-clones'?: string;
  'pc-wait'?: string;
}

export interface FleetPrismCentral {
  source: InventorySource;
  client: PcClient;
  trustFile: string;
  /** What each host's verify needs to ask Prism Central for its link (its vmExtId added per host). */
  link: NonNullable<LinuxInstallParams['prismCentral']>;
}

/** Each host from Prism Central asks it for Communication Link Active in its verify phase. */
export function withPrismCentralLink(
  params: Map<string, Omit<LinuxInstallParams, 'phase' | 'dryRun'>>,
  hosts: InventoryHost[],
  pc: FleetPrismCentral | undefined,
): void {
  withHostsLink(params, hosts, pc?.link);
}

export async function prismCentralInventory(
  values: FleetPcValues,
  context: CliContext,
  usageText: string,
): Promise<FleetPrismCentral | undefined> {
  const { t } = context;
  const bad = (code: string, key: string, p: Record<string, string>) => usageError(code, t(key, p), usageText);
  const pcOnly = (['pc-filter', 'pc-cluster', 'pc-power-state', 'repair-clones', 'pc-wait'] as const).find(
    (k) => values[k] !== undefined,
  );
  if (values.pc === undefined && pcOnly)
    throw bad('USAGE_PC_OPTION_WITHOUT_PC', 'clusterHealth.cli.optionWithoutPc', { flag: `--${pcOnly}` });
  const power = values['pc-power-state'];
  const powerState = PC_POWER_STATES.find((p) => p.toLowerCase() === power?.toLowerCase());
  if (power !== undefined && !powerState)
    throw bad('USAGE_BAD_POWER_STATE', 'clusterHealth.cli.badPowerState', { value: power });
  for (const flag of ['pc-cluster', 'repair-clones'] as const) {
    const v = values[flag];
    if (v !== undefined && !UUID_PATTERN.test(v))
      throw bad('USAGE_BAD_UUID', 'clusterHealth.cli.badUuid', { flag: `--${flag}`, value: v });
  }
  const choice = await pcLinkFromValues(values, context, 'fleet.cli.plan.usage');
  if (!choice) return undefined;
  const connection = await openPrismCentral(choice, context);
  const source = prismCentralInventorySource(
    connection.client,
    { host: choice.host, port: choice.port },
    {
      nameContains: values['pc-filter'] || undefined,
      clusterExtId: values['pc-cluster'],
      powerState: powerState as PcPowerSelection | undefined,
    },
    t,
  );
  const waitSeconds =
    values['pc-wait'] === undefined ? undefined : Math.round(parseSeconds('--pc-wait', values['pc-wait'], 0, 3600, t));
  const link = linuxPrismCentralSchema.parse({
    host: choice.host,
    port: choice.port,
    username: choice.username,
    password: choice.password,
    acceptNewCertificate: false, // pinned by now, when it was accepted
    fingerprint: choice.expectedFingerprint,
    waitSeconds,
  });
  return { source, client: connection.client, trustFile: choice.trustFile, link };
}
