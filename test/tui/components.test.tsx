/**
 * Drawing at 80x24 and 120x40 through the real render path (Ink → FrameOutput → a stub terminal
 * of that size), and the App driven by keys against an in-memory client.
 */
import './helpers/no-ci.ts';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { stripVTControlCharacters } from 'node:util';
import { render } from 'ink';
import { render as renderTL } from 'ink-testing-library';
import { ProcessStates } from '../../src/protocol/index.ts';
import { App } from '../../tui/components/App.tsx';
import { Lines } from '../../tui/components/Lines.tsx';
import { helpLines } from '../../tui/lines.ts';
import { initialState, reduce } from '../../tui/reducer.ts';
import type { Action, ViewState } from '../../tui/state.ts';
import { FrameOutput } from '../../tui/term/frame-output.ts';
import { KeyFrames } from '../../tui/term/key-frames.ts';
import { makeTheme } from '../../tui/theme.ts';
import { waitFor } from '../helpers/wait.ts';
import { FakeClient } from './helpers/fake-client.ts';
import { fleet, info, snapshot } from './helpers/fixtures.ts';
import { renderScreen } from './helpers/render.tsx';
import { StubStdin, StubTerminal } from './helpers/terminal.ts';
import { ManualClock } from './helpers/clock.ts';

function state(cols: number, rows: number, ...actions: Action[]): ViewState {
  let s = initialState({ cols, rows, readonly: false, interval: 1 });
  s = reduce(s, { type: 'server', server: { label: 'host1', daemon: 'supervisord 4.2.5', state: 'RUNNING' } });
  s = reduce(s, { type: 'connection', conn: { status: 'up' } });
  const infos = [...fleet(2, 3), info('bad', 'bad', ProcessStates.FATAL)];
  const prios = new Map(infos.map((p) => [p.group === p.name ? p.name : `${p.group}:${p.name}`, { group: p.group === 'cron' ? 999 : p.group === 'bad' ? 30 : 10, process: 10 }]));
  s = reduce(s, { type: 'snapshot', snapshot: snapshot(infos, prios) });
  return actions.reduce(reduce, s);
}

for (const [cols, rows] of [
  [80, 24],
  [120, 40],
] as const) {
  test(`layout at ${cols}x${rows}: header, titles, rows, footer; the whole terminal`, async (t) => {
    const r = await renderScreen(state(cols, rows), cols, rows);
    t.after(() => r.unmount());
    const lines = r.term.text().split('\n');
    // At 80 columns the refresh interval gives way rather than take a second row.
    assert.match(lines[0]!, cols >= 100 ? /^ host1 · supervisord 4\.2\.5 RUNNING · 8 procs: 6 running 1 fatal 1 stopped · every 1s$/ : /^ host1 · supervisord 4\.2\.5 RUNNING · 8 procs: 6 running 1 fatal 1 stopped$/);
    assert.match(lines[1]!, /^ NAME +STATE +PID +UPTIME +CPU% +RSS +PRIO +EXIT/);
    assert.equal(/DESCRIPTION/.test(lines[1]!), cols >= 100, 'DESCRIPTION only where it fits');
    assert.match(lines[2]!, /▾ g0 \(3\) +3 running/);
    assert.match(lines[3]!, /g0_00 +RUNNING +2000 +1:00:00/);
    assert.match(r.term.text(), /bad +FATAL/);
    // The terminal's last row is used (it stayed blank before).
    assert.match(lines[rows - 1]!, /s start +x stop +r restart/);
    for (const l of lines) assert.ok(l.length < cols, 'nothing in the last column');
  });

  test(`log pane at ${cols}x${rows}`, async (t) => {
    const s = state(cols, rows, { type: 'move', to: 'down' }, { type: 'openLog' }, { type: 'logAppend', lines: ['GET /health 200', 'GET /api 500'], partial: 'partial' });
    const r = await renderScreen(s, cols, rows);
    t.after(() => r.unmount());
    const text = r.term.text();
    assert.match(text, /── g0:g0_00 · stdout · follow ──/);
    assert.match(text, / GET \/health 200\n GET \/api 500\n partial/);
    assert.match(r.term.line(rows - 1), /s start/);
  });

  test(`help overlay at ${cols}x${rows} lists every key`, async (t) => {
    const r = await renderScreen(state(cols, rows, { type: 'help' }), cols, rows);
    t.after(() => r.unmount());
    const text = r.term.text();
    for (const k of ['PgUp PgDn', 'Space', 'K F9', 'q F10 ^C', 'pause refresh', 'reread config']) assert.ok(text.includes(k), `help shows ${k}`);
  });
}

