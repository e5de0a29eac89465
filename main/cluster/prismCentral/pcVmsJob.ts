/**
 * The wizard's "connect and list" as an engine job: connect to Prism Central
 * (a first-seen certificate is shown and asked about; a changed one is refused
 * before any credential is sent), then list the VMs with their guest tools,
 * readiness and the way NGT reaches them. The rows go back as the list step's
 * data, so the wizard's table, the report and the JSON file are one fact.
 */
import type { JobDefinition, StepDefinition, Translate } from '../../engine/job';
import type { PrismCentralConnection } from './connectPrismCentral';
import { guestOsKind } from './guestOsKind';
import { connectStep, type PcPushParams, type PcPushDeps } from './pcPushJob';
import type { PcVmRow } from './pcWizardParams';
import { listAllVms, nameContainsFilter } from './vmList';
import { vmReadiness } from './vmReadiness';

export interface PcVmsJobParams {
  connect: PcPushParams['connect'];
  filter?: string;
}

export interface PcVmsState {
  connection?: PrismCentralConnection;
}

function listStep(params: PcVmsJobParams, t: Translate): StepDefinition<PcVmsState> {
  return {
    id: 'list-vms',
    phase: 'prepare',
    title: t('clusterPage.job.listTitle'),
    async run(ctx) {
      const connection = ctx.state.connection;
      if (!connection) return { status: 'skipped', summary: t('clusterPage.job.notConnected') };
      const vms = await listAllVms(connection.client, t, {
        filter: params.filter ? nameContainsFilter(params.filter) : undefined,
        limit: 100,
      });
      const rows: PcVmRow[] = vms.map((vm) => ({
        ...vm,
        readiness: vmReadiness(vm),
        os: guestOsKind(vm.guestTools?.guestOsVersion),
      }));
      return {
        status: 'ok',
        summary: t('cluster.cli.vms.count', { count: rows.length }),
        data: { vms: rows },
      };
    },
  };
}

export function createPcVmsJob(params: PcVmsJobParams, deps: PcPushDeps): JobDefinition<PcVmsState> {
  const { host, port } = params.connect.endpoint;
  return {
    kind: 'pc-vms',
    target: `${host}:${port}`,
    state: {},
    secrets: [params.connect.password()],
    steps: [connectStep<PcVmsState>(params, deps), listStep(params, deps.t)],
  };
}
