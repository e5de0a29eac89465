/**
 * The wizard's "connect and list" as an engine job: connect to Prism Central
 * (a first-seen certificate is shown and asked about; a changed one is refused
 * before any credential is sent), then list the VMs with their guest tools,
 * readiness and the way NGT reaches them. The rows go back as the list step's
 * data, so the wizard's table, the report and the JSON file are one fact.
 */
import { NgtError } from '../../engine/errors';
import type { JobDefinition, StepDefinition, Translate } from '../../engine/job';
import type { PrismCentralConnection } from './connectPrismCentral';
import { guestOsKind } from './guestOsKind';
import { connectStep, type PcPushParams, type PcPushDeps } from './pcPushJob';
import type { PcVmRow } from './pcWizardParams';
import { listAllVms, nameContainsFilter, type PcVm } from './vmList';
import { vmReadiness } from './vmReadiness';

export interface PcVmsJobParams {
  connect: PcPushParams['connect'];
  filter?: string;
}

export interface PcVmsState {
  connection?: PrismCentralConnection;
}

/** Each VM with its readiness and the way NGT reaches it: what the wizard's table shows. Pure. */
export function vmRowsOf(vms: PcVm[]): PcVmRow[] {
  return vms.map((vm) => ({ ...vm, readiness: vmReadiness(vm), os: guestOsKind(vm.guestTools?.guestOsVersion) }));
}

/**
 * The first request is the one that sends the credentials: a refusal says what
 * to check in the wizard's own words (the VM list here, the fleet board's
 * Prism Central source).
 */
export function wizardAuthFix(t: Translate): (error: unknown) => never {
  return (error) => {
    if (error instanceof NgtError && error.code === 'PC_AUTH_FAILED')
      throw new NgtError(error.code, error.message, {
        category: error.category,
        detail: error.detail,
        remediation: t('clusterPage.job.authFix'),
      });
    throw error;
  };
}

function listStep(params: PcVmsJobParams, t: Translate): StepDefinition<PcVmsState> {
  const filter = params.filter ? nameContainsFilter(params.filter) : undefined;
  const run: StepDefinition<PcVmsState>['run'] = async (ctx) => {
    const connection = ctx.state.connection;
    if (!connection) return { status: 'skipped', summary: t('clusterPage.job.notConnected') };
    const vms = await listAllVms(connection.client, t, { filter, limit: 100 }).catch(wizardAuthFix(t));
    const rows = vmRowsOf(vms);
    return { status: 'ok', summary: t('cluster.cli.vms.count', { count: rows.length }), data: { vms: rows } };
  };
  return { id: 'list-vms', phase: 'prepare', title: t('clusterPage.job.listTitle'), run };
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
