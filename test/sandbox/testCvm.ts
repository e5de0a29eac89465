/**
 * A test CVM inside an SSH sandbox: `ncli` and `nutanix_guest_tools_cli`
 * (test/sandbox/cvm/test_cvm.py, one script under both names) installed in the
 * VM's /usr/local/bin, with their state in a JSON file and every call recorded.
 * An add-on: it only uses the sandbox's own `exec`, so index.ts is unchanged.
 * The shapes follow DOMAIN.md ("NGT files inside a guest").
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Sandbox } from './index';

export interface TestCvmVm {
  uuid: string;
  name: string;
  ngtEnabled?: boolean;
  toolsIsoMounted?: boolean;
  vss?: boolean;
  flr?: boolean;
  /** Communication Link Active as the cluster reports it. */
  link?: boolean;
  /** The tools entity exists (NGT enabled on the VM from the cluster's side); default true. */
  entity?: boolean;
  /** After mount_guest_tools the link comes up (the guest agent restarted and reconnected). */
  linkAfterMount?: boolean;
  ips?: string[];
}

export interface TestCvmState {
  clusterId?: string;
  vms: TestCvmVm[];
  /** nutanix_guest_tools_cli commands that answer `result_vec: <code>` instead of kNoError. */
  fail?: Partial<Record<'delete_vm_tools_entity' | 'create_vm_tools_entity' | 'mount_guest_tools', string>>;
}

export interface TestCvmCall {
  tool: 'ncli' | 'nutanix_guest_tools_cli';
  args: string[];
  user: string;
}

export interface TestCvm {
  calls(): Promise<TestCvmCall[]>;
  state(): Promise<Required<TestCvmState>>;
}

const DIR = '/var/lib/ngtp-cvm';
const SCRIPT = readFileSync(path.join(__dirname, 'cvm', 'test_cvm.py'), 'utf8');

async function ok(sandbox: Sandbox, argv: string[], input?: string): Promise<string> {
  const r = await sandbox.exec(argv, { input });
  if (r.code !== 0) throw new Error(`${argv.join(' ')} failed (${r.code}): ${r.stderr}`);
  return r.stdout;
}

/** Installs the tools (again: state and call log start afresh) for `owner` (the CVM user, `nutanix`), who must be able to write their state. */
export async function installTestCvm(sandbox: Sandbox, owner: string, initial: TestCvmState): Promise<TestCvm> {
  const state = {
    clusterId: initial.clusterId ?? '00061a6a-7d0e-4b53-0000-00000000c1c1',
    fail: initial.fail ?? {},
    vms: initial.vms.map((v) => ({
      ngtEnabled: true,
      toolsIsoMounted: false,
      vss: true,
      flr: false,
      link: false,
      entity: true,
      linkAfterMount: false,
      ips: [],
      ...v,
    })),
  };
  await ok(sandbox, ['/bin/mkdir', '-p', DIR, '/usr/local/bin']);
  await ok(sandbox, ['/bin/sh', '-c', 'cat > "$1"', 'sh', '/usr/local/bin/ncli'], SCRIPT);
  await ok(sandbox, ['/bin/chmod', '755', '/usr/local/bin/ncli']);
  await ok(sandbox, ['/bin/ln', '-sf', '/usr/local/bin/ncli', '/usr/local/bin/nutanix_guest_tools_cli']);
  await ok(sandbox, ['/bin/sh', '-c', 'cat > "$1"', 'sh', `${DIR}/state.json`], JSON.stringify(state));
  await ok(sandbox, ['/bin/sh', '-c', 'cat > "$1"', 'sh', `${DIR}/calls.jsonl`], '');
  await ok(sandbox, ['/bin/chown', '-R', owner, DIR]);
  return {
    async calls() {
      const text = await ok(sandbox, ['/bin/cat', `${DIR}/calls.jsonl`]);
      return text
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as TestCvmCall);
    },
    async state() {
      return JSON.parse(await ok(sandbox, ['/bin/cat', `${DIR}/state.json`])) as Required<TestCvmState>;
    },
  };
}
