/**
 * Cluster-side step with a Prism Central: the proof the VM cannot give
 * itself. Finds the VM among Prism Central's VMs by the address the job
 * connected to (its configured or learned IPs; ngt_config.json's `ngt_uuid`
 * is not documented to be the VM's extId, so it is not used to match), then
 * polls the guest tools until `isReachable` (Communication Link Active) or the
 * bounded wait ends. The certificate is decided before the credentials leave.
 */
import { lookup as dnsLookup } from 'node:dns/promises';
import { isIP } from 'node:net';

import { normaliseFingerprint } from '../../cluster/prismCentral/certificateTrust';
import { connectPrismCentral } from '../../cluster/prismCentral/connectPrismCentral';
import { waitUntilReachable } from '../../cluster/prismCentral/guestTools';
import { abortableSleep } from '../../cluster/prismCentral/pcPushJob';
import { TrustStore } from '../../cluster/prismCentral/trustStore';
import { listAllVms, type PcVm } from '../../cluster/prismCentral/vmList';
import type { StepDefinition } from '../../engine/job';
import type { LinuxInstallState } from './linuxJobState';
import type { LinuxStepKit } from './stepKit';
import type { VerifyFactsReader } from './verifyFacts';

export interface LinuxPrismCentralDeps {
  /** The trust file certificates are pinned in. */
  trustFile: string;
  connect?: typeof connectPrismCentral;
  /** Between two guest-tools reads (default 2 s). */
  pollIntervalMs?: number;
  /** A host name's addresses (default: the system resolver). */
  lookup?: (host: string) => Promise<string[]>;
}

async function resolveAll(host: string): Promise<string[]> {
  return (await dnsLookup(host, { all: true })).map((a) => a.address);
}

/** The VMs that have one of these addresses among their configured or learned IPs. */
export function vmsWithAddress(vms: PcVm[], addresses: string[]): Pick<PcVm, 'extId' | 'name'>[] {
  const wanted = new Set(addresses.map((a) => a.toLowerCase()));
  return vms.filter((vm) => [...vm.configuredIps, ...vm.learnedIps].some((ip) => wanted.has(ip.toLowerCase())));
}

export function prismCentralLinkStep(
  kit: LinuxStepKit,
  verifyFacts: VerifyFactsReader,
  deps: LinuxPrismCentralDeps,
): StepDefinition<LinuxInstallState> {
  const { t, params } = kit;
  return kit.step('cluster-side', 'verify', async (ctx) => {
    const pc = params.prismCentral!;
    const v = await verifyFacts(ctx);
    const sleep = abortableSleep(ctx.signal);
    const connection = await (deps.connect ?? connectPrismCentral)({
      endpoint: { host: pc.host, port: pc.port },
      username: pc.username,
      password: () => pc.password,
      trustStore: new TrustStore(deps.trustFile, t),
      acceptNew: pc.acceptNewCertificate,
      expectedFingerprint: pc.fingerprint ? (normaliseFingerprint(pc.fingerprint) ?? pc.fingerprint) : undefined,
      sleep,
      onRetry: (attempt, code) => ctx.log.warn(t('cluster.cli.retrying', { attempt, code })),
      t,
    });
    const addresses = isIP(params.host)
      ? [params.host]
      : await (deps.lookup ?? resolveAll)(params.host).catch(() => []);
    // A fleet from Prism Central knows each VM's extId already; otherwise the VM is the one with this address.
    const vms = pc.vmExtId
      ? [{ extId: pc.vmExtId, name: params.host }]
      : vmsWithAddress(await listAllVms(connection.client, t, { limit: 100 }), addresses);
    const p = { pc: pc.host, address: addresses.join(', ') || params.host };
    const base = { source: 'prism-central', checkedFromVm: false, addresses, ngtUuid: v.config?.ngtUuid };
    const outcome = (status: 'warn' | 'fail', code: string, key: string, q: Record<string, unknown>, data: object) => ({
      status,
      code,
      summary: t(`clusterHealth.link.${key}.summary`, q),
      remediation: t(`clusterHealth.link.${key}.remediation`, q),
      data: { ...data },
    });
    if (vms.length === 0) return outcome('warn', 'PC_VM_NOT_FOUND', 'notFound', p, base);
    if (vms.length > 1)
      return outcome(
        'warn',
        'PC_VM_AMBIGUOUS',
        'ambiguous',
        { ...p, vms: vms.map((vm) => `${vm.name} (${vm.extId})`).join(', ') },
        base,
      );
    const vm = vms[0]!;
    const seconds = pc.waitSeconds;
    ctx.log.info(t('clusterHealth.link.waiting', { vm: vm.name, seconds }));
    const reach = await waitUntilReachable(connection.client, vm.extId, t, {
      timeoutMs: seconds * 1000,
      intervalMs: deps.pollIntervalMs ?? 2000,
      sleep,
    });
    const data = {
      ...base,
      vmExtId: vm.extId,
      vmName: vm.name,
      communicationLinkActive: reach.reachable,
      guestTools: reach.state,
      reads: reach.reads,
    };
    const q = { ...p, vm: vm.name, extId: vm.extId, seconds };
    if (reach.reachable) return { status: 'ok', summary: t('clusterHealth.link.active', q), data };
    return outcome('fail', 'PC_LINK_NOT_ACTIVE', 'inactive', q, data);
  });
}
