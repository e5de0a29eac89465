/** Every CLI command, in the order --help lists them. */
import type { CliCommand } from './cliTypes';
import { doctorCommand } from './commands/doctor';
import { probeWinRmCommand } from './commands/probe';

export const COMMANDS: CliCommand[] = [doctorCommand, probeWinRmCommand];
