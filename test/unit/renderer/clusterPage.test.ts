/**
 * The Prism Central page's pure models (renderer/src/components/cluster):
 * the forms' checks and the requests they make (which main's contract must
 * accept), the VM table's rows, filter and choice, and the per-VM push view
 * folded from the push job's steps.
 */
import { describe, expect, it } from 'vitest';
import type { StepView } from '../../../renderer/src/state/jobState';
import { jobStartSchema, type PcVmRow } from '../../../main/ipc/contract';
import { guestOsKind } from '../../../main/cluster/prismCentral/guestOsKind';
import { vmFromApi } from '../../../main/cluster/prismCentral/vmList';
import { vmReadiness } from '../../../main/cluster/prismCentral/vmReadiness';
import {
  EMPTY_PC_CONNECT,
  EMPTY_PC_PUSH,
  parseWaitSeconds,
  pcPushRequest,
  pcVmsRequest,
  validatePcConnect,
  validatePcPush,
} from '../../../renderer/src/components/cluster/pcForms';
import { pushRows } from '../../../renderer/src/components/cluster/pushProgress';
import {
  canPush,
  filterVmRows,
  LIST_STEP_ID,
  pushTargets,
  readVmRows,
  vmFacts,
} from '../../../renderer/src/components/cluster/vmRows';

const CONNECT = { ...EMPTY_PC_CONNECT, host: ' pc.example.com ', password: 'pw' };

describe('connect form', () => {
  it.each([
    [{ host: '' }, { host: 'clusterPage.errors.hostRequired', password: 'clusterPage.errors.passwordRequired' }],
    [{ host: 'https://pc', password: 'pw' }, { host: 'clusterPage.errors.hostInvalid' }],
    [{ host: 'pc', port: '0', password: 'pw' }, { port: 'clusterPage.errors.portInvalid' }],
    [{ host: 'pc', username: ' ', password: 'pw' }, { username: 'clusterPage.errors.userRequired' }],
    [{ host: 'pc', password: 'pw' }, {}],
  ])('%j → %j', (patch, errors) => {
    expect(validatePcConnect({ ...EMPTY_PC_CONNECT, ...patch })).toEqual(errors);
  });

  it('starts on port 9440 and sends a pc-vms request main accepts, trimmed', () => {
    expect(EMPTY_PC_CONNECT.port).toBe('9440');
    const parsed = jobStartSchema.parse(pcVmsRequest(CONNECT));
    expect(parsed).toEqual({
      kind: 'pc-vms',
      params: { host: 'pc.example.com', port: 9440, username: 'admin', password: 'pw' },
    });
  });
});

describe('push form', () => {
  it.each([
    [
      {},
      { guestUser: 'clusterPage.errors.guestUserRequired', guestPassword: 'clusterPage.errors.guestPasswordRequired' },
    ],
    [
      { guestUser: 'Administrator', guestPassword: 'x', waitSeconds: '3601' },
      { waitSeconds: 'clusterPage.errors.waitInvalid' },
    ],
    [
      { guestUser: 'Administrator', guestPassword: 'x', waitSeconds: '-1' },
      { waitSeconds: 'clusterPage.errors.waitInvalid' },
    ],
    [{ guestUser: 'Administrator', guestPassword: 'x', waitSeconds: ' 0 ' }, {}],
  ])('%j → %j', (patch, errors) => {
    expect(validatePcPush({ ...EMPTY_PC_PUSH, ...patch })).toEqual(errors);
  });

  it('reads whole seconds up to the contract maximum', () => {
    expect(parseWaitSeconds('300')).toBe(300);
    expect(parseWaitSeconds('3600')).toBe(3600);
    expect(parseWaitSeconds('1.5')).toBeUndefined();
  });

  it('sends a pc-push request main accepts: extIds, the guest account, the reboot choice', () => {
    const request = pcPushRequest(
      CONNECT,
      { guestUser: ' Administrator ', guestPassword: 'gpw', rebootNow: true, waitSeconds: '120' },
      ['vm-a', 'vm-b'],
    );
    expect(jobStartSchema.parse(request)).toEqual({
      kind: 'pc-push',
      params: {
        host: 'pc.example.com',
        port: 9440,
        username: 'admin',
        password: 'pw',
        vms: ['vm-a', 'vm-b'],
        guest: { username: 'Administrator', password: 'gpw' },
        reboot: 'IMMEDIATE',
        waitReachableSeconds: 120,
      },
    });
    expect(jobStartSchema.safeParse(pcPushRequest(CONNECT, EMPTY_PC_PUSH, [])).success).toBe(false);
  });
});

/** A VM as Prism Central's vmm v4.0 list gives it, reduced and rated as the list job does. */
function row(raw: Record<string, unknown>): PcVmRow {
  const vm = vmFromApi({ extId: `ext-${String(raw.name)}`, powerState: 'ON', ...raw })!;
  return { ...vm, readiness: vmReadiness(vm), os: guestOsKind(vm.guestTools?.guestOsVersion) };
}

