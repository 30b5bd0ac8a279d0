/** A scripted SupervisorClient and a Ctl that records its output, for command tests without a server. */
import type { SupervisorClient } from '../../src/client/types.ts';
import { Ctl, type Settings, type Terminal } from '../../src/ctl/context.ts';

/** Methods not given throw, so a test notices a call it did not expect. */
export function fakeClient(impl: Partial<SupervisorClient>): SupervisorClient {
  return new Proxy(impl as SupervisorClient, {
    get(target, prop) {
      if (prop in target) return target[prop as keyof SupervisorClient];
      if (prop === 'close') return () => {};
      if (prop === 'then') return undefined;
      return () => Promise.reject(new Error(`unexpected call ${String(prop)}`));
    },
  });
}

/** Answers readLine from a list (null when it runs out), writing each prompt as a pipe would show it. */
export function scriptedTerminal(answers: readonly string[], write: (text: string) => void): Terminal {
  const queue = [...answers];
  return {
    isTTY: false,
    readLine: async (prompt) => {
      write(prompt);
      return queue.shift() ?? null;
    },
    onInterrupt: () => () => {},
    history: () => [],
    close: () => {},
  };
}

export interface Recorded {
  ctl: Ctl;
  stdout: () => string;
  stderr: () => string;
}

export function recordingCtl(client: SupervisorClient, opts: { interactive?: boolean; answers?: string[]; settings?: Partial<Settings> } = {}): Recorded {
  let out = '';
  let err = '';
  const terminal = scriptedTerminal(opts.answers ?? [], (t) => (out += t));
  const settings: Settings = { serverurl: 'unix:///tmp/x.sock', username: null, password: null, prompt: 'supervisor', historyFile: null, ...opts.settings };
  const ctl = new Ctl(settings, () => client, { write: (t) => (out += t), writeErr: (t) => (err += t) }, terminal, opts.interactive ?? false, false);
  return { ctl, stdout: () => out, stderr: () => err };
}
