/**
 * `fleet plan|install --pc HOST …`: the fleet's hosts from Prism Central
 * instead of an inventory file. Checks the Prism Central options (exit 2),
 * connects (certificate decided before the credentials leave; refusals exit 3)
 * and hands back the inventory source and the client the clone repair uses.
 */
import type { PcClient } from '../../cluster/prismCentral/httpClient';
import { UUID_PATTERN } from '../../cluster/prismCentral/vmSelectors';
import type { InventorySource } from '../../fleet/inventory/inventoryModel';
import {
  PC_POWER_STATES,
  prismCentralInventorySource,
  type PcPowerSelection,
} from '../../fleet/inventory/prismCentralSource';
import { usageError } from '../argumentParsers';
import type { CliContext } from '../cliTypes';
import { pcLinkFromValues, type PcLinkValues } from '../pcLinkOptions';
import { openPrismCentral } from './pc';

export interface FleetPcValues extends PcLinkValues {
  'pc-filter'?: string;
  'pc-cluster'?: string;
  'pc-power-state'?: string;
  'repair-clones'?: string;
}

export async function prismCentralInventory(
  values: FleetPcValues,
  context: CliContext,
  usageText: string,
): Promise<{ source: InventorySource; client: PcClient } | undefined> {
  const { t } = context;
  const bad = (code: string, key: string, p: Record<string, string>) => usageError(code, t(key, p), usageText);
  const pcOnly = (['pc-filter', 'pc-cluster', 'pc-power-state', 'repair-clones'] as const).find(
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
  return { source, client: connection.client };
}
