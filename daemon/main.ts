/** `supervisor-tui daemon [supervisord options]`: the daemon, wired to its HTTP servers and event listeners. */
import { eventListenersHook } from './events/attach.ts';
import { serveSupervisor } from './http/serve.ts';
import { runDaemon } from './lifecycle.ts';

export async function main(args: string[]): Promise<number> {
  // One hook for the daemon's life: it carries the global event serial across reloads, as supervisord does.
  return runDaemon(args, { serve: serveSupervisor, attach: eventListenersHook() });
}
