/** Every CLI command, in the order --help lists them. */
import type { CliCommand } from './cliTypes';
import { doctorCommand } from './commands/doctor';
import { fleetInstallCommand, fleetPlanCommand } from './commands/fleet';
import { fleetExportAnsibleCommand } from './commands/fleetExportAnsible';
import { probeWinRmCommand } from './commands/probe';
import { linuxInstallCommand, linuxPatchCommand, linuxRemoveCommand } from './commands/linux';
import { pcVmsCommand } from './commands/pc';
import { pcPushCommand } from './commands/pcPush';
import { cvmNgtStatusCommand, cvmRenewCertCommand } from './commands/cvm';
import {
  windowsApplyCommand,
  windowsCheckCommand,
  windowsExportCommand,
  windowsRollbackCommand,
  windowsVerifyCommand,
} from './commands/windows';

export const COMMANDS: CliCommand[] = [
  doctorCommand,
  linuxInstallCommand,
  linuxRemoveCommand,
  linuxPatchCommand,
  windowsCheckCommand,
  windowsApplyCommand,
  windowsVerifyCommand,
  windowsRollbackCommand,
  windowsExportCommand,
  probeWinRmCommand,
  pcVmsCommand,
  pcPushCommand,
  cvmNgtStatusCommand,
  cvmRenewCertCommand,
  fleetPlanCommand,
  fleetInstallCommand,
  fleetExportAnsibleCommand,
];
