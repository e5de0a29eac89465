/**
 * ncli output shapes as DOMAIN.md gives them ("NGT files inside a guest":
 * `Key : Value` lines — VM Id, VM Name, NGT Enabled, Tools ISO Mounted,
 * Vss Snapshot / VSS Snapshot, File Level Restore, Communication Link Active;
 * `ncli vm list name=…` with its `Uuid` line), with the spacing and case
 * variations a real CVM may print.
 */
import { describe, expect, it } from 'vitest';
import {
  ncliError,
  parseBoolean,
  parseKeyValueBlocks,
  parseNgtStatuses,
  parseVmList,
  vmUuidOf,
} from '../../../main/cluster/ncli/ncliOutput';

const VM1 = '5026b8a6-3c1d-4c55-9d6e-2f9a1b7c0d11';
const VM2 = '6a1f0c2e-7b3d-4e8f-a1b2-c3d4e5f60718';
const CLUSTER = '00061a6a-7d0e-4b53-0000-00000000c1c1';

const NGT_LIST = `
    VM Id                     : ${CLUSTER}::${VM1}
    VM Name                   : win-01
    NGT Enabled               : true
    Tools ISO Mounted         : false
    Vss Snapshot              : true
    File Level Restore        : false
    Communication Link Active : true

    VM Id                     : ${CLUSTER}::${VM2}
    VM Name                   : rocky-01
    NGT Enabled               : true
    Tools ISO Mounted         : true
    VSS Snapshot              : false
    File Level Restore        : false
    Communication Link Active : false
`;

describe('parseNgtStatuses', () => {
  it('reads ncli ngt list blocks', () => {
    const statuses = parseNgtStatuses(NGT_LIST);
    expect(statuses).toHaveLength(2);
    expect(statuses[0]).toEqual({
      vmId: `${CLUSTER}::${VM1}`,
      vmUuid: VM1,
      vmName: 'win-01',
      ngtEnabled: true,
      toolsIsoMounted: false,
      vssSnapshot: true,
      fileLevelRestore: false,
      communicationLinkActive: true,
      otherFields: {},
    });
    expect(statuses[1]).toMatchObject({ vmUuid: VM2, vssSnapshot: false, communicationLinkActive: false });
  });

  it.each([
    ['tight spacing', 'VM Id:' + VM1 + '\nCommunication Link Active:true', true],
    ['odd case and spacing', `  vm id   :   ${VM1}\n  COMMUNICATION   LINK   ACTIVE   :   TRUE  `, true],
    ['false', `VM Id : ${VM1}\nCommunication Link Active : false`, false],
    ['CRLF line ends', `VM Id : ${VM1}\r\nCommunication Link Active : true\r\n`, true],
    ['a value that is not a boolean', `VM Id : ${VM1}\nCommunication Link Active : unknown`, null],
    ['the key missing', `VM Id : ${VM1}\nNGT Enabled : true`, null],
  ])('Communication Link Active with %s', (_name, text, expected) => {
    const [status] = parseNgtStatuses(text);
    expect(status.communicationLinkActive).toBe(expected);
    expect(status.vmUuid).toBe(VM1);
  });

  it('keeps unknown keys (e.g. newer AOS fields) without mistaking them', () => {
    const [status] = parseNgtStatuses(
      `VM Id : ${VM1}\nVM Name : db\nClient Cert Expiry Date : 2027-08-01\nCommunication Type : IP_BASED\nCommunication Link Active : true`,
    );
    expect(status.otherFields).toEqual({ 'client cert expiry date': '2027-08-01', 'communication type': 'IP_BASED' });
    expect(status.communicationLinkActive).toBe(true);
  });

  it('separates entities printed with no blank line between them', () => {
    const text = `VM Id : ${VM1}\nCommunication Link Active : true\nVM Id : ${VM2}\nCommunication Link Active : false`;
    expect(parseNgtStatuses(text).map((s) => [s.vmUuid, s.communicationLinkActive])).toEqual([
      [VM1, true],
      [VM2, false],
    ]);
  });

  it('ignores banners and rule lines, and finds nothing in an error', () => {
    const text = `Cluster Name: prod\n----\n\nError: VM with id ${VM1} does not have NGT enabled`;
    expect(parseNgtStatuses(text)).toEqual([]);
    expect(ncliError(text)).toBe(`VM with id ${VM1} does not have NGT enabled`);
    expect(ncliError(NGT_LIST)).toBeNull();
  });
});

describe('parseVmList', () => {
  it('takes the Uuid line of ncli vm list name=…', () => {
    const text = `
    Id                        : ${CLUSTER}::${VM1}
    Uuid                      : ${VM1.toUpperCase()}
    Name                      : win-01
    VM IP Addresses           : 10.0.0.5
    Hypervisor Host Id        : ${CLUSTER}::7
`;
    expect(parseVmList(text)).toEqual([{ id: `${CLUSTER}::${VM1}`, uuid: VM1, name: 'win-01' }]);
  });

  it('falls back to the UUID in Id when there is no Uuid line, and lists several VMs', () => {
    const text = `Id : ${CLUSTER}::${VM1}\nName : a\n\nId : ${CLUSTER}::${VM2}\nName : b`;
    expect(parseVmList(text).map((v) => v.uuid)).toEqual([VM1, VM2]);
  });
});

describe('helpers', () => {
  it('reads booleans strictly and UUIDs inside ids', () => {
    expect([parseBoolean('True'), parseBoolean(' false '), parseBoolean('yes'), parseBoolean(undefined)]).toEqual([
      true,
      false,
      null,
      null,
    ]);
    expect(vmUuidOf(`${CLUSTER}::${VM1}`)).toBe(VM1);
    expect(vmUuidOf('42')).toBeNull();
    expect(parseKeyValueBlocks('a: 1\nb : x:y')[0].get('b')).toBe('x:y');
  });
});
