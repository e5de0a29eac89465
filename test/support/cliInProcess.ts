/**
 * Runs the real CLI (`runCli`) in-process, as `bin/ngt-prep` would, with the
 * output captured and the app data in a folder the test owns. Every CLI test
 * goes through here, so how a test drives the CLI is written once.
 */
import { existsSync, readFileSync } from 'node:fs';

import type { CliCommand, CliIo } from '../../main/cli/cliTypes';
import { runCli } from '../../main/cli/runCli';
import type { Report } from '../../main/engine/types';
import { nodeEnvironment, nodePorts } from '../../main/platform/nodePorts';

export interface CliRunOptions {
  /** The app data folder (nodeEnvironment's appDataDir). */
  dataDir: string;
  /** The home folder (~/.ssh/known_hosts and the like); the real one by default. */
  homedir?: string;
  /** Added to LANG=en_US.UTF-8. */
  env?: Record<string, string>;
  isTTY?: boolean;
  /** Called after each chunk on stdout with all the output so far. */
  onStdout?: (output: string) => void;
  /** The rest of CliIo (onInterrupt, promptSecret). */
  io?: Partial<CliIo>;
  /** Commands instead of the product's (runCli's own parameter, for tests of the dispatcher). */
  commands?: CliCommand[];
}

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
  /** stdout and stderr in the order they were written, as a terminal shows them. */
  output: string;
}

export async function runCliInProcess(argv: string[], options: CliRunOptions): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  let output = '';
  const io: CliIo = {
    stdout: (s) => {
      stdout += s;
      output += s;
      options.onStdout?.(output);
    },
    stderr: (s) => {
      stderr += s;
      output += s;
    },
    env: { LANG: 'en_US.UTF-8', ...options.env },
    isTTY: options.isTTY ?? false,
    ...options.io,
  };
  const environment = nodeEnvironment({
    appDataDir: options.dataDir,
    ...(options.homedir === undefined ? {} : { homedir: options.homedir }),
  });
  const code = await runCli(argv, io, nodePorts({ environment }), options.commands);
  return { code, stdout, stderr, output };
}

/** The JSON report a run wrote with --json, or undefined when it wrote none. */
export function reportAt(path: string): { text: string; report: Report } | undefined {
  if (!existsSync(path)) return undefined;
  const text = readFileSync(path, 'utf8');
  return { text, report: JSON.parse(text) as Report };
}
