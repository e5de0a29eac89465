/**
 * How the cluster's polling loops wait (Prism Central tasks and guest tools,
 * the CVM's NGT link): a pause between reads, and the clock and sleep tests
 * replace so that no test waits for real time.
 */
export interface PollTiming {
  intervalMs: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

/** The clock and the sleep to use: the injected ones, or the real ones. */
export function pollClock(timing: PollTiming): { now: () => number; sleep: (ms: number) => Promise<void> } {
  return {
    now: timing.now ?? Date.now,
    sleep: timing.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))),
  };
}
