/** `ngt-prep windows check|apply|verify|rollback|export`: the WinRM HTTPS preparation for Prism Central. */
import * as path from 'node:path';
import { NgtError } from '../../engine/errors';
import { exportWindowsScriptFile } from '../../jobs/windowsExport';
import { requireWindowsPlatform } from '../../platform/windowsOnly';
import { applyOptionsSchema, type ApplyOptionsInput } from '../../windows/applyOptions';
import { jobStartSchema, type JobStartRequest } from '../../ipc/contract';
import { createJobDefinition } from '../../jobs/registry';
import type { CliCommand, CliContext } from '../cliTypes';
import { USER_PASSWORD_OPTIONS, parseCommandArgs, schemaIssues } from '../argumentParsers';
import { basicAccountFromValues } from '../basicAccountOptions';
import { REPORT_OPTIONS, runJobCommand } from '../runJobCommand';

/** verify: the account Prism Central will use, for the probe's Basic step (the password from an environment variable). */
const VERIFY_OPTIONS = USER_PASSWORD_OPTIONS;
const APPLY_OPTIONS = {
  'cert-thumbprint': { type: 'string' },
  'key-size': { type: 'string' },
  'cert-validity-days': { type: 'string' },
  'firewall-remote-address': { type: 'string', multiple: true },
  'host-name': { type: 'string' },
  'no-basic': { type: 'boolean', default: false },
  'local-account-token-filter': { type: 'boolean', default: false },
} as const;

/** Turns the CLI's apply flags into validated apply options; bad values are usage errors (exit 2). */
export function applyOptionsFromFlags(values: Record<string, unknown>, context: CliContext) {
  const number = (flag: string) => {
    const v = values[flag];
    if (v === undefined) return undefined;
    if (typeof v !== 'string' || !/^\d+$/.test(v)) {
      throw new NgtError(
        'USAGE_BAD_NUMBER',
        context.t('cli.windows.badNumber', { flag: `--${flag}`, value: String(v) }),
        { category: 'usage' },
      );
    }
    return Number(v);
  };
  const givenAddresses = values['firewall-remote-address'] as string[] | undefined;
  const firewallRemoteAddresses = (givenAddresses ?? [])
    .flatMap((a) => a.split(','))
    .map((a) => a.trim())
    .filter(Boolean);
  if (givenAddresses !== undefined && firewallRemoteAddresses.length === 0) {
    // An empty list means "any address": never let ',,,' or an empty variable open the port to everyone.
    throw new NgtError('USAGE_BAD_APPLY_OPTIONS', context.t('cli.windows.emptyFirewallList'), {
      category: 'usage',
      remediation: context.t('cli.windows.emptyFirewallListRemediation'),
    });
  }
  const input: ApplyOptionsInput = {
    certThumbprint: values['cert-thumbprint'] as string | undefined,
    keySize: number('key-size') as ApplyOptionsInput['keySize'],
    certValidityDays: number('cert-validity-days'),
    firewallRemoteAddresses,
    basic: !values['no-basic'],
    hostName: values['host-name'] as string | undefined,
    localAccountTokenFilterPolicy: values['local-account-token-filter'] === true,
  };
  const parsed = applyOptionsSchema.safeParse(input);
  if (!parsed.success) {
    const issues = schemaIssues(parsed.error);
    throw new NgtError('USAGE_BAD_APPLY_OPTIONS', context.t('cli.windows.badOptions', { issues }), {
      category: 'usage',
      remediation: context.t('cli.windows.usage'),
    });
  }
  return parsed.data;
}

/** Each verb's job request, built from its flags; the job itself comes from the registry, as for the wizard. */
type WindowsRequest = Extract<JobStartRequest, { kind: `windows-${string}` }>;

function jobCommand(
  verb: 'check' | 'apply' | 'verify' | 'rollback',
  request: (values: Record<string, unknown>, context: CliContext) => WindowsRequest,
): CliCommand {
  return {
    path: ['windows', verb],
    describeKey: `cli.windows.${verb}.describe`,
    usageKey: 'cli.windows.usage',
    async run(args, context) {
      const { values } = await parseCommandArgs(
        args,
        verb === 'apply'
          ? { ...REPORT_OPTIONS, ...APPLY_OPTIONS }
          : verb === 'verify'
            ? { ...REPORT_OPTIONS, ...VERIFY_OPTIONS }
            : REPORT_OPTIONS,
        context,
      );
      const parsed = jobStartSchema.parse(request(values, context));
      const job = createJobDefinition(parsed, { t: context.t, ports: context.ports, lang: context.lang });
      requireWindowsPlatform(context.ports.environment, context.t);
      const { exitCode } = await runJobCommand(
        job,
        { json: values.json as string | undefined, html: values.html as string | undefined },
        context,
      );
      return exitCode;
    },
  };
}

export const windowsCheckCommand = jobCommand('check', () => ({ kind: 'windows-check', params: {} }));
export const windowsApplyCommand = jobCommand('apply', (values, context) => ({
  kind: 'windows-apply',
  params: applyOptionsFromFlags(values, context),
}));
export const windowsVerifyCommand = jobCommand('verify', (values, context) => ({
  kind: 'windows-verify',
  params: basicAccountFromValues(values, context) ?? {},
}));
export const windowsRollbackCommand = jobCommand('rollback', () => ({ kind: 'windows-rollback', params: {} }));

export const windowsExportCommand: CliCommand = {
  path: ['windows', 'export'],
  describeKey: 'cli.windows.export.describe',
  usageKey: 'cli.windows.usage',
  async run(args, context) {
    const { values } = await parseCommandArgs(
      args,
      { out: { type: 'string' }, 'golden-image': { type: 'boolean', default: false }, ...APPLY_OPTIONS },
      context,
    );
    if (!values.out) {
      throw new NgtError('USAGE_MISSING_OUT', context.t('cli.errors.missingOption', { option: '--out' }), {
        category: 'usage',
        remediation: context.t('cli.windows.usage'),
      });
    }
    const options = applyOptionsFromFlags(values, context);
    const file = await exportWindowsScriptFile(
      options,
      values['golden-image'],
      context.lang,
      context.ports.clock.now(),
    );
    const out = path.resolve(values.out);
    await context.ports.fs.writeFile(out, file.content);
    context.io.stdout(
      context.t('cli.windows.export.written', {
        file: out,
        golden: values['golden-image'] ? context.t('cli.windows.export.goldenSuffix') : '',
      }) + '\n',
    );
    return 0;
  },
};
