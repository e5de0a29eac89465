/** How long the Linux steps wait on the VM; shared by the prepare, verify and remove probes. */

/** Seconds the VM waits for the cluster's port before calling it unreachable. */
export const CLUSTER_TIMEOUT_S = 3;
/** One run of a fact-gathering probe script. */
export const PROBE_TIMEOUT_MS = 90_000;
