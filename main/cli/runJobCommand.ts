/** Runs a job for a CLI command: live terminal output, report files, exit code. */
import * as path from 'node:path';
import type { JobDefinition } from '../engine/job';
import { startJob } from '../engine/runJob';
import type { PromptAnswer, PromptRequest, Report } from '../engine/types';
import { TOOL } from '../app/toolInfo';
import { jsonFileText, serializeReport } from '../report/report';
import type { OptionValues } from './argumentParsers';
import type { CliContext } from './cliTypes';
import { EXIT_CODES } from '../engine/errors';
import { exitCodeForReport } from './exitCode';
import { createTerminalReporter } from './terminalReporter';

/** The report files a job command can write: `--json FILE`, `--html FILE`. */
export const REPORT_OPTIONS = { json: { type: 'string' }, html: { type: 'string' } } as const;

export type ReportOutputs = OptionValues<typeof REPORT_OPTIONS>;

/** Writes a file the person asked for (a path as typed) and, unless --quiet, says where. */
async function writeOutputFile(file: string, content: string, context: CliContext): Promise<void> {
  await context.ports.fs.writeFile(path.resolve(file), content);
  if (!context.quiet) context.io.stdout(context.t('cli.reportWritten', { file }) + '\n');
}

/** The `--json FILE` of a read-only command that runs no job (`pc vms`, `cvm ngt-status`): its own document. */
export function writeJsonDocument(file: string, document: unknown, context: CliContext): Promise<void> {
  return writeOutputFile(file, jsonFileText(document), context);
}

export async function writeReportFiles(report: Report, outputs: ReportOutputs, context: CliContext): Promise<void> {
  for (const format of ['json', 'html'] as const) {
    const file = outputs[format];
    if (file) await writeOutputFile(file, serializeReport(report, format, context.t), context);
  }
}

export async function runJobCommand<S>(
  definition: JobDefinition<S>,
  outputs: ReportOutputs,
  context: CliContext,
  answerPrompt: (prompt: PromptRequest) => Promise<PromptAnswer> = async () => ({ accept: true }),
): Promise<{ exitCode: number; report: Report }> {
  const reporter = createTerminalReporter({
    write: context.io.stdout,
    t: context.t,
    color: context.io.isTTY && !context.io.env.NO_COLOR,
    isTTY: context.io.isTTY,
    verbose: context.verbose,
    quiet: context.quiet,
  });
  const handle = startJob(definition, {
    lang: context.lang,
    t: context.t,
    ports: context.ports,
    tool: { name: TOOL.name, version: TOOL.version },
    onEvent: reporter,
    answerPrompt,
    operator: context.io.env.USER ?? context.io.env.USERNAME,
  });
  context.io.onInterrupt?.(() => handle.cancel());
  const report = await handle.done;
  const exitCode = exitCodeForReport(report);
  try {
    await writeReportFiles(report, outputs, context);
  } catch (error) {
    // The paths were checked before the job ran; if the disk still refuses, keep the job's result.
    context.io.stderr(
      context.t('cli.reportWriteFailed', {
        result: context.t(`app.result.${report.result}`),
        file: [outputs.json, outputs.html].filter(Boolean).join(', '),
        message: error instanceof Error ? error.message : String(error),
      }) + '\n',
    );
    return { exitCode: exitCode === EXIT_CODES.ok ? EXIT_CODES.failed : exitCode, report };
  }
  return { exitCode, report };
}
