/**
 * The details view (d) and the merged log (M) end to end in tmux, against our daemon and the real
 * supervisord 4.2.5: what each server reports shows, what it does not says so; the merged pane
 * shows each line of two writers exactly once, behind its coloured name, and `&` keeps only the
 * matching lines.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test, type TestContext } from 'node:test';
import { createClient } from '../../src/client/client.ts';
import { fetchProcessDetails } from '../../src/client/health.ts';
import { MASK } from '../../src/protocol/secrets.ts';
import { CLI_ARGS, ROOT } from '../helpers/cli.ts';
import { baseConfig, supervisordSkipReason, type DaemonKind } from '../helpers/daemon.ts';
import { makeTmpDir } from '../helpers/tmp.ts';
import { say, talkerLoop } from '../helpers/talker.ts';
import { skipReason } from '../helpers/tools.ts';
import { waitFor } from '../helpers/wait.ts';
import { daemonInTmux } from './helpers/daemon-in-tmux.ts';

const SECRET = 'hunter2-do-not-show';

function writer(dir: string, name: string): string[] {
  // Prints "ready NAME", then whatever the test drops into <dir>/say-NAME.
  const drop = join(dir, `say-${name}`);
  return [`[program:${name}]`, `command=sh -c 'echo ready ${name}; ${talkerLoop(drop)}'`, 'startsecs=0', 'stopwaitsecs=2', ''];
}

function config(dir: string): string {
  return [
    ...baseConfig(dir, ['[unix_http_server]', `file=${join(dir, 's.sock')}`]),
    '[supervisorctl]',
    `serverurl=unix://${join(dir, 's.sock')}`,
    '[program:db]',
    'command=sleep 1000',
    'startsecs=0',
    'priority=10',
    '',
    // Two children, as a pre-forking server has; keys 4.2.5 ignores (depends_on, memory_limit) add to the details on ours.
    '[program:web]',
    "command=sh -c 'sleep 1000 & sleep 1001 & wait'",
    'startsecs=0',
    'stopwaitsecs=2',
    'stopasgroup=true',
    'priority=20',
    `environment=DB_PASSWORD="${SECRET}",APP_ENV="e2e"`,
    'depends_on=db',
    'memory_limit=256MB',
    '',
    ...writer(dir, 'alpha'),
    ...writer(dir, 'beta'),
  ].join('\n');
}

/** Direct children of a pid, from the kernel's children lists. */
function childrenOf(pid: number): number[] {
  const out: number[] = [];
  for (const tid of execFileSync('ls', [`/proc/${pid}/task`], { encoding: 'utf8' }).split('\n').filter(Boolean)) {
    out.push(...readFileSync(`/proc/${pid}/task/${tid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number));
  }
  return out;
}

async function scenario(t: TestContext, kind: DaemonKind): Promise<void> {
  const { dir, cleanup } = makeTmpDir('svtui-views-');
  const conf = join(dir, 'supervisord.conf');
  writeFileSync(conf, config(dir));
  const client = createClient({ serverurl: `unix://${join(dir, 's.sock')}` });
  const { screen, tmux } = await daemonInTmux(t, {
    kind,
    conf,
    client,
    cleanup,
    ready: async () => (await client.getAllProcessInfo()).filter((p) => p.statename === 'RUNNING').length === 4,
    readyMs: 20_000,
    session: `svtui-views-${kind}-${process.pid}`,
    screenMs: 15_000,
  });

  tmux.start(130, 70, ROOT, 'views$ ', { NODE_ENV: 'production' });
  await waitFor(() => /^views\$/m.test(tmux.capture()), { message: 'shell prompt' });
  tmux.line(`clear; ${process.execPath} ${CLI_ARGS.join(' ')} -c ${conf}`);
  await screen(/alpha +RUNNING/, 'the table', 60_000);

  await t.test('d on a process: config, environment, resources, health, dependencies, process tree, state history', async () => {
    tmux.keys('/^web$');
    tmux.keys('Enter', false);
    await screen(/^ +web +RUNNING/m, 'filtered to web');
    tmux.keys('d');
    await screen(/details · web/, 'the details view');
    await screen(/command +sh -c 'sleep 1000 & sleep 1001 & wait'/, 'its command');
    await screen(kind === 'ours' ? /stopsignal +TERM +stopwaitsecs 2 +stopasgroup/ : /stopsignal +TERM +stopwaitsecs 2/, 'stop settings');
    const webPid = (await client.getProcessInfo('web')).pid;
    const kids = childrenOf(webPid);
    assert.equal(kids.length, 2, `web has two children: ${kids.join(',')}`);
    // The process tree: from supervisortui.getProcessStats on ours, from /proc on this host for the real one.
    await screen(new RegExp(`Process tree +${kind === 'ours' ? 'supervisortui\\.getProcessStats' : '/proc on this host'}`), 'tree source');
    for (const pid of [webPid, ...kids]) await screen(new RegExp(`^ +${pid} +[\\d.-]+ +[\\d.]+[KMG] +(sh|sleep)$`, 'm'), `tree row for ${pid}`);
    await screen(/RUNNING +\(first seen\)/, 'state history');
    if (kind === 'ours') {
      await screen(/DB_PASSWORD=••••/, 'a masked secret');
      await screen(/APP_ENV=e2e/, 'a plain variable');
      await screen(/memory_limit +256M +\[/, 'the memory limit beside RSS');
      await screen(/^ +db +RUNNING/m, 'the dependency with its state');
      await screen(/autorestart unexpected/, 'autorestart');
    } else {
      // A real supervisord has none of these: each says so.
      await screen(/Environment\s*\n\s+not reported by this server/, 'environment absent');
      await screen(/memory_limit +not reported by this server/, 'memory limit absent');
      await screen(/Depends on .*\n\s+not reported by this server/, 'dependencies absent');
    }
    assert.ok(!tmux.capture().includes(SECRET), 'the secret is never on screen');
    // Nor on the wire: the daemon masks it before it answers.
    const details = await fetchProcessDetails(client, 'web');
    if (kind === 'real') assert.equal(details, null, 'supervisord 4.2.5 has no supervisortui.getHealth');
    else {
      assert.equal(details?.settings.environment['DB_PASSWORD'], MASK);
      assert.equal(details?.settings.memory_limit, 256 * 1024 * 1024);
      assert.deepEqual(details?.settings.dependency_tree, [{ group: 'db', name: 'db', depth: 1, entry: 'db' }]);
    }
    // A stop and a start done elsewhere show in the history, with the time seen.
    await client.stopProcess('web', true);
    await screen(/\d\d:\d\d:\d\d +(RUNNING|STOPPING) → STOPPED/, 'the stop in the history');
    await client.startProcess('web', true);
    await screen(/\d\d:\d\d:\d\d +(STOPPED|STARTING) → (STARTING|RUNNING)/, 'the start in the history');
    // Esc goes back to the (still filtered) table; Esc again clears the filter.
    tmux.keys('Escape', false);
    await screen(/^ NAME +STATE/m, 'back to the table');
    assert.doesNotMatch(tmux.capture(), /details ·/);
    tmux.keys('Escape', false);
    await screen(/alpha +RUNNING/, 'the whole table again');
  });

  await t.test('M with two marked writers: each line exactly once, prefixed and coloured; & filters', async () => {
    tmux.keys('/^(alpha|beta)$');
    tmux.keys('Enter', false);
    await waitFor(() => !/ db +RUNNING/.test(tmux.capture()) && /beta +RUNNING/.test(tmux.capture()), { message: `filtered (screen:\n${tmux.capture()})` });
    tmux.keys('g');
    tmux.keys(' ');
    tmux.keys(' ');
    await screen(/2 marked/, 'two marks');
    tmux.keys('M');
    await screen(/merged: 2 processes · stdout · follow/, 'the merged pane');
    await screen(/^ alpha \| ready alpha$/m, 'alpha prefixed');
    await screen(/^ beta {2}\| ready beta$/m, 'beta prefixed, aligned');
    const lines = (name: string) => Array.from({ length: 5 }, (_, i) => `${name}-line-${i + 1}`).join('\n') + '\n';
    say(join(dir, 'say-alpha'), lines('alpha'));
    say(join(dir, 'say-beta'), lines('beta'));
    await screen(/beta {2}\| beta-line-5$/m, 'the last beta line');
    await screen(/alpha \| alpha-line-5$/m, 'the last alpha line');
    const shown = tmux.capture();
    for (const name of ['alpha', 'beta']) {
      for (let i = 1; i <= 5; i++) {
        const re = new RegExp(`^ ${name} *\\| ${name}-line-${i}$`, 'gm');
        assert.equal(shown.match(re)?.length, 1, `${name}-line-${i} exactly once:\n${shown}`);
      }
    }
    // Each source in its own colour: the prefixes carry two different SGR colours.
    const escaped = execFileSync('tmux', ['-L', tmux.socket, 'capture-pane', '-p', '-e', '-t', tmux.session], { encoding: 'utf8' });
    const colorOf = (name: string) => new RegExp(`\\x1b\\[(\\d+)m${name} *\\x1b\\[39m \\| ${name}-line-1`).exec(escaped)?.[1];
    assert.ok(colorOf('alpha') !== undefined && colorOf('beta') !== undefined && colorOf('alpha') !== colorOf('beta'), `two colours: ${colorOf('alpha')} ${colorOf('beta')}`);
    // & keeps only the matching lines, from both sources.
    tmux.keys('&');
    tmux.keys('line-[24]$');
    tmux.keys('Enter', false);
    await screen(/only: line-\[24\]\$/, 'the filter in the title');
    const pane = () => tmux.capture().split(/merged: 2 processes/)[1] ?? '';
    await waitFor(() => !/line-1$/m.test(pane()), { message: `filtered pane (screen:\n${tmux.capture()})` });
    const kept = pane().match(/^ (alpha|beta) *\| \S+$/gm) ?? [];
    assert.deepEqual(kept.map((l) => l.replace(/ +/g, ' ').trim()).sort(), ['alpha | alpha-line-2', 'alpha | alpha-line-4', 'beta | beta-line-2', 'beta | beta-line-4']);
    tmux.keys('q');
  });
}

const skipTmux = skipReason('tmux', 'tmux');

test('details view and merged log in tmux against our daemon', { skip: skipTmux, timeout: 180_000 }, (t) => scenario(t, 'ours'));

test('details view and merged log in tmux against the real supervisord', { skip: skipTmux || supervisordSkipReason(), timeout: 180_000 }, (t) => scenario(t, 'real'));
