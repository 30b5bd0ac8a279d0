/**
 * Issue 15 #9 in a real terminal: a server that wants a password gets one asked for on the plain
 * terminal before the full screen (as supervisorctl asks), and a permanent failure (a bad URL)
 * ends with one line saying what to do instead of retrying forever. Against both daemons.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test, type TestContext } from 'node:test';
import { createClient } from '../../src/client/client.ts';
import { CLI_ARGS, ROOT } from '../helpers/cli.ts';
import { baseConfig, freePort, supervisordSkipReason, type DaemonKind } from '../helpers/daemon.ts';
import { makeTmpDir } from '../helpers/tmp.ts';
import { skipReason } from '../helpers/tools.ts';
import { waitFor } from '../helpers/wait.ts';
import { daemonInTmux } from './helpers/daemon-in-tmux.ts';

async function scenario(t: TestContext, kind: DaemonKind): Promise<void> {
  const { dir, cleanup } = makeTmpDir('svtui-cred-');
  const port = await freePort();
  const conf = join(dir, 'supervisord.conf');
  writeFileSync(
    conf,
    [
      ...baseConfig(dir, ['[inet_http_server]', `port=127.0.0.1:${port}`, 'username=admin', 'password=s3cret']),
      '[program:one]',
      'command=sleep 1000',
      'startsecs=0',
      '',
    ].join('\n'),
  );
  const url = `http://127.0.0.1:${port}`;
  const client = createClient({ serverurl: url, username: 'admin', password: 's3cret' });
  const { screen, tmux } = await daemonInTmux(t, {
    kind,
    conf,
    client,
    cleanup,
    ready: async () => (await client.getProcessInfo('one')).statename === 'RUNNING',
    readyMs: 15_000,
    session: `svtui-cred-${process.pid}-${kind}`,
    screenMs: 20_000,
  });
  tmux.start(100, 30, ROOT, 'e2e$ ', { NODE_ENV: 'production' });
  await waitFor(() => /^e2e\$/m.test(tmux.capture()), { message: 'shell prompt' });

  await t.test('no password: asked on the plain terminal, then the dashboard', async () => {
    tmux.line(`clear; ${process.execPath} ${CLI_ARGS.join(' ')} -s ${url}`);
    await screen(/^Username:/m, 'username asked');
    assert.equal(tmux.alternateOn(), false, 'asked before the full screen');
    tmux.line('admin');
    await screen(/^Password:/m, 'password asked');
    tmux.line('wrong');
    // The first Username: line is still on the screen: wait for a second one (a real supervisord takes
    // a while to refuse, and text typed before the prompt would be echoed, not read as the username).
    await waitFor(() => (tmux.capture().match(/^Username:/gm) ?? []).length >= 2, { message: () => `asked again after a refusal:\n${tmux.capture()}`, timeoutMs: 20_000 });
    tmux.line('admin');
    await screen(/Password:\s*\n.*Username:.*\n.*Password:/s, 'password asked again');
    tmux.line('s3cret');
    await screen(/one +RUNNING/, 'the dashboard');
    assert.ok(tmux.alternateOn());
    tmux.keys('q');
    await waitFor(() => !tmux.alternateOn(), { message: () => `left after q:\n${tmux.capture()}` });
    // The shell's prompt again: the dashboard has exited (a line typed while it was still exiting
    // would be read by it, not by the shell).
    await waitFor(() => /^e2e\$\s*$/.test(tmux.capture().trimEnd().split('\n').at(-1) ?? ''), { message: () => `the prompt after q:\n${tmux.capture()}`, timeoutMs: 20_000 });
  });

  await t.test('a bad URL is not retried: one line says what to do', async () => {
    tmux.line(`clear; ${process.execPath} ${CLI_ARGS.join(' ')} -s ftp://x; echo "exit=$?"`);
    await screen(/exit=2/, 'exits');
    const out = tmux.capture();
    assert.match(out, /Error: .*ftp:\/\/x/);
    assert.match(out, /unix:\/\/\/path\/to\/socket, http:\/\/host:port or ssh:\/\//);
    assert.doesNotMatch(out, /NAME +STATE/);
  });
}

const skip = skipReason('tmux', 'tmux');
test('credentials and permanent errors in tmux against our daemon', { skip, timeout: 120_000 }, (t) => scenario(t, 'ours'));
test('credentials and permanent errors in tmux against real supervisord', { skip: skip || supervisordSkipReason(), timeout: 120_000 }, (t) => scenario(t, 'real'));
