import { NgtError } from '../../engine/errors';
import { probeParamsSchema, type ProbeParamsInput } from '../../ipc/contract';
import { createJobDefinition } from '../../jobs/registry';
import type { CliCommand } from '../cliTypes';
import { runJobCommand } from '../runJobCommand';
import { parseCommandArgs, parsePort, parseThumbprint, secretFromEnv } from '../argumentParsers';

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
        user: { type: 'string' },
        'password-env': { type: 'string' },
        thumbprint: { type: 'string' },
        timeout: { type: 'string' },
        json: { type: 'string' },
        html: { type: 'string' },
      },
      context,
    );
    const { t } = context;
    if (!values.host) {
      throw new NgtError('USAGE_MISSING_HOST', t('cli.errors.missingOption', { option: '--host' }), {
        category: 'usage',
        remediation: t('cli.probe.usage'),
      });
    }
    // Without --port the schema's default (5986) applies.
    const port = values.port === undefined ? undefined : parsePort(values.port, t);
    const password = values['password-env']
      ? secretFromEnv('--password-env', values['password-env'], context)
      : undefined;
    if ((values.user === undefined) !== (password === undefined)) {
      throw new NgtError('USAGE_PROBE_CREDENTIALS', t('cli.probe.credentialsTogether'), { category: 'usage' });
    }
    const timeoutMs = values.timeout === undefined ? undefined : Number(values.timeout) * 1000;
    if (timeoutMs !== undefined && !(timeoutMs > 0 && timeoutMs <= 600_000)) {
      throw new NgtError('USAGE_BAD_TIMEOUT', t('cli.errors.badTimeout', { value: values.timeout }), {
        category: 'usage',
      });
    }
    const expectedThumbprint =
      values.thumbprint === undefined ? undefined : parseThumbprint('--thumbprint', values.thumbprint, t);
    const input: ProbeParamsInput = {
      host: values.host,
      port,
      user: values.user,
      password,
      expectedThumbprint,
      timeoutMs,
    };
    const parsed = probeParamsSchema.safeParse(input);
    if (!parsed.success) {
      const issues = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
      throw new NgtError('USAGE_BAD_PROBE_OPTIONS', t('cli.probe.badOptions', { issues }), {
        category: 'usage',
        remediation: t('cli.probe.usage'),
      });
    }
    const job = createJobDefinition(
      { kind: 'probe-winrm', params: parsed.data },
      { t, ports: context.ports, lang: context.lang },
    );
    const { exitCode } = await runJobCommand(job, { json: values.json, html: values.html }, context);
    return exitCode;
  },
};
