/**
 * The commands NGT Prep runs on a CVM, as fixed argument vectors (each element
 * quoted by the SSH session, never spliced into a shell string). A VM UUID is
 * validated before it can become part of one; a VM name may be anything
 * printable, and stays one argument. Sources: DOMAIN.md ("NGT files inside a
 * guest": `ncli ngt list`, `ncli ngt get vm-id=<uuid>`, `ncli vm list name=<name>`,
 * and the AOS 5.x renewal with `nutanix_guest_tools_cli`).
 */
import { NgtError } from '../../engine/errors';
import type { Translate } from '../../engine/job';

export const NCLI = 'ncli';
export const NGT_CLI = 'nutanix_guest_tools_cli';

declare const vmUuidBrand: unique symbol;
/** A VM UUID that passed parseVmUuid (lower case). */
export type VmUuid = string & { readonly [vmUuidBrand]: true };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isVmUuid(text: string): boolean {
  return UUID.test(text.trim());
}

export function parseVmUuid(text: string, flag: string, t: Translate): VmUuid {
  if (!isVmUuid(text))
    throw new NgtError('USAGE_BAD_VM_UUID', t('cluster.cvm.badUuid', { flag, value: text }), {
      category: 'usage',
      remediation: t('cluster.cvm.badUuidFix'),
    });
  return text.trim().toLowerCase() as VmUuid;
}

/** A VM name for `name=`: printable, one line (ncli takes the rest of the argument as the name). */
export function checkVmName(name: string, t: Translate): string {
  // eslint-disable-next-line no-control-regex
  if (name.trim() === '' || /[\u0000-\u001f\u007f]/.test(name))
    throw new NgtError('USAGE_BAD_VM_NAME', t('cluster.cvm.badName'), { category: 'usage' });
  return name;
}

export const ngtListArgv = (): string[] => [NCLI, 'ngt', 'list'];
export const ngtGetArgv = (uuid: VmUuid): string[] => [NCLI, 'ngt', 'get', `vm-id=${uuid}`];
export const vmListArgv = (name: string): string[] => [NCLI, 'vm', 'list', `name=${name}`];

/** The AOS 5.x renewal, in order; the agent restart that follows happens in the guest. */
export const RENEWAL_COMMANDS = ['delete_vm_tools_entity', 'create_vm_tools_entity', 'mount_guest_tools'] as const;
export type RenewalCommand = (typeof RENEWAL_COMMANDS)[number];

export const renewalArgv = (command: RenewalCommand, uuid: VmUuid): string[] => [NGT_CLI, command, uuid];

/** Every `result_vec:` value printed; success is at least one, all `kNoError`. */
export function resultVec(text: string): { values: string[]; ok: boolean } {
  const values = [...text.matchAll(/^\s*result_vec\s*:\s*(\S+)/gim)].map((m) => m[1]);
  return { values, ok: values.length > 0 && values.every((v) => v === 'kNoError') };
}
