/**
 * The dashboard in tmux shows a stop done by the real supervisorctl without waiting for a poll:
 * with a 10 s interval (the longest allowed), against our daemon (the feed pushes it) and against supervisord 4.2.5
 * (its main log triggers a refresh). How quickly is measured in bench/, not asserted here.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { createClient } from '../../src/client/client.ts';
import { CLI_ARGS, ROOT, runProcess } from '../helpers/cli.ts';
import { startDaemonProcess, SUPERVISORCTL, supervisordSkipReason, type DaemonKind } from '../helpers/daemon.ts';
import { makeTmpDir } from '../helpers/tmp.ts';
import { skipReason } from '../helpers/tools.ts';
import { waitFor } from '../helpers/wait.ts';
import { Tmux } from './helpers/tmux.ts';

const tmuxSkip = skipReason('tmux', 'tmux');

async function scenario(kind: DaemonKind): Promise<void> {
  const { dir, cleanup } = makeTmpDir('svtui-live-');
  const sock = join(dir, 's.sock');
  const conf = join(dir, 'supervisord.conf');
  writeFileSync(
    conf,
    `[unix_http_server]\nfile=${sock}\n[supervisord]\nlogfile=${dir}/supervisord.log\npidfile=${dir}/supervisord.pid\nchildlogdir=${dir}\n` +
      `[rpcinterface:supervisor]\nsupervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface\n` +
      `[supervisorctl]\nserverurl=unix://${sock}\n` +
      `[program:alpha]\ncommand=sleep 1000\nstartsecs=0\n[program:beta]\ncommand=sleep 1000\nstartsecs=0\n`,
  );
  const client = createClient({ serverurl: `unix://${sock}` });
  const daemon = await startDaemonProcess(kind, conf, {
    ready: async () => (await client.getAllProcessInfo()).every((p) => p.statename === 'RUNNING'),
    timeoutMs: 20_000,
  });
  const tmux = new Tmux(`svtui-live-${process.pid}-${kind}`);
  try {
    const screen = (re: RegExp, message: string, timeoutMs = 15_000) =>
      waitFor(() => re.test(tmux.capture()), { message: `${message} (screen:\n${tmux.capture()})`, timeoutMs, intervalMs: 50 });
    tmux.start(120, 30, ROOT, 'e2e$ ', { NODE_ENV: 'production' });
    await waitFor(() => /^e2e\$/m.test(tmux.capture()), { message: 'shell prompt' });
    tmux.line(`clear; ${process.execPath} ${CLI_ARGS.join(' ')} -c ${conf} --interval 10`);
    await screen(/alpha +RUNNING/, 'alpha running', 30_000);
    // The server host's meters (our feed, or this host's /proc for a local supervisord).
    await screen(/cpu \[.*\] \d+% mem \[/, 'the header meters');
    const r = await runProcess(SUPERVISORCTL, ['-c', conf, 'stop', 'alpha'], { cwd: dir });
    if (r.code !== 0) throw new Error(`supervisorctl stop: ${r.stdout}${r.stderr}`);
    // The push (ours) or the main-log trigger (supervisord) shows this; the latency is measured in bench/
    await screen(/alpha +STOPPED/, 'alpha stopped on screen', 15_000);
    await screen(/beta +RUNNING/, 'beta still running');
  } finally {
    tmux.kill();
    client.close();
    await daemon.stop();
    cleanup();
  }
}

describe('dashboard: a stop by supervisorctl shows before any poll', { skip: tmuxSkip }, () => {
  it('on our daemon (feed)', { timeout: 120_000 }, () => scenario('ours'));
  it('on supervisord 4.2.5 (main-log trigger)', { timeout: 120_000, skip: supervisordSkipReason() }, () => scenario('real'));
});