test('signal menu, confirmation and prompts replace the footer', async (t) => {
  const r = await renderScreen(state(120, 40, { type: 'openSignalMenu' }), 120, 40);
  t.after(() => r.unmount());
  assert.match(r.term.line(39), /signal group g0 \(3\): +1:TERM +2:HUP +3:INT +4:QUIT +5:KILL +6:USR1 +7:USR2/);
  await r.show(state(120, 40, { type: 'act', op: 'stop' }));
  assert.match(r.term.line(38), /stop group g0 \(3\)\? \(y\/n\)/);
  await r.show(state(120, 40, { type: 'openPrompt', prompt: 'filter' }, { type: 'promptInput', text: 'g1' }));
  assert.match(r.term.line(39), /^ \/g1 /);
  assert.doesNotMatch(r.term.text(), /g0_00/);
});

test('reread preview lists added, changed and removed groups', async (t) => {
  const r = await renderScreen(state(80, 24, { type: 'rereadResult', diff: { added: ['new'], changed: ['web'], removed: ['old'] } }), 80, 24);
  t.after(() => r.unmount());
  const text = r.term.text();
  assert.match(text, /\+ new +available/);
  assert.match(text, /~ web +changed/);
  assert.match(text, /- old +disappeared/);
  assert.match(text, /apply these changes \(update\)\? \(y\/n\)/);
});

test('terminal too small below 60x15', async (t) => {
  const r = await renderScreen(state(59, 14), 59, 14);
  t.after(() => r.unmount());
  assert.match(r.term.text(), /terminal too small: 59x14\nneed at least 60x15/);
});

test('lost connection: red header with last good time and countdown, rows dimmed', async (t) => {
  const s = state(120, 40, { type: 'connection', conn: { status: 'down', error: 'refused connection', lastGood: new Date(2026, 0, 1, 12, 3, 4).getTime(), retryAt: 4000, hint: null } });
  const r = await renderScreen(s, 120, 40);
  t.after(() => r.unmount());
  assert.match(r.term.line(0), /connection lost · retry in 4s · last good 12:03:04 · refused connection/);
  assert.match(r.term.screen.lines[0]!.styles[20]!, /31/);
  // The counts go to a second header row rather than be cut.
  assert.match(r.term.line(1), /8 procs: 6 running 1 fatal 1 stopped/);
  assert.match(r.term.screen.lines[4]!.styles[5]!, /\b2\b/, 'stale rows are dim');
  assert.match(r.term.line(4), /g0_00/, 'the last data stays');
});

