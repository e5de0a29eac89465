/**
 * `ngt-prep pc vms`: the VMs Prism Central knows, with their guest-tools state
 * and readiness for an NGT push. Read-only. The certificate is decided before
 * the credentials are sent (see main/cluster/prismCentral/connectPrismCentral.ts).
 */
import path from 'node:path';
import { normaliseFingerprint } from '../../cluster/prismCentral/certificateTrust';
import {
  connectedSummary,
  connectPrismCentral,
  type PrismCentralConnection,
} from '../../cluster/prismCentral/connectPrismCentral';
import { PRISM_CENTRAL_PORT, unbracketHost } from '../../engine/network';
import { TrustStore, defaultTrustFile } from '../../cluster/prismCentral/trustStore';
import { listAllVms, nameContainsFilter, type PcVm } from '../../cluster/prismCentral/vmList';
import { readinessLabel, vmReadiness } from '../../cluster/prismCentral/vmReadiness';
import { EXIT_CODES, NgtError } from '../../engine/errors';
import type { Translate } from '../../engine/job';
import {
  USER_PASSWORD_OPTIONS,
  parseCommandArgs,
  parsePort,
  secretFromEnv,
  type OptionValues,
} from '../argumentParsers';
import type { CliCommand, CliContext } from '../cliTypes';
import { writeJsonDocument } from '../runJobCommand';

function usage(code: string, message: string, t: Translate, usageKey = 'cluster.cli.vms.usage'): NgtError {
  return new NgtError(code, message, { category: 'usage', remediation: t(usageKey) });
}

/** A host name or IP address as typed, without scheme, path or port. */
const HOST = /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,62})(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}))*\.?|\[?[0-9A-Fa-f:.]+\]?)$/;

/** The options every `pc` command takes to reach Prism Central. */
export const PC_CONNECTION_OPTIONS = {
  pc: { type: 'string' },
  port: { type: 'string' },
  ...USER_PASSWORD_OPTIONS,
  'accept-new-certificate': { type: 'boolean' },
  'pc-fingerprint': { type: 'string' },
  'trusted-certificates': { type: 'string' },
} as const;

export type PcConnectionValues = OptionValues<typeof PC_CONNECTION_OPTIONS>;

export interface PcConnectionChoice {
  host: string;
  port: number;
  username: string;
  password: string;
  trustFile: string;
  acceptNew: boolean;
  expectedFingerprint?: string;
}

/** The option names messages give; commands whose --user and --password-env are the SSH ones use --pc-user and --pc-password-env. */
export interface PcFlagNames {
  user: string;
  passwordEnv: string;
}

/** Checks the connection options (usage errors, exit 2) and gets the password, before anything connects. */
export async function pcConnectionFromValues(
  values: PcConnectionValues,
  context: CliContext,
  usageKey: string,
  flags: PcFlagNames = { user: '--user', passwordEnv: '--password-env' },
): Promise<PcConnectionChoice> {
  const { t } = context;
  if (!values.pc) throw usage('USAGE_MISSING_PC', t('cli.errors.missingOption', { option: '--pc' }), t, usageKey);
  if (!HOST.test(values.pc)) throw usage('USAGE_BAD_PC', t('cluster.cli.badHost', { host: values.pc }), t, usageKey);
  if (!values.user)
    throw usage('USAGE_MISSING_USER', t('cli.errors.missingOption', { option: flags.user }), t, usageKey);
  const port = values.port === undefined ? PRISM_CENTRAL_PORT : parsePort(values.port, t);
  if (values['accept-new-certificate'] && values['pc-fingerprint'] !== undefined)
    throw usage('USAGE_TRUST_OPTIONS', t('cluster.cli.trustOptionsExclusive'), t, usageKey);
  let expectedFingerprint: string | undefined;
  if (values['pc-fingerprint'] !== undefined) {
    expectedFingerprint = normaliseFingerprint(values['pc-fingerprint']) ?? undefined;
    if (!expectedFingerprint)
      throw usage(
        'USAGE_BAD_FINGERPRINT',
        t('cluster.cli.badFingerprint', { value: values['pc-fingerprint'] }),
        t,
        usageKey,
      );
  }
  const secret = await password(values, context, usageKey, flags.passwordEnv);
  const trustFile = values['trusted-certificates']
    ? path.resolve(values['trusted-certificates'])
    : defaultTrustFile(context.ports.environment.appDataDir);
  return {
    host: unbracketHost(values.pc),
    port,
    username: values.user,
    password: secret,
    trustFile,
    acceptNew: values['accept-new-certificate'] === true,
    expectedFingerprint,
  };
}

