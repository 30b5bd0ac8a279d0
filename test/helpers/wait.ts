/** Poll for a condition instead of sleeping a fixed time. */
export interface WaitOptions {
  timeoutMs?: number;
  intervalMs?: number;
  /** What was awaited; a function is asked at the timeout (e.g. for the screen as it is then). */
  message?: string | (() => string);
}

export async function waitFor<T>(probe: () => T | Promise<T>, opts: WaitOptions = {}): Promise<NonNullable<T>> {
  const timeout = opts.timeoutMs ?? 10_000;
  const interval = opts.intervalMs ?? 25;
  const deadline = Date.now() + timeout;
  let lastErr: unknown;
  for (;;) {
    try {
      const v = await probe();
      if (v !== undefined && v !== null && v !== false) return v as NonNullable<T>;
    } catch (err) {
      lastErr = err;
    }
    if (Date.now() > deadline) {
      const why = lastErr instanceof Error ? ` (last error: ${lastErr.message})` : '';
      const what = typeof opts.message === 'function' ? opts.message() : (opts.message ?? 'condition');
      throw new Error(`timed out after ${timeout} ms waiting for ${what}${why}`);
    }
    await new Promise((r) => setTimeout(r, interval));
  }
}
