/** Every CLI command, in the order --help lists them. */
import type { CliCommand } from './cliTypes';
import { doctorCommand } from './commands/doctor';

export const COMMANDS: CliCommand[] = [doctorCommand];
