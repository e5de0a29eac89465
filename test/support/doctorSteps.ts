/** The doctor job's step ids in the engine's order, as the CLI and the wizard both report them (main/doctor/doctorJob.ts). */
export const DOCTOR_STEP_IDS = [
  'doctor.os',
  'doctor.powershell',
  'doctor.execution-policy',
  'doctor.elevation',
  'doctor.ssh-agent',
  'doctor.known-hosts',
  'doctor.app-data',
] as const;
