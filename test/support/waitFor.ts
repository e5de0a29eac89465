/**
 * Waiting for a condition, never for a time: tests poll what they need to see
 * (a log line, a process gone, a file written) until it holds. The deadline is
 * only a bound against hanging and is generous, so a slow, busy machine passes
 * where a fast one does; what a test asserts never depends on it.
 */
export interface WaitOptions {
  /** What is awaited, for the error message. */
  what: string;
  /** Upper bound before giving up (default 30 s). */
  timeoutMs?: number;
  /** Pause between two checks (default 25 ms). */
  intervalMs?: number;
}

export async function waitFor<T>(
  check: () => T | undefined | null | false | Promise<T | undefined | null | false>,
  options: WaitOptions,
): Promise<T> {
  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${options.what}`);
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 25));
  }
}
