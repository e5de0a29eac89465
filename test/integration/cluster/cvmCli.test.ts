/**
 * `ngt-prep cvm ngt-status` and `ngt-prep cvm renew-cert` through the real CLI
 * (in-process) over real SSH to the sandbox playing a CVM: `ncli` and
 * `nutanix_guest_tools_cli` there are the test CVM (test/sandbox/testCvm.ts,
 * shapes from DOMAIN.md "NGT files inside a guest"), which records every call.
 * Needs root; skipped loudly without it, failing instead in CI.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canRunSandbox, startSandbox, type Sandbox } from '../../sandbox';
import { installTestCvm, type TestCvm, type TestCvmState } from '../../sandbox/testCvm';
import { runCliInProcess } from '../../support/cliInProcess';

const CI = process.env.CI === 'true';
const can = canRunSandbox();
if (!can.ok && !CI) console.warn(`\n*** SKIPPING cvm CLI tests: ${can.reason} ***\n`);
const SENTINEL = `Cvm-S3ntinel-${process.pid}`;
const WRONG = `Wr0ng-Cvm-${process.pid}`;
const WIN = '5026b8a6-3c1d-4c55-9d6e-2f9a1b7c0d11';
const ROCKY = '6a1f0c2e-7b3d-4e8f-a1b2-c3d4e5f60718';
const work = mkdtempSync(join(tmpdir(), 'ngtp-cvm-'));
const keyFile = join(work, 'id_ed25519');
let sandbox: Sandbox | undefined;
let runs = 0;

beforeAll(async () => {
  if (!can.ok) return;
  const keygen = spawnSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', keyFile]);
  if (keygen.status !== 0) throw new Error(String(keygen.stderr));
  sandbox = await startSandbox({
    distro: 'rocky',
    withIso: false,
    users: [{ name: 'nutanix', password: SENTINEL }],
    authorizedKeys: [readFileSync(`${keyFile}.pub`, 'utf8')],
  });
}, 120_000);
afterAll(async () => {
  await sandbox?.stop();
  rmSync(work, { recursive: true, force: true });
});

const STATE: TestCvmState = {
  vms: [
    { uuid: WIN, name: 'win-01', link: true, ips: ['10.200.9.11'] },
    { uuid: ROCKY, name: 'rocky-01', link: false, toolsIsoMounted: true },
  ],
};

async function cvm(state: TestCvmState = STATE): Promise<TestCvm> {
  return installTestCvm(sandbox!, 'nutanix', state);
}

async function run(args: string[], env: Record<string, string> = {}) {
  runs += 1;
  const { code, stdout, stderr } = await runCliInProcess(args, {
    dataDir: join(work, `data-${runs}`),
    env: { CVM_PW: SENTINEL, ...env },
  });
  const output = stdout + stderr;
  expect(output).not.toContain(SENTINEL);
  expect(output).not.toContain(WRONG);
  return { code, stdout, stderr, output };
}

function connection(auth: 'key' | 'password' = 'key'): string[] {
  return [
    '--host',
    sandbox!.host,
    '--user',
    'nutanix',
    ...(auth === 'key' ? ['--key', keyFile] : ['--password-env', 'CVM_PW']),
    '--known-hosts',
    join(work, 'known_hosts'),
    '--fingerprint',
    sandbox!.hostKeyFingerprint,
  ];
}

const argsOf = async (c: TestCvm) => (await c.calls()).map((x) => [x.tool, ...x.args].join(' '));

describe('cvm CLI prerequisites', () => {
  it('are present (required in CI)', () => {
    expect(CI && !can.ok ? `cannot run: ${can.reason}` : null).toBeNull();
  });
});

describe.runIf(can.ok)('ngt-prep cvm ngt-status', () => {
  it('lists every VM with NGT and exits 1 because one has no Communication Link Active; JSON written', async () => {
    const c = await cvm();
    const json = join(work, 'status.json');
    const r = await run(['cvm', 'ngt-status', ...connection(), '--json', json]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/win-01 {2}5026b8a6-.* Communication Link Active: true/);
    expect(r.stdout).toMatch(/rocky-01 {2}6a1f0c2e-.*Tools ISO Mounted: true {2}Communication Link Active: false/);
    expect(r.stdout).toContain('without Communication Link Active: 1');
    const document = JSON.parse(readFileSync(json, 'utf8'));
    expect(document.schema).toBe('ngt-prep/cvm-ngt-status@1');
    expect(document.vms.map((v: { vmUuid: string }) => v.vmUuid)).toEqual([WIN, ROCKY]);
    const calls = await c.calls();
    expect(calls).toEqual([{ tool: 'ncli', args: ['ngt', 'list'], user: 'nutanix' }]);
  });

  it('finds one VM by name (ncli vm list name=…, then ngt get) and exits 0 when its link is active', async () => {
    const c = await cvm();
    const r = await run(['cvm', 'ngt-status', ...connection('password'), '--vm', 'win-01']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Communication Link Active: true');
    expect(await argsOf(c)).toEqual(['ncli vm list name=win-01', `ncli ngt get vm-id=${WIN}`]);
  });

  it('by UUID, exits 1 for an inactive link; an unknown VM name is a failure that says so', async () => {
    const c = await cvm();
    const inactive = await run(['cvm', 'ngt-status', ...connection(), '--vm', ROCKY.toUpperCase()]);
    expect(inactive.code).toBe(1);
    expect(await argsOf(c)).toEqual([`ncli ngt get vm-id=${ROCKY}`]);
    const unknown = await run(['cvm', 'ngt-status', ...connection(), '--vm', "no such 'vm'"]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain("The cluster has no VM named no such 'vm'");
    expect((await argsOf(c)).at(-1)).toBe("ncli vm list name=no such 'vm'");
  });

  it('exits 3 for an unknown host key (nothing run) and for a wrong password', async () => {
    const c = await cvm();
    const unknownKey = await run([
      'cvm',
      'ngt-status',
      '--host',
      sandbox!.host,
      '--user',
      'nutanix',
      '--key',
      keyFile,
      '--known-hosts',
      join(work, 'empty_known_hosts'),
    ]);
    expect(unknownKey.code).toBe(3);
    expect(unknownKey.stderr).toContain(sandbox!.hostKeyFingerprint);
    const wrong = await run(['cvm', 'ngt-status', ...connection('password')], { CVM_PW: WRONG });
    expect(wrong.code).toBe(3);
    expect(await c.calls()).toEqual([]);
  });
});

describe.runIf(can.ok)('ngt-prep cvm renew-cert', () => {
  const renew = (uuid: string, confirm: string, extra: string[] = []) => [
    'cvm',
    'renew-cert',
    ...connection(),
    '--vm',
    uuid,
    '--confirm',
    confirm,
    '--wait-link',
    '0',
    ...extra,
  ];

  it('deletes, creates, mounts, then sees Communication Link Active; each step shown and confirmed by the UUID', async () => {
    const c = await cvm({ vms: [{ uuid: ROCKY, name: 'rocky-01', link: false, linkAfterMount: true }] });
    const r = await run(renew(ROCKY, ROCKY));
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Step 1 of 4 for rocky-01 .*delete_vm_tools_entity/);
    expect(r.stdout.match(/Confirmed with --confirm 6a1f0c2e-/g)).toHaveLength(4);
    expect(r.stdout.match(/result_vec: kNoError/g)).toHaveLength(3);
    expect(r.stdout).toContain('Communication Link Active is true');
    expect(await argsOf(c)).toEqual([
      `ncli ngt get vm-id=${ROCKY}`,
      `nutanix_guest_tools_cli delete_vm_tools_entity ${ROCKY}`,
      `nutanix_guest_tools_cli create_vm_tools_entity ${ROCKY}`,
      `nutanix_guest_tools_cli mount_guest_tools ${ROCKY}`,
      `ncli ngt get vm-id=${ROCKY}`,
    ]);
    expect((await c.state()).vms[0]).toMatchObject({ entity: true, toolsIsoMounted: true });
  });

  it('stops at the first step whose result_vec is not kNoError: no mount after a failed create; exit 1', async () => {
    const c = await cvm({
      vms: [{ uuid: ROCKY, name: 'rocky-01', link: false }],
      fail: { create_vm_tools_entity: 'kInvalidArgument' },
    });
    const r = await run(renew(ROCKY, ROCKY));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      `nutanix_guest_tools_cli create_vm_tools_entity ${ROCKY} did not succeed: result_vec kInvalidArgument`,
    );
    expect(r.stderr).toContain('The tools entity is deleted and not yet created');
    expect(r.stderr).toContain('CVM_RENEW_STEP_FAILED');
    expect(await argsOf(c)).toEqual([
      `ncli ngt get vm-id=${ROCKY}`,
      `nutanix_guest_tools_cli delete_vm_tools_entity ${ROCKY}`,
      `nutanix_guest_tools_cli create_vm_tools_entity ${ROCKY}`,
    ]);
  });

  it('exits 1 without changing anything when the cluster does not know the VM', async () => {
    const c = await cvm();
    const other = '0b0b0b0b-1111-4222-8333-444455556666';
    const r = await run(renew(other, other));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('does not exist');
    expect(await argsOf(c)).toEqual([`ncli ngt get vm-id=${other}`]);
  });

  it.each([
    [[ROCKY, 'yes'], 'must repeat the VM'],
    [[ROCKY, WIN], 'must repeat the VM'],
    [['x; rm -rf /', 'x; rm -rf /'], 'not a VM UUID'],
  ])('exits 2 and runs nothing for --vm/--confirm %j', async ([vm, confirm], text) => {
    const c = await cvm();
    const r = await run(renew(vm, confirm));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(text);
    expect(await c.calls()).toEqual([]);
  });

  it('exits 2 for a --wait-link that is not a number of seconds', async () => {
    const r = await run([
      'cvm',
      'renew-cert',
      ...connection(),
      '--vm',
      ROCKY,
      '--confirm',
      ROCKY,
      '--wait-link',
      'soon',
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--wait-link soon: give a number of seconds from 0 to 3600');
  });

  it('exits 2 without --confirm, saying what it asks for', async () => {
    const r = await run(['cvm', 'renew-cert', ...connection(), '--vm', ROCKY]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`--confirm ${ROCKY} is required`);
  });
});
