/** The CVM commands as fixed vectors, UUID validation, and result_vec reading (DOMAIN.md, AOS 5.x renewal). */
import { describe, expect, it } from 'vitest';
import {
  checkVmName,
  ngtGetArgv,
  parseVmUuid,
  renewalArgv,
  resultVec,
  vmListArgv,
} from '../../../main/cluster/cvm/cvmCommands';
import { renewalPlan } from '../../../main/cluster/cvm/renewClientCertificate';
import { createTranslator } from '../../../main/i18n/catalogue';

const t = createTranslator('en');
const UUID = '6a1f0c2e-7b3d-4e8f-a1b2-c3d4e5f60718';

describe('parseVmUuid', () => {
  it('accepts a UUID in any case, trimmed, and gives it in lower case', () => {
    expect(parseVmUuid(` ${UUID.toUpperCase()} `, '--vm', t)).toBe(UUID);
  });
  it.each(['', 'yes', `${UUID}; reboot`, `${UUID}x`, '6a1f0c2e7b3d4e8fa1b2c3d4e5f60718', `$(${UUID})`])(
    'refuses %j as a usage error',
    (value) => {
      expect(() => parseVmUuid(value, '--vm', t)).toThrow(expect.objectContaining({ code: 'USAGE_BAD_VM_UUID' }));
    },
  );
});

describe('command vectors', () => {
  it('are fixed, each value one element', () => {
    const uuid = parseVmUuid(UUID, '--vm', t);
    expect(ngtGetArgv(uuid)).toEqual(['ncli', 'ngt', 'get', `vm-id=${UUID}`]);
    expect(vmListArgv("it's a; name")).toEqual(['ncli', 'vm', 'list', "name=it's a; name"]);
    expect(renewalPlan(uuid, 'vm', t).map((s) => s.argv ?? s.id)).toEqual([
      ['nutanix_guest_tools_cli', 'delete_vm_tools_entity', UUID],
      ['nutanix_guest_tools_cli', 'create_vm_tools_entity', UUID],
      ['nutanix_guest_tools_cli', 'mount_guest_tools', UUID],
      'restart-agent',
    ]);
    expect(renewalArgv('mount_guest_tools', uuid)).toHaveLength(3);
  });
  it('refuses a VM name with a line break or control character', () => {
    expect(() => checkVmName('a\nb', t)).toThrow(expect.objectContaining({ code: 'USAGE_BAD_VM_NAME' }));
    expect(checkVmName('web 01', t)).toBe('web 01');
  });
});

describe('resultVec', () => {
  it.each([
    ['result_vec: kNoError\n', true, ['kNoError']],
    ['  result_vec : kNoError\r\n', true, ['kNoError']],
    ['result_vec: kNoError\nresult_vec: kNotFound\n', false, ['kNoError', 'kNotFound']],
    ['Error: something else\n', false, []],
    ['', false, []],
  ])('%j → ok %s', (text, ok, values) => {
    expect(resultVec(text)).toEqual({ ok, values });
  });
});
