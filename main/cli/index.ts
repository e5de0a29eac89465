/** `ngt-prep`: the CLI entry point; wires process globals to runCli. */
import { nodePorts } from '../platform/nodePorts';
import { readSecretFromTty } from './readSecret';
import { readYesNoFromTty } from './readYesNo';
import { runCli } from './runCli';

let cancelJob: (() => void) | null = null;
let interrupted = false;
process.on('SIGINT', () => {
  if (cancelJob && !interrupted) {
    interrupted = true;
    cancelJob();
  } else process.exit(130);
});

runCli(
  process.argv.slice(2),
  {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    env: process.env,
    isTTY: Boolean(process.stdout.isTTY),
    promptSecret: process.stdin.isTTY ? readSecretFromTty : undefined,
    confirm: process.stdin.isTTY ? readYesNoFromTty : undefined,
    onInterrupt: (cancel) => {
      cancelJob = cancel;
    },
  },
  nodePorts(),
).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
