import { createDoctorJob } from '../../doctor/doctorJob';
import type { CliCommand } from '../cliTypes';
import { parseCommandArgs } from '../argumentParsers';
import { runJobCommand } from '../runJobCommand';

export const doctorCommand: CliCommand = {
  path: ['doctor'],
  describeKey: 'cli.doctor.describe',
  usageKey: 'cli.doctor.usage',
  async run(args, context) {
    const { values } = await parseCommandArgs(args, { json: { type: 'string' }, html: { type: 'string' } }, context);
    const { exitCode } = await runJobCommand(
      createDoctorJob(context.t),
      { json: values.json, html: values.html },
      context,
    );
    return exitCode;
  },
};
