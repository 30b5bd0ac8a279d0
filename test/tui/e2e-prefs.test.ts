/**
 * Mouse, remembered view and config.ini in a real terminal: tmux runs the dashboard against our
 * daemon four times. Mouse reports go into the pane as the bytes a terminal sends (send-keys -H);
 * tmux's own pane flags say whether the dashboard turned mouse reporting on.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { createClient } from '../../src/client/client.ts';
import { CLI_ARGS, ROOT } from '../helpers/cli.ts';
import { baseConfig, startDaemonProcess } from '../helpers/daemon.ts';
import { makeTmpDir } from '../helpers/tmp.ts';
import { skipReason } from '../helpers/tools.ts';
import { waitFor } from '../helpers/wait.ts';
import { Tmux } from './helpers/tmux.ts';

const skip = skipReason('tmux', 'tmux');
const NAMES = Array.from({ length: 12 }, (_, i) => `p${String(i).padStart(2, '0')}`);

function config(dir: string): string {
  const sock = join(dir, 's.sock');
  return [
    ...baseConfig(dir, ['[unix_http_server]', `file=${sock}`]),
    '[supervisorctl]',
    `serverurl=unix://${sock}`,
    ...NAMES.flatMap((n, i) => [`[program:${n}]`, `command=sh -c 'for i in 1 2 3 4 5 6; do echo ${n} line $i; done; exec sleep 1000'`, `priority=${10 + i}`, 'startsecs=0', '']),
    '[group:grp]',
    'programs=g_a,g_b',
    'priority=900',
    ...['g_a', 'g_b'].flatMap((n) => [`[program:${n}]`, 'command=sleep 1000', 'startsecs=0', 'priority=900', '']),
  ].join('\n');
}

const sgr = (button: number, x: number, y: number) => `\x1b[<${button};${x};${y}M`;

test('mouse, remembered view and config.ini keys in tmux', { skip, timeout: 240_000 }, async (t) => {
  const { dir, cleanup } = makeTmpDir('svtui-e2e-prefs-');
  const conf = join(dir, 'supervisord.conf');
  writeFileSync(conf, config(dir));
  const client = createClient({ serverurl: `unix://${join(dir, 's.sock')}` });
  const daemon = await startDaemonProcess('ours', conf, {
    ready: async () => (await client.getAllProcessInfo()).filter((p) => p.statename === 'RUNNING').length === NAMES.length + 2,
    timeoutMs: 20_000,
  }).catch((err: unknown) => {
    client.close();
    cleanup();
    throw err;
  });
  const tmux = new Tmux(`svtui-prefs-${process.pid}`);
  t.after(async () => {
    tmux.kill();
    client.close();
    await daemon.stop();
    cleanup();
  });
  const state = join(dir, 'state');
  const cfgDir = join(dir, 'config', 'supervisor-tui');
  mkdirSync(cfgDir, { recursive: true });
  const cfg = join(cfgDir, 'config.ini');
  tmux.start(120, 40, ROOT, 'e2e$ ', { NODE_ENV: 'production', XDG_STATE_HOME: state, XDG_CONFIG_HOME: join(dir, 'config'), HOME: dir });
  await waitFor(() => /^e2e\$/m.test(tmux.capture()), { message: 'shell prompt' });
  const screen = (re: RegExp, message: string, timeoutMs = 15_000) => waitFor(() => re.test(tmux.capture()), { message: `${message} (screen:\n${tmux.capture()})`, timeoutMs });
  const rowOf = (re: RegExp) => {
    const i = tmux.lines().findIndex((l) => re.test(l));
    assert.ok(i >= 0, `no line ${re} on screen:\n${tmux.capture()}`);
    return i + 1; // 1-based, as terminals report
  };
  const dashboard = (args = '') => tmux.line(`clear; ${process.execPath} ${CLI_ARGS.join(' ')} -c ${conf} ${args}; echo "rc=$?"`);
  const quitted = async (key: string) => {
    if (key !== '') tmux.keys(key);
    await waitFor(() => !tmux.alternateOn(), { message: 'dashboard left', timeoutMs: 15_000 });
    // Back at the shell prompt: a line typed before the process has exited would be read by it.
    await waitFor(() => /rc=\d+\s*\ne2e\$\s*$/.test(tmux.capture().trimEnd() + ' '), { message: `shell prompt again (screen:\n${tmux.capture()})`, timeoutMs: 15_000 });
  };

  await t.test('mouse: a click selects, the wheel scrolls table and log, a click on the arrow folds', async () => {
    dashboard();
    await screen(/p11 +RUNNING/, 'table', 60_000);
    assert.equal(tmux.format('#{mouse_sgr_flag} #{mouse_standard_flag}'), '1 1', 'SGR button reporting on');
    tmux.bytes(sgr(0, 10, rowOf(/ p05 +RUNNING/)) + sgr(0, 10, rowOf(/ p05 +RUNNING/)).replace(/M$/, 'm'));
    tmux.keys('Enter', false);
    await screen(/── p05 · stdout/, 'log of the clicked row');
    await screen(/p05 line 6/, 'its lines');
    // Wheel down over the table: the cursor moves 3 rows, the log follows it.
    tmux.bytes(sgr(65, 10, rowOf(/ p01 +RUNNING/)));
    await screen(/── p08 · stdout/, 'wheel moved the cursor 3 rows');
    // Wheel up over the log pane: it stops following.
    await screen(/p08 line 6/, 'p08 lines');
    tmux.bytes(sgr(64, 10, rowOf(/p08 line 6/)));
    await screen(/── p08 · stdout · paused/, 'wheel scrolled the log');
    tmux.keys('Escape', false);
    await waitFor(() => !tmux.capture().includes('── p08'), { message: 'log closed' });
    // The group's arrow is the second cell of its row.
    assert.match(tmux.capture(), /g_a +RUNNING/);
    tmux.bytes(sgr(0, 2, rowOf(/grp \(2\)/)));
    await waitFor(() => !/g_a +RUNNING/.test(tmux.capture()), { message: `grp folded (screen:\n${tmux.capture()})` });
    // No report byte became a key: nothing typed into a prompt, no stray action message.
    assert.doesNotMatch(tmux.capture(), /\[<|nothing selected|read-only/);
  });

  await t.test('sort and columns changed, then q: mouse reporting off again, the view saved', async () => {
    tmux.keys('>');
    await screen(/sort: name/, 'sorted by name');
    tmux.keys('C');
    await screen(/Columns .*Space on\/off/, 'column chooser');
    tmux.keys('j');
    tmux.keys('j');
    tmux.keys(' ');
    await screen(/\[ \] PID/, 'PID off');
    tmux.keys('Escape', false);
    await screen(/NAME +STATE +UPTIME/, 'table without PID');
    await quitted('q');
    await screen(/rc=0/, 'exit 0');
    assert.equal(tmux.format('#{mouse_any_flag} #{mouse_sgr_flag}'), '0 0', 'mouse reporting off after exit');
    const saved = join(state, 'supervisor-tui', 'view.json');
    await waitFor(() => existsSync(saved), { message: 'view saved' });
    const file = JSON.parse(readFileSync(saved, 'utf8')) as { sort: { column: string }; columns: { id: string; on: boolean }[] };
    assert.equal(file.sort.column, 'name');
    assert.equal(file.columns.find((c) => c.id === 'pid')?.on, false);
  });

  await t.test('a second run starts with that view; --no-mouse turns no mouse reporting on', async () => {
    dashboard('--no-mouse');
    await screen(/p11 +RUNNING/, 'table', 60_000);
    await screen(/sort: name/, 'sort remembered');
    assert.match(tmux.capture(), /NAME +STATE +UPTIME/, 'columns remembered');
    assert.doesNotMatch(tmux.capture(), /g_a +RUNNING/, 'grp still folded');
    assert.equal(tmux.format('#{mouse_any_flag} #{mouse_sgr_flag} #{mouse_standard_flag} #{mouse_button_flag}'), '0 0 0 0');
    // A change and a quit at once: the change is still saved.
    tmux.keys('Iq');
    await quitted('');
    const file = JSON.parse(readFileSync(join(state, 'supervisor-tui', 'view.json'), 'utf8')) as { sort: { column: string; inverted: boolean } };
    assert.deepEqual(file.sort, { column: 'name', inverted: true });
  });

  await t.test('SIGTERM: mouse reporting is turned off on the way out too', async () => {
    dashboard();
    await screen(/p11 +RUNNING/, 'table', 60_000);
    assert.equal(tmux.format('#{mouse_sgr_flag} #{mouse_standard_flag}'), '1 1');
    const shell = tmux.format('#{pane_pid}');
    const child = execFileSync('pgrep', ['-P', shell], { encoding: 'utf8' }).trim().split('\n')[0]!;
    process.kill(Number(child), 'SIGTERM');
    await waitFor(() => !tmux.alternateOn(), { message: 'dashboard left', timeoutMs: 15_000 });
    await screen(/rc=143/, 'exit 143');
    assert.equal(tmux.format('#{mouse_any_flag} #{mouse_sgr_flag} #{mouse_standard_flag}'), '0 0 0');
  });

  await t.test('a remapped key works, and the help shows it', async () => {
    writeFileSync(cfg, '# keys of my own\n[keys]\nquit = Q\n[colors]\naccent = #ff8800\n');
    dashboard();
    await screen(/p11 +RUNNING/, 'table', 60_000);
    tmux.keys('q');
    tmux.keys('?');
    await screen(/ Keys .*any key closes/, 'help (q no longer quits)');
    assert.match(tmux.capture(), / Q +quit/);
    tmux.keys('Escape', false);
    await screen(/p11 +RUNNING/, 'help closed');
    await quitted('Q');
    await screen(/rc=0/, 'exit 0');
  });

  await t.test('a corrupt saved view: one line on stderr, the dashboard starts with the defaults', async () => {
    writeFileSync(cfg, '');
    const saved = join(state, 'supervisor-tui', 'view.json');
    writeFileSync(saved, '{"version": 1, "sort": ');
    dashboard();
    await screen(/p11 +RUNNING/, 'table', 60_000);
    assert.match(tmux.capture(), /NAME +STATE +PID +UPTIME/, 'default columns');
    assert.doesNotMatch(tmux.capture(), /sort: name/);
    await quitted('q');
    // The line was written before the full screen; it is on the plain screen again after it.
    assert.match(tmux.capture(), new RegExp(`supervisor-tui: ignoring the saved view ${saved.replace(/[.]/g, '\\.')}: not JSON`));
    assert.match(tmux.capture(), /rc=0/);
  });

  await t.test('a bad config.ini line: one line naming file and line, exit 2, no full screen', async () => {
    writeFileSync(cfg, '[keys]\nquit = Q\nstop = ctrl-1\n');
    tmux.line('clear');
    dashboard();
    await screen(/rc=2/, 'exit 2', 60_000);
    assert.match(tmux.capture(), new RegExp(`Error: ${cfg.replace(/[.]/g, '\\.')}:3: bad key "ctrl-1" for stop`));
    assert.doesNotMatch(tmux.capture(), /NAME +STATE/);
  });
});
