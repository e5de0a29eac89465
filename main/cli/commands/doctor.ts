import { parseArgs } from 'node:util';
import { createDoctorJob } from '../../doctor/doctorJob';
import type { CliCommand } from '../cliTypes';
import { runJobCommand } from '../runJobCommand';

export const doctorCommand: CliCommand = {
  path: ['doctor'],
  describeKey: 'cli.doctor.describe',
  usageKey: 'cli.doctor.usage',
  async run(args, context) {
    const { values } = parseArgs({
      args,
      options: { json: { type: 'string' }, html: { type: 'string' } },
      strict: true,
      allowPositionals: false,
    });
    const { exitCode } = await runJobCommand(
      createDoctorJob(context.t),
      { json: values.json, html: values.html },
      context,
    );
    return exitCode;
  },
};
