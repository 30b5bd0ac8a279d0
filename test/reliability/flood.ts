/** getState in a loop while something floods the daemon: how many calls, and the slowest one. */
import type { SupervisorClient } from '../../src/client/index.ts';

export async function callsDuring(client: SupervisorClient, done: () => boolean | Promise<boolean>, timeoutMs: number): Promise<{ calls: number; maxMs: number }> {
  const deadline = Date.now() + timeoutMs;
  let calls = 0;
  let maxMs = 0;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`the flood did not end within ${timeoutMs} ms (${calls} calls, slowest ${maxMs.toFixed(0)} ms)`);
    const t0 = performance.now();
    await client.getState();
    maxMs = Math.max(maxMs, performance.now() - t0);
    calls++;
    await new Promise((r) => setTimeout(r, 10));
  }
  return { calls, maxMs };
}
