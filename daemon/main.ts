/** `supervisor-tui daemon [supervisord options]`: the daemon, wired to its HTTP servers and event listeners. */
import type { SerialCounter } from './events/envelope.ts';
import { attachEventListeners } from './events/attach.ts';
import { serveSupervisor } from './http/serve.ts';
import { runDaemon } from './lifecycle.ts';

export async function main(args: string[]): Promise<number> {
  // The global event serial keeps counting across reloads, as supervisord's does.
  let serial: SerialCounter | undefined;
  return runDaemon(args, {
    serve: serveSupervisor,
    attach(sv) {
      const listeners = attachEventListeners(sv, { serial });
      serial = listeners.serial;
      return () => listeners.detach();
    },
  });
}
