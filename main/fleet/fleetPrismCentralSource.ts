/**
 * The fleet board's Prism Central source: the connection (the Prism Central
 * page's connect step — a first-seen certificate asked about, a changed one
 * refused before any credential is sent), the VMs it lists as fleet hosts
 * (prismCentralInventorySource, the CLI's `--pc` source), and the link each
 * host's verify uses. The board's check of such a source is a job of its own
 * (`fleet-pc-hosts`, here) because the certificate may need a question.
 */
import { connectStep, type PcPushParams } from '../cluster/prismCentral/pcPushJob';
import { wizardAuthFix } from '../cluster/prismCentral/pcVmsJob';
import type { PrismCentralConnection } from '../cluster/prismCentral/connectPrismCentral';
import { NgtError } from '../engine/errors';
import type { JobDefinition, StepDefinition, Translate } from '../engine/job';
import { linuxPrismCentralSchema } from '../linux/installParams';
import { checkInventory, type FleetInventoryDeps } from './fleetBoardInventory';
import type { FleetPcHostsParams, FleetPrismCentralSource } from './fleetJobParams';
import type { InventoryResult } from './inventory/inventoryModel';
import { prismCentralInventorySource, type PrismCentralSelection } from './inventory/prismCentralSource';
import type { PrismCentralLink } from './prismCentralLink';

export const FLEET_PC_HOSTS_JOB_KIND = 'fleet-pc-hosts';

/** What a Prism Central fleet needs from the app: its connection options (trust store included) and the trust file. */
export interface FleetPrismCentralDeps {
  connect: (account: FleetPrismCentralSource['connect']) => PcPushParams['connect'];
  trustFile: string;
}

export function pcSelectionOf(source: FleetPrismCentralSource): PrismCentralSelection {
  const { nameContains, clusterExtId, powerState } = source.filter;
  return { nameContains: nameContains || undefined, clusterExtId, powerState };
}

/** What each host's verify needs to ask Prism Central for its link (its vmExtId added per host). */
export function pcLinkOf(source: FleetPrismCentralSource): PrismCentralLink {
  const { host, port, username, password } = source.connect;
  // Pinned by now: the connect step trusted it (on the person's yes) or refused it.
  return linuxPrismCentralSchema.parse({ host, port, username, password, acceptNewCertificate: false });
}

/** The Prism Central page's connect step, for a fleet source: the wizard asks about a first-seen certificate. */
export function pcSourceConnectStep<S extends { connection?: PrismCentralConnection }>(
  source: FleetPrismCentralSource,
  deps: { t: Translate; prismCentral: FleetPrismCentralDeps },
): StepDefinition<S> {
  return connectStep<S>({ connect: deps.prismCentral.connect(source.connect) }, { t: deps.t, askNewCertificate: true });
}

/** The chosen VMs as a fleet inventory, over the connection the connect step made. */
export async function loadPcInventory(
  connection: PrismCentralConnection | undefined,
  source: FleetPrismCentralSource,
  t: Translate,
): Promise<InventoryResult> {
  if (!connection) throw new NgtError('INTERNAL_ERROR', 'Prism Central connection missing');
  const { host, port } = source.connect;
  return prismCentralInventorySource(connection.client, { host, port }, pcSelectionOf(source), t)
    .load()
    .catch(wizardAuthFix(t));
}

interface PcHostsState {
  connection?: PrismCentralConnection;
}

/** The board's check of a Prism Central source: connect, list the chosen VMs as hosts, check them as an inventory. */
export function createFleetPcHostsJob(
  params: FleetPcHostsParams,
  deps: { t: Translate; prismCentral: FleetPrismCentralDeps; inventory: FleetInventoryDeps },
): JobDefinition<PcHostsState> {
  const { t } = deps;
  const { host, port } = params.source.connect;
  return {
    kind: FLEET_PC_HOSTS_JOB_KIND,
    target: t('fleetBoard.pc.target', { host, port }),
    state: {},
    secrets: [params.source.connect.password],
    steps: [
      pcSourceConnectStep<PcHostsState>(params.source, deps),
      {
        id: 'pc-hosts',
        phase: 'prepare',
        title: t('fleetBoard.pc.hostsStep'),
        async run(ctx) {
          const inventory = await loadPcInventory(ctx.state.connection, params.source, t);
          const check = await checkInventory(inventory, params, deps.inventory);
          const problems = check.problems.length;
          return {
            status: problems > 0 ? 'warn' : 'ok',
            summary: t('fleetBoard.pc.hostsFound', { count: check.hosts.length, problems }),
            remediation: problems > 0 ? t('fleetBoard.pc.hostsProblems') : undefined,
            data: { check },
          };
        },
      },
    ],
  };
}
