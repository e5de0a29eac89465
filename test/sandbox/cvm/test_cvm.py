#!/usr/bin/python3
"""A test CVM's `ncli` and `nutanix_guest_tools_cli`, installed in the SSH
sandbox by test/sandbox/testCvm.ts under both names (the name it is called by
picks the tool). Output shapes follow /work/shared/DOMAIN.md ("NGT files
inside a guest"): `Key : Value` blocks separated by blank lines for
`ncli ngt list [vm-names=a,b]`, `ncli ngt get vm-id=<uuid>` and
`ncli vm list name=<name>` (its `Uuid` line); `Error : …` for a refusal;
`nutanix_guest_tools_cli delete_vm_tools_entity|create_vm_tools_entity|
mount_guest_tools <vm_uuid>` end with `result_vec: kNoError` on success.
The state is a JSON file; every call is appended to a JSON-lines log."""
import json, os, sys

STATE = os.environ.get('NGTP_CVM_STATE', '/var/lib/ngtp-cvm/state.json')
CALLS = os.environ.get('NGTP_CVM_CALLS', '/var/lib/ngtp-cvm/calls.jsonl')


def load():
    with open(STATE) as f:
        return json.load(f)


def save(state):
    with open(STATE + '.tmp', 'w') as f:
        json.dump(state, f)
    os.replace(STATE + '.tmp', STATE)


def record(tool, args):
    with open(CALLS, 'a') as f:
        f.write(json.dumps({'tool': tool, 'args': args, 'user': os.environ.get('USER') or str(os.getuid())}) + '\n')


def tf(v):
    return 'true' if v else 'false'


def ngt_block(state, vm):
    link = vm['link'] or (vm.get('linkAfterMount') and vm['toolsIsoMounted'])
    rows = [
        ('VM Id', '%s::%s' % (state['clusterId'], vm['uuid'])),
        ('VM Name', vm['name']),
        ('NGT Enabled', tf(vm['ngtEnabled'])),
        ('Tools ISO Mounted', tf(vm['toolsIsoMounted'])),
        ('Vss Snapshot', tf(vm['vss'])),
        ('File Level Restore', tf(vm['flr'])),
        ('Communication Link Active', tf(link)),
    ]
    return ''.join('    %-26s: %s\n' % r for r in rows)


def vm_block(state, vm):
    rows = [
        ('Id', '%s::%s' % (state['clusterId'], vm['uuid'])),
        ('Uuid', vm['uuid']),
        ('Name', vm['name']),
        ('VM IP Addresses', ', '.join(vm.get('ips', []))),
        ('Hypervisor Host Id', '%s::7' % state['clusterId']),
        ('Power State', 'on'),
    ]
    return ''.join('    %-26s: %s\n' % r for r in rows)


def option(args, name):
    for a in args:
        if a.startswith(name + '='):
            return a[len(name) + 1:]
    return None


def ncli(args):
    state = load()
    vms = state['vms']
    if args[:2] == ['ngt', 'list']:
        names = option(args[2:], 'vm-names')
        chosen = [v for v in vms if v['entity'] and (names is None or v['name'] in names.split(','))]
        print('\n'.join(ngt_block(state, v) for v in chosen), end='')
        return 0
    if args[:2] == ['ngt', 'get']:
        uuid = option(args[2:], 'vm-id')
        vm = next((v for v in vms if v['uuid'] == uuid), None)
        if vm is None:
            print('Error : VM with id %s does not exist' % uuid)
            return 1
        if not vm['entity']:
            print('Error : NGT is not enabled on VM %s' % vm['name'])
            return 1
        print(ngt_block(state, vm), end='')
        return 0
    if args[:2] == ['vm', 'list']:
        name = option(args[2:], 'name')
        print('\n'.join(vm_block(state, v) for v in vms if name is None or v['name'] == name), end='')
        return 0
    print('Error : Unknown command: %s' % ' '.join(args))
    return 1


def guest_tools_cli(args):
    state = load()
    if len(args) != 2:
        print('Usage: nutanix_guest_tools_cli <command> <vm_uuid>')
        return 1
    command, uuid = args
    vm = next((v for v in state['vms'] if v['uuid'] == uuid), None)
    failure = state.get('fail', {}).get(command)
    if failure:
        print('result_vec: %s' % failure)
        return 0
    if vm is None:
        print('result_vec: kNotFound')
        return 0
    if command == 'delete_vm_tools_entity':
        vm.update(entity=False, link=False, toolsIsoMounted=False)
    elif command == 'create_vm_tools_entity':
        vm.update(entity=True, ngtEnabled=True, link=False, toolsIsoMounted=False)
    elif command == 'mount_guest_tools':
        if not vm['entity']:
            print('result_vec: kNotFound')
            return 0
        vm.update(toolsIsoMounted=True)
    else:
        print('Unknown command %s' % command)
        return 1
    save(state)
    print('result_vec: kNoError')
    return 0


def main():
    tool = os.path.basename(sys.argv[0])
    args = sys.argv[1:]
    record(tool, args)
    if tool == 'ncli':
        return ncli(args)
    return guest_tools_cli(args)


sys.exit(main())