const EMPTY_IDE = { diskAddress: { busType: 'IDE', index: 0 } };
const rows = [
  row({ name: 'win-a', cdRoms: [EMPTY_IDE], guestTools: { guestOsVersion: 'windows:64:Windows Server 2022' } }),
  row({ name: 'rocky-b', cdRoms: [EMPTY_IDE], guestTools: { guestOsVersion: 'linux:64:Rocky Linux-8.4' } }),
  row({ name: 'Win-C', cdRoms: [{ ...EMPTY_IDE, backingInfo: {}, isoType: 'OTHER' }] }),
  row({ name: 'off-d', powerState: 'OFF', cdRoms: [EMPTY_IDE] }),
  row({
    name: 'done-e',
    cdRoms: [{ ...EMPTY_IDE, backingInfo: {}, isoType: 'GUEST_TOOLS' }],
    guestTools: { isInstalled: true, isReachable: true, version: '4.1', availableVersion: '4.1', isIsoInserted: true },
  }),
];

describe('VM table', () => {
  it('reads the rows from the list step and nothing before it ends', () => {
    const running: StepView = { id: LIST_STEP_ID, phase: 'prepare', title: 'List', advisory: false, status: 'running' };
    expect(readVmRows([running])).toEqual([]);
    const ended: StepView = {
      ...running,
      status: 'ok',
      outcome: { status: 'ok', summary: '5 VMs.', data: { vms: rows } },
    };
    expect(readVmRows([ended]).map((r) => r.name)).toEqual(['win-a', 'rocky-b', 'Win-C', 'off-d', 'done-e']);
  });

  it('filters by name, ignoring case and spaces', () => {
    expect(filterVmRows(rows, ' win ').map((r) => r.name)).toEqual(['win-a', 'Win-C']);
    expect(filterVmRows(rows, '')).toHaveLength(5);
  });

  it('rates each VM: ready, the SSH way, not ready with its advice, link active', () => {
    expect(rows.map((r) => vmFacts(r).state)).toEqual(['ready', 'ssh-way', 'not-ready', 'not-ready', 'link-active']);
    expect(vmFacts(rows[2])).toMatchObject({ emptyCdRom: false, isoInserted: false });
    expect(vmFacts(rows[2]).advice).toEqual(['cluster.remediation.noFreeCdRom']);
    expect(vmFacts(rows[3]).advice).toContain('cluster.readiness.powerOn');
    expect(vmFacts(rows[4])).toMatchObject({ isoInserted: true, reachable: true, ngtInstalled: true, version: '4.1' });
    expect(vmFacts(rows[0])).toMatchObject({ ngtInstalled: false, reachable: false, emptyCdRom: true });
  });

  it('offers the push only for ready VMs, and keeps only those of the chosen', () => {
    expect(rows.filter(canPush).map((r) => r.name)).toEqual(['win-a']);
    const chosen = new Set(['ext-win-a', 'ext-rocky-b', 'ext-gone']);
    expect(pushTargets(rows, chosen).map((r) => r.name)).toEqual(['win-a']);
  });
});

describe('push progress', () => {
  const vms = [
    { extId: 'a', name: 'win-a' },
    { extId: 'b', name: 'win-b' },
  ];
  const base = { phase: 'install' as const, advisory: false, title: '' };

  it('shows the running task with its percentage, then the link', () => {
    const steps: StepView[] = [
      { ...base, id: 'push-1', status: 'ok', outcome: { status: 'ok', summary: 'win-a: NGT 4.1 installed' } },
      {
        ...base,
        id: 'push-2',
        status: 'running',
        progress: { current: 33, max: 100, label: 'Installing NGT: task RUNNING 33%' },
      },
      {
        ...base,
        phase: 'verify',
        id: 'link-1',
        status: 'ok',
        outcome: { status: 'ok', summary: '', data: { communicationLinkActive: true } },
      },
      { ...base, phase: 'verify', id: 'link-2', status: 'pending' },
    ];
    expect(pushRows(steps, vms)).toEqual([
      expect.objectContaining({ name: 'win-a', status: 'ok', percent: 100, link: 'active' }),
      expect.objectContaining({
        name: 'win-b',
        status: 'running',
        percent: 33,
        label: 'Installing NGT: task RUNNING 33%',
        link: 'pending',
      }),
    ]);
  });

  it("keeps Prism Central's errorMessages as they came, and a link not checked", () => {
    const steps: StepView[] = [
      {
        ...base,
        id: 'push-1',
        status: 'fail',
        outcome: {
          status: 'fail',
          summary: 'The Prism Central task InstallVmGuestTools ended FAILED: WinRM not reachable',
          detail: 'VMM-30301: WinRM not reachable',
          remediation: 'Open 5986.',
        },
      },
      { ...base, phase: 'verify', id: 'link-1', status: 'skipped', outcome: { status: 'skipped', summary: '' } },
      {
        ...base,
        phase: 'verify',
        id: 'link-2',
        status: 'fail',
        outcome: { status: 'fail', summary: '', data: { communicationLinkActive: false } },
      },
    ];
    const [a, b] = pushRows(steps, vms);
    expect(a).toMatchObject({
      errors: 'VMM-30301: WinRM not reachable',
      remediation: 'Open 5986.',
      link: 'not-checked',
    });
    expect(a.percent).toBeUndefined();
    expect(b).toMatchObject({ status: 'pending', link: 'inactive' });
  });
});
