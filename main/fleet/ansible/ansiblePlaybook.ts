/**
 * The playbook the Ansible export writes: NGT Prep's Linux job as ansible-core
 * builtin tasks, with the same safety. Before anything changes it refuses a
 * host whose ISO's installer_factory.py (by sha256) is not one a prepare pass
 * patched; it only reads the read-only ISO, copies the installer to a staging
 * folder, puts the prepared file there and proves it with the host's Python;
 * it installs with the entry point the ISO has, only when the installed NGT
 * is older than the ISO's (so a second run changes nothing); then it checks
 * the services and the cluster port. Every command is an argv, never shell
 * text. Pure: the translator in, the play as data out.
 */
import type { Translate } from '../../engine/job';
import { FACTORY_RELATIVE_PATH, INSTALLED_CONFIG_PATHS } from '../../linux/isoLayout';
import { CLUSTER_TIMEOUT_S } from '../../linux/steps/remoteTimeouts';

export const PLAYBOOK_FILE = 'ngt_prep_linux.yml';
export const FACTORIES_FILE = 'vars/ngt_prep_factories.yml';
export const SERVICE_TASKS_FILE = 'tasks/ngt_prep_service.yml';
export const INVENTORY_GROUP = 'ngt_prep_linux';
/** Under the playbook's files/ folder: files/installer_factory/<original sha256>/<patched sha256>.py */
export const FACTORY_FILES_DIR = 'installer_factory';

const COMPILE_PROGRAM = 'import py_compile, sys; py_compile.compile(sys.argv[1], doraise=True); print("compiled=ok")';
const CONDITION_PROGRAM =
  'import sys; print("condition=%s" % bool(eval(sys.argv[1], {"__builtins__": {}}, {"distribution": sys.argv[2]})))';

type Task = Record<string, unknown>;

/** The installed ngt_config.json (the newer folder first), read into `var`. */
function readInstalledConfig(t: Translate, register: string): Task[] {
  return [
    {
      name: t('fleetAnsible.task.readInstalled'),
      'ansible.builtin.slurp': { src: '{{ item }}' },
      loop: INSTALLED_CONFIG_PATHS,
      register: `${register}_raw`,
      failed_when: false,
    },
    {
      name: t('fleetAnsible.task.parseInstalled'),
      'ansible.builtin.set_fact': {
        [register]: `{{ (${register}_raw.results | selectattr('content', 'defined') | map(attribute='content') | first | default('e30=') | b64decode | from_json) }}`,
        [`${register}_path`]: `{{ (${register}_raw.results | selectattr('content', 'defined') | map(attribute='item') | first | default('')) }}`,
      },
    },
  ];
}

