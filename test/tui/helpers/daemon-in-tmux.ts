/**
 * What the dashboard e2e tests share: a daemon (ours or the real supervisord) started on `conf`, a
 * private tmux for the dashboard, both torn down after the test with the client and the temp dir.
 */
import type { TestContext } from 'node:test';
import type { SupervisorClient } from '../../../src/client/types.ts';
import { startDaemonProcess, type DaemonKind, type DaemonProcess } from '../../helpers/daemon.ts';
import { waitFor } from '../../helpers/wait.ts';
import { Tmux } from './tmux.ts';

export interface DaemonInTmux {
  daemon: DaemonProcess;
  tmux: Tmux;
  /** Waits until the screen matches `re`; a failure shows the screen. */
  screen(re: RegExp, message: string, timeoutMs?: number): Promise<void>;
}

export interface DaemonInTmuxOptions {
  kind: DaemonKind;
  conf: string;
  client: SupervisorClient;
  /** Removes the test's temp dir (also when the daemon does not start). */
  cleanup: () => void;
  /** The daemon is ready (asked through `client`). */
  ready: () => Promise<boolean>;
  readyMs: number;
  /** tmux server name: unique per test process and daemon kind. */
  session: string;
  /** Default wait of screen(). */
  screenMs: number;
}

export async function daemonInTmux(t: TestContext, o: DaemonInTmuxOptions): Promise<DaemonInTmux> {
  const daemon = await startDaemonProcess(o.kind, o.conf, { ready: o.ready, timeoutMs: o.readyMs }).catch((err: unknown) => {
    o.client.close();
    o.cleanup();
    throw err;
  });
  const tmux = new Tmux(o.session);
  t.after(async () => {
    tmux.kill();
    o.client.close();
    await daemon.stop();
    o.cleanup();
  });
  const screen = async (re: RegExp, message: string, timeoutMs = o.screenMs): Promise<void> => {
    await waitFor(() => re.test(tmux.capture()), { message: `${message} (screen:\n${tmux.capture()})`, timeoutMs });
  };
  return { daemon, tmux, screen };
}