function yesNo(value: boolean | null, t: Translate): string {
  return value === null ? t('cluster.cli.vms.unknown') : value ? t('cluster.cli.vms.yes') : t('cluster.cli.vms.no');
}

function vmLine(vm: PcVm, t: Translate): string {
  const r = vmReadiness(vm);
  const gt = vm.guestTools;
  const ips = [...new Set([...vm.configuredIps, ...vm.learnedIps])].join(', ') || '-';
  const ngt = gt?.isInstalled
    ? t('cluster.cli.vms.ngtInstalled', { version: gt.version ?? '?', available: gt.availableVersion ?? '?' })
    : t('cluster.cli.vms.ngtAbsent');
  const advice = r.checks
    .filter((c) => c.adviceKey)
    .map((c) => `\n    ${t(c.adviceKey!)}`)
    .join('');
  return (
    t('cluster.cli.vms.line', {
      name: vm.name,
      extId: vm.extId,
      power: vm.powerState,
      ips,
      ngt,
      reachable: yesNo(gt ? gt.isReachable : null, t),
      state: readinessLabel(r, t),
    }) + advice
  );
}

async function password(
  values: { 'password-env'?: string },
  context: CliContext,
  usageKey: string,
  flag: string,
): Promise<string> {
  const { t, io } = context;
  if (values['password-env']) return secretFromEnv(flag, values['password-env'], context);
  if (io.isTTY && io.promptSecret) return io.promptSecret(t('cluster.cli.passwordPrompt'));
  throw usage('USAGE_MISSING_PASSWORD', t('cli.errors.missingOption', { option: flag }), t, usageKey);
}

/** Connects (the certificate decided before the credentials leave) and says so unless quiet. */
export async function openPrismCentral(
  choice: PcConnectionChoice,
  context: CliContext,
): Promise<PrismCentralConnection> {
  const { t, io } = context;
  const endpoint = { host: choice.host, port: choice.port };
  const connection = await connectPrismCentral({
    endpoint,
    username: choice.username,
    password: () => choice.password,
    trustStore: new TrustStore(choice.trustFile, t),
    acceptNew: choice.acceptNew,
    expectedFingerprint: choice.expectedFingerprint,
    onRetry: (attempt, code) => {
      if (!context.quiet) io.stderr(t('cluster.cli.retrying', { attempt, code }) + '\n');
    },
    t,
  });
  if (!context.quiet) {
    io.stdout(connectedSummary(endpoint, connection, t) + '\n');
    if (connection.trust.via === 'accepted-new') io.stdout(t('cluster.cli.pinned', { file: choice.trustFile }) + '\n');
  }
  return connection;
}

export const pcVmsCommand: CliCommand = {
  path: ['pc', 'vms'],
  describeKey: 'cluster.cli.vms.describe',
  usageKey: 'cluster.cli.vms.usage',
  async run(args, context) {
    const { t, io } = context;
    const { values } = await parseCommandArgs(
      args,
      { ...PC_CONNECTION_OPTIONS, filter: { type: 'string' }, json: { type: 'string' } },
      context,
    );
    const choice = await pcConnectionFromValues(values, context, 'cluster.cli.vms.usage');
    const { host, port } = choice;
    try {
      const connection = await openPrismCentral(choice, context);
      const c = connection.certificate;
      const vms = await listAllVms(connection.client, t, {
        filter: values.filter ? nameContainsFilter(values.filter) : undefined,
      });
      io.stdout(vms.map((vm) => vmLine(vm, t) + '\n').join(''));
      io.stdout(t('cluster.cli.vms.count', { count: vms.length }) + '\n');
      if (values.json) {
        const document = {
          schema: 'ngt-prep/pc-vms@1',
          prismCentral: { host, port, certificate: c, trust: connection.trust.via },
          vms: vms.map((vm) => ({ ...vm, readiness: vmReadiness(vm) })),
        };
        await writeJsonDocument(values.json, document, context);
      }
      return EXIT_CODES.ok;
    } catch (error) {
      // Connection, authentication and certificate refusals (exit 3) are printed by runCli; the rest here, with their next step.
      if (!(error instanceof NgtError) || error.category !== 'failed') throw error;
      io.stderr(`${error.message}${error.remediation ? `\n${t('cli.next')} ${error.remediation}` : ''}\n`);
      return EXIT_CODES.failed;
    }
  },
};