export function ansiblePlaybook(t: Translate): Task[] {
  const iso = '{{ ngt_prep_iso_dir }}';
  const staging = '{{ ngt_prep_staging }}';
  const factory = 'ngt_prep_factories[ngt_prep_iso_factory.stat.checksum][ngt_prep_distribution]';
  const known =
    'ngt_prep_iso_factory.stat.checksum in ngt_prep_factories and ngt_prep_distribution in ngt_prep_factories[ngt_prep_iso_factory.stat.checksum]';
  const patched = 'ngt_prep_install_needed and ngt_prep_factory.patched';
  const tasks: Task[] = [
    // ------------------------------------------------------------ read-only checks
    {
      name: t('fleetAnsible.task.checksum'),
      'ansible.builtin.stat': {
        path: `${iso}/${FACTORY_RELATIVE_PATH}`,
        checksum_algorithm: 'sha256',
        get_mime: false,
        get_attributes: false,
      },
      register: 'ngt_prep_iso_factory',
    },
    {
      name: t('fleetAnsible.task.isoMissing'),
      'ansible.builtin.fail': {
        msg: t('fleetAnsible.msg.isoMissing', { host: '{{ inventory_hostname }}', iso, file: FACTORY_RELATIVE_PATH }),
      },
      when: 'not ngt_prep_iso_factory.stat.exists',
    },
    {
      name: t('fleetAnsible.task.refuseUnknown'),
      'ansible.builtin.fail': {
        msg: t('fleetAnsible.msg.unknownFactory', {
          host: '{{ inventory_hostname }}',
          iso,
          sha: '{{ ngt_prep_iso_factory.stat.checksum }}',
          distribution: '{{ ngt_prep_distribution }}',
        }),
      },
      when: `not (${known})`,
    },
    { name: t('fleetAnsible.task.pickFactory'), 'ansible.builtin.set_fact': { ngt_prep_factory: `{{ ${factory} }}` } },
    {
      name: t('fleetAnsible.task.readIsoConfig'),
      'ansible.builtin.slurp': { src: `${iso}/config/ngt_config.json` },
      register: 'ngt_prep_iso_config_raw',
    },
    ...readInstalledConfig(t, 'ngt_prep_installed'),
    {
      name: t('fleetAnsible.task.decide'),
      'ansible.builtin.set_fact': {
        ngt_prep_iso_version:
          "{{ (ngt_prep_iso_config_raw.content | b64decode | from_json).ngt_version | default('0') | string }}",
        ngt_prep_install_needed:
          "{{ ngt_prep_installed.ngt_version is not defined or (ngt_prep_installed.ngt_version | string) is version((ngt_prep_iso_config_raw.content | b64decode | from_json).ngt_version | default('0') | string, '<') }}",
      },
    },
    // ------------------------------------------------------------ stage (the ISO is only read)
    {
      name: t('fleetAnsible.task.stagingDir'),
      'ansible.builtin.file': { path: staging, state: 'directory', mode: '0700' },
      when: 'ngt_prep_install_needed',
    },
    {
      name: t('fleetAnsible.task.copyIso'),
      'ansible.builtin.command': {
        argv: ['cp', '-a', '--', `${iso}/.`, `${staging}/`],
        creates: `${staging}/installer/linux/install_ngt.py`,
      },
      when: 'ngt_prep_install_needed',
    },
    {
      name: t('fleetAnsible.task.writable'),
      'ansible.builtin.file': { path: staging, recurse: true, mode: 'u+w' },
      when: 'ngt_prep_install_needed',
    },
    {
      name: t('fleetAnsible.task.keepOriginal'),
      'ansible.builtin.copy': {
        remote_src: true,
        src: `${iso}/${FACTORY_RELATIVE_PATH}`,
        dest: `${staging}/${FACTORY_RELATIVE_PATH}.orig`,
        mode: '0644',
      },
      when: patched,
    },
    {
      name: t('fleetAnsible.task.putPatched'),
      'ansible.builtin.copy': {
        src: '{{ ngt_prep_factory.file }}',
        dest: `${staging}/${FACTORY_RELATIVE_PATH}`,
        mode: '0644',
        checksum: '{{ ngt_prep_factory.sha1 }}',
      },
      when: patched,
    },
    {
      name: t('fleetAnsible.task.compile'),
      'ansible.builtin.command': {
        argv: ['{{ ngt_prep_python }}', '-c', COMPILE_PROGRAM, `${staging}/${FACTORY_RELATIVE_PATH}`],
      },
      changed_when: false,
      when: patched,
    },
    {
      name: t('fleetAnsible.task.condition'),
      'ansible.builtin.command': {
        argv: [
          '{{ ngt_prep_python }}',
          '-c',
          CONDITION_PROGRAM,
          '{{ ngt_prep_factory.condition }}',
          '{{ ngt_prep_distribution }}',
        ],
      },
      register: 'ngt_prep_condition',
      changed_when: false,
      failed_when: "'condition=True' not in ngt_prep_condition.stdout",
      when: patched,
    },
    // ------------------------------------------------------------ install
    {
      name: t('fleetAnsible.task.install'),
      'ansible.builtin.command': { argv: '{{ ngt_prep_install_argv }}' },
      register: 'ngt_prep_install',
      // Exit 1 after "NGT version X is already installed. Exiting." is already done (DOMAIN.md).
      changed_when: 'ngt_prep_install.rc == 0',
      failed_when:
        "ngt_prep_install.rc != 0 and 'is already installed' not in (ngt_prep_install.stdout + ngt_prep_install.stderr)",
      when: 'ngt_prep_install_needed',
    },
    // ------------------------------------------------------------ verify (never trust the exit code alone)
    ...readInstalledConfig(t, 'ngt_prep_verify'),
    {
      name: t('fleetAnsible.task.verifyInstalled'),
      'ansible.builtin.assert': {
        that: ['ngt_prep_verify.ngt_version is defined'],
        fail_msg: t('fleetAnsible.msg.notInstalled', { host: '{{ inventory_hostname }}' }),
        quiet: true,
      },
    },
    {
      name: t('fleetAnsible.task.systemd'),
      'ansible.builtin.stat': {
        path: '/run/systemd/system',
        get_checksum: false,
        get_mime: false,
        get_attributes: false,
      },
      register: 'ngt_prep_systemd',
    },
    {
      name: t('fleetAnsible.task.serviceFacts'),
      'ansible.builtin.service_facts': {},
      when: 'ngt_prep_systemd.stat.isdir | default(false)',
    },
    { name: t('fleetAnsible.task.services'), 'ansible.builtin.set_fact': { ngt_prep_running: {} } },
    {
      name: t('fleetAnsible.task.services'),
      'ansible.builtin.include_tasks': SERVICE_TASKS_FILE,
      loop: ['ngt_guest_agent', 'nutanix-guest-agent', 'ngt_self_service_restore'],
      loop_control: { loop_var: 'ngt_prep_service' },
    },
    {
      name: t('fleetAnsible.task.servicesRunning'),
      'ansible.builtin.assert': {
        that: [
          "ngt_prep_running['ngt_guest_agent'] or ngt_prep_running['nutanix-guest-agent']",
          // The older layout (/usr/local/nutanix without ngt/) ships the agent only.
          "ngt_prep_running['ngt_self_service_restore'] or ngt_prep_verify_path == '" + INSTALLED_CONFIG_PATHS[1] + "'",
        ],
        fail_msg: t('fleetAnsible.msg.servicesDown', { host: '{{ inventory_hostname }}' }),
        quiet: true,
      },
    },
    {
      name: t('fleetAnsible.task.cluster'),
      'ansible.builtin.wait_for': {
        host: '{{ ngt_prep_verify.cluster_ip }}',
        port: '{{ ngt_prep_verify.port | default(2074) }}',
        timeout: CLUSTER_TIMEOUT_S,
        msg: t('fleetAnsible.msg.clusterUnreachable', {
          host: '{{ inventory_hostname }}',
          ip: '{{ ngt_prep_verify.cluster_ip }}',
          port: '{{ ngt_prep_verify.port | default(2074) }}',
        }),
      },
      // Advisory as in NGT Prep's own job (IP-less NGT talks over the serial port); strict with ngt_prep_require_cluster.
      ignore_errors: '{{ not (ngt_prep_require_cluster | default(false) | bool) }}',
      when: 'ngt_prep_verify.cluster_ip is defined',
    },
  ];
  return [
    {
      name: t('fleetAnsible.task.play'),
      hosts: INVENTORY_GROUP,
      gather_facts: false,
      vars_files: [FACTORIES_FILE],
      tasks,
    },
  ];
}