test('monochrome and ASCII: no colours, states and marks in words and plain glyphs', async (t) => {
  const s = state(120, 40, { type: 'move', to: 'down' }, { type: 'toggleMark' });
  const r = await renderScreen(s, 120, 40, makeTheme({ color: false, ascii: true }));
  t.after(() => r.unmount());
  const bytes = r.term.chunks.join('');
  assert.doesNotMatch(bytes, /\x1b\[[0-9;]*(3[0-7]|9[0-7])m/, 'no foreground colours');
  assert.match(r.term.line(2), /v g0 \(3\)/);
  assert.match(r.term.line(3), /^\*  g0_00 +RUNNING/);
  assert.match(r.term.line(0), /1 marked/);
  assert.doesNotMatch(r.term.text(), /[▾▸·─…]/);
});

test('ink-testing-library: the help block renders at its own width', () => {
  const { lastFrame, unmount } = renderTL(<Lines lines={helpLines(80, 20, makeTheme({ color: false, ascii: false }))} width={80} />);
  const frame = stripVTControlCharacters(lastFrame() ?? '');
  assert.match(frame, /Keys +\(any key closes\)/);
  assert.match(frame, /s x r +start stop restart/);
  unmount();
  // --readonly: the help offers no action keys.
  const ro = renderTL(<Lines lines={helpLines(80, 20, makeTheme({ color: false, ascii: false }), true)} width={80} />);
  const roFrame = stripVTControlCharacters(ro.lastFrame() ?? '');
  assert.match(roFrame, /read-only/);
  assert.doesNotMatch(roFrame, /start stop restart|send a signal|clear process log|reread config/);
  assert.match(roFrame, /filter/);
  ro.unmount();
});

function fakeFleet() {
  return new FakeClient([
    { group: 'web', name: 'web_a', prio: 10, state: ProcessStates.RUNNING, log: 'one\ntwo\n' },
    { group: 'web', name: 'web_b', prio: 20, state: ProcessStates.RUNNING, log: 'b\n' },
    { group: 'web', name: 'web_c', prio: 30, state: ProcessStates.RUNNING, log: '' },
    { group: 'cron', name: 'cron', prio: 999, state: ProcessStates.STOPPED, log: '' },
  ]);
}

async function mountApp(client: FakeClient, cols: number, rows: number, o: { maxFps?: number; keyFrames?: KeyFrames } = {}) {
  const term = new StubTerminal(cols, rows);
  const output = new FrameOutput(term);
  const stdin = new StubStdin();
  const inst = render(
    <App
      client={client}
      terminal={output}
      theme={makeTheme({ color: true, ascii: false })}
      label="host1"
      intervalMs={100}
      readonly={false}
      connection={{ serverurl: client.serverurl, username: null, password: null }}
      connect={() => client}
      messageMs={60_000}
      clock={new ManualClock(Date.now())}
      onKey={o.keyFrames?.keyHandled}
    />,
    {
      stdout: output as unknown as NodeJS.WriteStream,
      stdin: stdin as unknown as NodeJS.ReadStream,
      exitOnCtrlC: false,
      patchConsole: false,
      incrementalRendering: true,
      ...(o.maxFps === undefined ? {} : { maxFps: o.maxFps }),
    },
  );
  // run.tsx's wiring: the flushFrame tui/ink-fix adds to Ink's render().
  if (o.keyFrames) o.keyFrames.flush = () => (inst as typeof inst & { flushFrame?: () => void }).flushFrame?.();
  const screen = (re: RegExp) => waitFor(() => re.test(term.text()), { message: `screen to match ${re}`, timeoutMs: 5000 }).catch((e) => { throw new Error(`${e.message}\n${term.text()}`); });
  return { term, stdin, inst, output, screen };
}

test('App: keys act on a group in priority order, with confirmation and a result message', async (t) => {
  const client = fakeFleet();
  const app = await mountApp(client, 120, 40);
  t.after(() => app.inst.unmount());
  await app.screen(/web_a +RUNNING/);
  app.stdin.write('x');
  await app.screen(/stop group web \(3\)\? \(y\/n\)/);
  app.stdin.write('y');
  await app.screen(/web: 3 stopped/);
  assert.deepEqual(client.calls, ['stop web:web_c', 'stop web:web_b', 'stop web:web_a']);
  await app.screen(/3 stopped\s+10/);
  client.calls = [];
  app.stdin.write('sy');
  await app.screen(/web: 3 started/);
  assert.deepEqual(client.calls, ['start web:web_a', 'start web:web_b', 'start web:web_c']);
});

test('App: log pane falls back to polling, F9 signal menu, filter, resize, q quits', async (t) => {
  const client = fakeFleet();
  const app = await mountApp(client, 120, 40);
  t.after(() => app.inst.unmount());
  await app.screen(/web_a +RUNNING/);
  app.stdin.write('j');
  app.stdin.write('\r');
  await app.screen(/ one\n two/);
  client.procs[0]!.log += 'three\n';
  await app.screen(/ two\n three/);
  app.stdin.write('\x1b[20~');
  await app.screen(/signal web:web_a: +1:TERM/);
  app.stdin.write('2');
  await app.screen(/web:web_a: signalled/);
  assert.ok(client.calls.includes('signal HUP web:web_a'));
  app.stdin.write('\x1b');
  await waitFor(() => !app.term.text().includes('── web:web_a'), { message: 'Esc closes the log' });
  app.stdin.write('/cron\r');
  await waitFor(() => !app.term.text().includes('web_b'), { message: 'filter hides web' });
  app.term.resize(80, 24);
  await app.screen(/^ host1 · supervisord 4\.2\.5 RUNNING/);
  await waitFor(() => /s start/.test(app.term.line(23)), { message: 'footer on the last line at 80x24' });
  app.stdin.write('q');
  await app.inst.waitUntilExit();
});

test('App: each key draws its frame at once, not when Ink\'s frame window closes', async (t) => {
  // At 0.25 fps Ink holds a frame up to 4 s after the last: typed as the last one shows, one of
  // three keys lands in an open window, and waits that long without KeyFrames.
  const keyFrames = new KeyFrames(0);
  const app = await mountApp(fakeFleet(), 120, 40, { maxFps: 0.25, keyFrames });
  t.after(() => app.inst.unmount());
  await waitFor(() => /web_a +RUNNING/.test(app.term.text()), { timeoutMs: 10_000, message: 'the first rows' });
  app.stdin.write('/');
  let typed = '';
  for (const ch of 'web') {
    typed += ch;
    app.stdin.write(ch);
    await waitFor(() => app.term.text().includes(`/${typed}`), { timeoutMs: 2000, message: () => `"${typed}" drawn before Ink's window closed:\n${app.term.text()}` });
  }
});

test('App: a lost connection is shown and recovered', async (t) => {
  const client = fakeFleet();
  const app = await mountApp(client, 120, 40);
  t.after(() => app.inst.unmount());
  await app.screen(/web_a +RUNNING/);
  client.down = true;
  await app.screen(/connection lost · retry in \ds · last good \d\d:\d\d:\d\d · unix:\/\/\/fake\.sock refused connection/);
  assert.match(app.term.text(), /web_a/, 'last data stays on screen');
  client.down = false;
  await waitFor(() => /8 procs|4 procs/.test(app.term.line(0)), { message: 'header recovers', timeoutMs: 8000 });
});

test('App: nothing is written while nothing changes; Ctrl-L repaints the whole screen', async (t) => {
  const client = fakeFleet();
  const app = await mountApp(client, 120, 40);
  t.after(() => app.inst.unmount());
  await app.screen(/web_a +RUNNING/);
  app.term.takeBytes();
  // The table clock stands still (the tick is tested on its own): three refresh intervals (100 ms) pass without a byte.
  await new Promise((r) => setTimeout(r, 400));
  assert.equal(app.term.takeBytes(), 0, JSON.stringify(app.term.chunks));
  app.stdin.write('\x0c');
  await waitFor(() => app.term.bytes > 1000, { message: 'full repaint' });
  assert.match(app.term.chunks.join(''), /\x1b\[2J/);
  assert.match(app.term.line(0), /host1 · supervisord 4\.2\.5 RUNNING/);
});

test('wide terminal: the log pane sits beside the table', async (t) => {
  const s = state(200, 60, { type: 'move', to: 'down' }, { type: 'openLog' }, { type: 'logAppend', lines: ['beside'], partial: '' });
  const r = await renderScreen(s, 200, 60);
  t.after(() => r.unmount());
  assert.match(r.term.line(2), /▾ g0 \(3\) +3 running.* beside$/);
  assert.match(r.term.line(1), /NAME .*── g0:g0_00 · stdout · follow ──/);
});

test('1,000 processes: only visible rows are drawn; paging, End and the filter work', async (t) => {
  const infos = fleet(25, 40);
  let s = initialState({ cols: 120, rows: 40, readonly: false, interval: 1 });
  s = reduce(s, { type: 'connection', conn: { status: 'up' } });
  s = reduce(s, { type: 'snapshot', snapshot: snapshot(infos) });
  assert.equal(s.tableRows.length, 1026);
  const r = await renderScreen(s, 120, 40);
  t.after(() => r.unmount());
  const full = r.term.takeBytes();
  assert.ok(full < 8000, `a frame is the visible window only (${full} B)`);
  s = reduce(s, { type: 'move', to: 'pageDown' });
  await r.show(s);
  assert.match(r.term.text(), /g0_3\d/);
  s = reduce(s, { type: 'move', to: 'end' });
  await r.show(s);
  assert.match(r.term.text(), /g9_39 +RUNNING/, 'the last group by name is g9');
  s = [...'g17_0[5-7]'].reduce((st, ch) => reduce(st, { type: 'promptInput', text: ch }), reduce(s, { type: 'openPrompt', prompt: 'filter' }));
  await r.show(s);
  assert.deepEqual(s.tableRows.map((row) => row.key), ['group:g17', 'g17:g17_05', 'g17:g17_06', 'g17:g17_07']);
  assert.match(r.term.text(), /g17_07 +RUNNING/);
});
