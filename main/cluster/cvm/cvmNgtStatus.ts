/**
 * The cluster's own NGT view of VMs, read over SSH on a CVM: `ncli ngt list`,
 * or one VM by UUID (`ncli ngt get vm-id=`) or by name (`ncli vm list name=`
 * for its UUID first). Parsing is in main/cluster/ncli/ncliOutput.ts.
 */
import { NgtError } from '../../engine/errors';
import type { Translate } from '../../engine/job';
import type { SshSession } from '../../linux/ssh/sshSession';
import { ncliError, parseNgtStatuses, parseVmList, type NgtStatus } from '../ncli/ncliOutput';
import { checkVmName, isVmUuid, ngtGetArgv, ngtListArgv, parseVmUuid, vmListArgv, type VmUuid } from './cvmCommands';
import { runCvmCommand } from './cvmConnection';

function refused(argv: string[], message: string, t: Translate): NgtError {
  return new NgtError('CVM_NCLI_ERROR', t('cluster.cvm.ncliError', { command: argv.join(' '), message }), {
    remediation: t('cluster.cvm.ncliErrorFix'),
  });
}

async function ncliStatuses(session: SshSession, argv: string[], t: Translate): Promise<NgtStatus[]> {
  const text = await runCvmCommand(session, argv, t);
  const error = ncliError(text);
  if (error) throw refused(argv, error, t);
  return parseNgtStatuses(text);
}

export async function ngtStatusOfUuid(session: SshSession, uuid: VmUuid, t: Translate): Promise<NgtStatus> {
  const statuses = await ncliStatuses(session, ngtGetArgv(uuid), t);
  const status = statuses.find((s) => s.vmUuid === uuid) ?? statuses[0];
  if (!status) throw refused(ngtGetArgv(uuid), t('cluster.cvm.noStatus'), t);
  return status;
}

/** The UUID of the one VM with this name; none or several is an error that says so. */
export async function vmUuidByName(session: SshSession, name: string, t: Translate): Promise<VmUuid> {
  const argv = vmListArgv(checkVmName(name, t));
  const text = await runCvmCommand(session, argv, t);
  const error = ncliError(text);
  if (error) throw refused(argv, error, t);
  const vms = parseVmList(text).filter((v) => v.uuid && (v.name === null || v.name === name));
  if (vms.length === 0)
    throw new NgtError('CVM_VM_NOT_FOUND', t('cluster.cvm.vmNotFound', { vm: name }), {
      remediation: t('cluster.cvm.vmNotFoundFix'),
    });
  if (vms.length > 1)
    throw new NgtError(
      'CVM_VM_AMBIGUOUS',
      t('cluster.cvm.vmAmbiguous', { vm: name, uuids: vms.map((v) => v.uuid).join(', ') }),
      { remediation: t('cluster.cvm.vmAmbiguousFix') },
    );
  return vms[0].uuid as VmUuid;
}

/** All VMs with NGT (no selector), or the one VM a name or UUID picks. */
export async function readNgtStatuses(
  session: SshSession,
  selector: string | undefined,
  t: Translate,
): Promise<NgtStatus[]> {
  if (selector === undefined) return ncliStatuses(session, ngtListArgv(), t);
  const uuid = isVmUuid(selector) ? parseVmUuid(selector, '--vm', t) : await vmUuidByName(session, selector, t);
  return [await ngtStatusOfUuid(session, uuid, t)];
}
