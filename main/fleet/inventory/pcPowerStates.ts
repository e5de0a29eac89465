/**
 * The power states a Prism Central fleet source picks VMs by (vmm v4.0
 * `powerState`), and `any`. Pure: the board's parameters (bundled by the
 * renderer) and the CLI's --pc-power-state share it.
 */
export const PC_POWER_STATES = ['ON', 'OFF', 'PAUSED', 'any'] as const;
export type PcPowerSelection = (typeof PC_POWER_STATES)[number];