/**
 * Whether one service runs: its systemd unit (when systemd runs), else its pid
 * file in /run naming a live process, else a process running its script.
 */
export function serviceTasks(t: Translate): Task[] {
  const svc = '{{ ngt_prep_service }}';
  return [
    {
      name: t('fleetAnsible.task.pidFile', { service: svc }),
      'ansible.builtin.slurp': { src: `/run/${svc}.pid` },
      register: 'ngt_prep_pid_raw',
      failed_when: false,
      when: 'not (ngt_prep_systemd.stat.isdir | default(false))',
    },
    {
      name: t('fleetAnsible.task.pidAlive', { service: svc }),
      'ansible.builtin.stat': {
        path: "/proc/{{ (ngt_prep_pid_raw.content | default('') | b64decode | regex_replace('[^0-9]', '')) or 'none' }}",
        get_checksum: false,
        get_mime: false,
        get_attributes: false,
      },
      register: 'ngt_prep_pid_alive',
      when: 'not (ngt_prep_systemd.stat.isdir | default(false))',
    },
    {
      name: t('fleetAnsible.task.process', { service: svc }),
      'ansible.builtin.command': {
        argv: [
          'pgrep',
          '-f',
          "/{{ ngt_prep_service }}.py{{ '|/guest_agent_monitor_linux.py' if ngt_prep_service == 'ngt_guest_agent' else '' }}",
        ],
      },
      register: 'ngt_prep_process',
      changed_when: false,
      failed_when: false,
      when: 'not (ngt_prep_systemd.stat.isdir | default(false)) and not (ngt_prep_pid_alive.stat.exists | default(false))',
    },
    {
      name: t('fleetAnsible.task.record', { service: svc }),
      'ansible.builtin.set_fact': {
        ngt_prep_running:
          "{{ ngt_prep_running | combine({ngt_prep_service: (ansible_facts.services[ngt_prep_service ~ '.service'].state | default('') == 'running') if (ngt_prep_systemd.stat.isdir | default(false)) else ((ngt_prep_pid_alive.stat.exists | default(false)) or (ngt_prep_process.rc | default(1)) == 0)}) }}",
      },
    },
  ];
}
