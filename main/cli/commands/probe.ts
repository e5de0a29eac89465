import { probeParamsSchema, type ProbeParamsInput } from '../../ipc/contract';
import { createJobDefinition } from '../../jobs/registry';
import type { CliCommand } from '../cliTypes';
import { REPORT_OPTIONS, runJobCommand } from '../runJobCommand';
import {
  USER_PASSWORD_OPTIONS,
  parseCommandArgs,
  parsePort,
  parseThumbprint,
  schemaIssues,
  usageError,
} from '../argumentParsers';
import { basicAccountFromValues } from '../basicAccountOptions';

export const probeWinRmCommand: CliCommand = {
  path: ['probe', 'winrm'],
  describeKey: 'cli.probe.describe',
  usageKey: 'cli.probe.usage',
  async run(args, context) {
    const { values } = await parseCommandArgs(
      args,
      {
        host: { type: 'string' },
        port: { type: 'string' },
        ...USER_PASSWORD_OPTIONS,
        thumbprint: { type: 'string' },
        timeout: { type: 'string' },
        ...REPORT_OPTIONS,
      },
      context,
    );
    const { t } = context;
    if (!values.host) {
      throw usageError('USAGE_MISSING_HOST', t('cli.errors.missingOption', { option: '--host' }), t('cli.probe.usage'));
    }
    // Without --port the schema's default (5986) applies.
    const port = values.port === undefined ? undefined : parsePort(values.port, t);
    const account = basicAccountFromValues(values, context);
    const timeoutMs = values.timeout === undefined ? undefined : Number(values.timeout) * 1000;
    if (timeoutMs !== undefined && !(timeoutMs > 0 && timeoutMs <= 600_000)) {
      throw usageError('USAGE_BAD_TIMEOUT', t('cli.errors.badTimeout', { value: values.timeout }));
    }
    const expectedThumbprint =
      values.thumbprint === undefined ? undefined : parseThumbprint('--thumbprint', values.thumbprint, t);
    const input: ProbeParamsInput = {
      host: values.host,
      port,
      user: account?.user,
      password: account?.password,
      expectedThumbprint,
      timeoutMs,
    };
    const parsed = probeParamsSchema.safeParse(input);
    if (!parsed.success) {
      const issues = schemaIssues(parsed.error);
      throw usageError('USAGE_BAD_PROBE_OPTIONS', t('cli.probe.badOptions', { issues }), t('cli.probe.usage'));
    }
    const job = createJobDefinition(
      { kind: 'probe-winrm', params: parsed.data },
      { t, ports: context.ports, lang: context.lang },
    );
    const { exitCode } = await runJobCommand(job, { json: values.json, html: values.html }, context);
    return exitCode;
  },
};
