/** The fleet dashboard in tmux: the test fleet with its clients and tmux; waiting for the screen, typing at a prompt. */
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import { createClient } from '../../../src/client/client.ts';
import type { SupervisorClient } from '../../../src/client/types.ts';
import { PROGRAMS, startTestFleet, type TestFleet } from '../../fleet/fleet-daemons.ts';
import { makeTmpDir } from '../../helpers/tmp.ts';
import { waitFor } from '../../helpers/wait.ts';
import { Tmux } from './tmux.ts';

export function screenWaiter(tmux: Tmux) {
  const screen = (re: RegExp, message: string, timeoutMs = 30_000) =>
    waitFor(() => re.test(tmux.capture()), { message: `${message} (screen:\n${tmux.capture()})`, timeoutMs });
  /** Opens a prompt, types, waits until the prompt shows the text (a fast Enter would join the paste), submits. */
  const prompt = async (key: string, text: string) => {
    tmux.keys(key);
    tmux.keys(text);
    await screen(new RegExp(`^ ${key === '/' ? '/' : ':'}${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`, 'm'), `prompt shows ${text}`);
    tmux.keys('Enter', false);
  };
  return { screen, prompt };
}

export interface FleetRig {
  fleet: TestFleet;
  /** The servers that run (c only when sshd could start). */
  names: string[];
  /** A direct client per daemon, to check what the dashboard did. */
  clients: Map<string, SupervisorClient>;
  tmux: Tmux;
  /** A directory for the programs' flag files (`flag(tag)` is one server's). */
  flag(tag: string): string;
}

/**
 * The test fleet with an extra program per server (`extra(tag, flagFile)`), direct clients and a
 * tmux server, all ended after the test; null when the test was skipped (no supervisord).
 */
export async function startFleetRig(t: TestContext, tmuxName: string, extra: (tag: string, flagFile: string) => string): Promise<FleetRig | null> {
  const flags = makeTmpDir('svflags-');
  const flag = (tag: string) => join(flags.dir, tag);
  const started = await startTestFleet({ programs: (tag) => PROGRAMS(tag) + extra(tag, flag(tag)) });
  if (typeof started === 'string') {
    flags.cleanup();
    t.skip(started);
    return null;
  }
  const fleet = started;
  const clients = new Map<string, SupervisorClient>(fleet.daemons.map((d) => [d.name, createClient({ serverurl: `unix://${d.sock}` })]));
  const tmux = new Tmux(`${tmuxName}-${process.pid}`);
  t.after(async () => {
    tmux.kill();
    for (const c of clients.values()) c.close();
    await fleet.stop();
    flags.cleanup();
  });
  if (fleet.sshSkip) t.diagnostic(`ssh server left out: ${fleet.sshSkip}`);
  return { fleet, names: fleet.sshd ? ['a', 'b', 'c'] : ['a', 'b'], clients, tmux, flag };
}
