/**
 * `ngt-prep fleet export-ansible --inventory FILE --out DIR`: the fleet's
 * prepare pass (read-only, same connection options as `fleet install`), then
 * the Ansible export of the Linux hosts it prepared (main/fleet/ansible).
 * Exit codes as `fleet plan`, except that writing nothing is a failure:
 * 0 every host exported, 1 some left out, 2 usage, 3 no host connected.
 */
import * as path from 'node:path';

import { TOOL } from '../../app/toolInfo';
import { EXIT_CODES, NgtError } from '../../engine/errors';
import { neutraliseControls } from '../../engine/controlText';
import { buildAnsibleExport, INVENTORY_FILE } from '../../fleet/ansible/ansibleExport';
import { ansibleHostOf, type AnsibleFactory, type AnsibleHost } from '../../fleet/ansible/ansibleHosts';
import { PLAYBOOK_FILE } from '../../fleet/ansible/ansiblePlaybook';
import type { HostJobOutcome } from '../../fleet/fleetTypes';
import { knownHostsLinesFor } from '../../linux/knownHosts';
import type { CliCommand, CliContext } from '../cliTypes';
import { fleetExitCode, runFleet, type FleetExporter } from './fleet';

function exporter(context: CliContext): FleetExporter {
  const { t, io, ports } = context;
  const outcomes = new Map<string, HostJobOutcome>();
  const say = (text: string) => {
    if (!context.quiet) io.stdout(`${neutraliseControls(text)}\n`);
  };
  return {
    usageKey: 'fleetAnsible.cli.usage',
    watch: (port) => (host, request) => {
      const handle = port(host, request);
      void handle.done.then(
        (out) => outcomes.set(host.name, out),
        () => undefined,
      );
      return handle;
    },
    async finish(run, prepared, out) {
      // The bastion's key lines, from the known_hosts that verified it during the prepare pass.
      let knownHostsText: string | undefined;
      const jumpOf = async (
        hops: { host: string; port: number; user?: string; identityFile?: string }[] | undefined,
        user: string,
        keyPath: string | undefined,
      ) => {
        if (hops?.length !== 1 || !prepared.knownHostsPath) return undefined;
        knownHostsText ??= await ports.fs.readFile(prepared.knownHostsPath).then(
          (b) => b.toString('utf8'),
          () => '',
        );
        const hop = hops[0]!;
        return {
          host: hop.host,
          port: hop.port,
          user: hop.user ?? user,
          identityFile: hop.identityFile ?? keyPath,
          knownHostsLines: knownHostsLinesFor(knownHostsText, hop.host, hop.port),
        };
      };
      const byName = new Map(run.hosts.map((h) => [h.name, h]));
      const hosts: AnsibleHost[] = [];
      const factories: AnsibleFactory[] = [];
      let left = 0;
      for (const h of run.hosts) {
        if (h.os === 'windows') continue;
        const params = prepared.params.get(h.name)!;
        const inv = prepared.hosts.find((x) => x.name === h.name);
        const choice = ansibleHostOf({
          name: h.name,
          readiness: byName.get(h.name)?.readiness,
          outcome: outcomes.get(h.name),
          connection: {
            host: params.host,
            port: params.port ?? 22,
            username: params.username,
            keyPath: params.auth.kind === 'key' ? params.auth.privateKeyPath : undefined,
            jumps: prepared.jumps.get(h.name) ?? 0,
            jump: await jumpOf(
              prepared.hops?.get(h.name),
              params.username,
              params.auth.kind === 'key' ? params.auth.privateKeyPath : undefined,
            ),
          },
          become: { become: inv?.become, user: inv?.becomeUser, passwordEnv: inv?.sudoPasswordEnv },
        });
        if (!choice.ok) {
          left += 1;
          say(
            t('fleetAnsible.cli.left', { host: h.name, code: choice.code, why: t(`fleetAnsible.skip.${choice.code}`) }),
          );
          continue;
        }
        hosts.push(choice.host);
        factories.push(choice.factory);
        if (params.auth.kind === 'password') say(t('fleetAnsible.cli.passwordHost', { host: h.name }));
        if (choice.host.become) say(t('fleetAnsible.cli.becomeHost', { host: h.name }));
      }
      const dir = path.resolve(out);
      if (hosts.length === 0) {
        say(t('fleetAnsible.cli.nothing', { dir }));
        const code = fleetExitCode(run);
        return code === EXIT_CODES.ok ? EXIT_CODES.failed : code;
      }
      const files = buildAnsibleExport({ hosts, factories, t, tool: { name: TOOL.name, version: TOOL.version } });
      try {
        for (const f of files) {
          const target = path.join(dir, ...f.path.split('/'));
          await ports.fs.mkdir(path.dirname(target));
          await ports.fs.writeFile(target, f.content);
        }
      } catch (error) {
        throw new NgtError('ANSIBLE_EXPORT_WRITE_FAILED', t('fleetAnsible.cli.writeFailed', { dir }), {
          remediation: error instanceof Error ? error.message : String(error),
        });
      }
      say(t('fleetAnsible.cli.written', { dir, count: hosts.length, left }));
      say(
        t('fleetAnsible.cli.next', {
          inventory: path.join(dir, INVENTORY_FILE),
          playbook: path.join(dir, PLAYBOOK_FILE),
        }),
      );
      const code = fleetExitCode(run);
      if (code !== EXIT_CODES.ok) return code;
      return left > 0 ? EXIT_CODES.failed : EXIT_CODES.ok;
    },
  };
}

export const fleetExportAnsibleCommand: CliCommand = {
  path: ['fleet', 'export-ansible'],
  describeKey: 'fleetAnsible.cli.describe',
  usageKey: 'fleetAnsible.cli.usage',
  run: (args, context) => runFleet(args, context, true, exporter(context)),
};
