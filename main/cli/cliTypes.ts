import type { Translate } from '../engine/job';
import type { Ports } from '../engine/ports';
import type { Language } from '../i18n/catalogue';

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: NodeJS.ProcessEnv;
  isTTY: boolean;
  /** Reads a secret from the terminal without echo; absent when there is no terminal. */
  promptSecret?: (question: string) => Promise<string>;
  /** Asks a yes/no question on the terminal (true only for an explicit yes); absent when there is no terminal. */
  confirm?: (question: string) => Promise<boolean>;
  /** Called with a cancel function the entry point wires to SIGINT. */
  onInterrupt?: (cancel: () => void) => void;
}

export interface CliContext {
  io: CliIo;
  ports: Ports;
  t: Translate;
  lang: Language;
  verbose: boolean;
  quiet: boolean;
}

export interface CliCommand {
  /** e.g. ['linux', 'install'] */
  path: string[];
  /** Message key of the one-line description shown by --help. */
  describeKey: string;
  /** Message key of the detailed usage. */
  usageKey: string;
  run(args: string[], context: CliContext): Promise<number>;
}
