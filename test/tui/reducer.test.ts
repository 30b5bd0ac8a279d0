/** The view-state reducer, without rendering: selection, groups, filter, sort, marks, modes, log pane. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ProcessStates } from '../../src/protocol/index.ts';
import type { Priority } from '../../tui/model.ts';
import { initialState, layoutOf, reduce, selectedRow, visibleProcesses } from '../../tui/reducer.ts';
import type { Action, ViewState } from '../../tui/state.ts';
import { fleet, info, snapshot } from './helpers/fixtures.ts';

const R = ProcessStates.RUNNING;
const S = ProcessStates.STOPPED;

const infos = [
  info('web', 'web_00', R),
  info('web', 'web_01', R),
  info('web', 'web_02', S),
  info('cron', 'cron', S),
  info('workers', 'w0', R),
  info('workers', 'w1', ProcessStates.FATAL),
];
const prios = new Map<string, Priority>([
  ['web:web_00', { group: 100, process: 100 }],
  ['web:web_01', { group: 100, process: 100 }],
  ['web:web_02', { group: 100, process: 100 }],
  ['cron', { group: 999, process: 999 }],
  ['workers:w0', { group: 200, process: 200 }],
  ['workers:w1', { group: 200, process: 200 }],
]);

function start(opts: { readonly?: boolean; rows?: number } = {}): ViewState {
  const s = initialState({ cols: 120, rows: opts.rows ?? 40, readonly: opts.readonly ?? false, interval: 1 });
  return reduce(s, { type: 'snapshot', snapshot: snapshot(infos, prios) });
}

function run(s: ViewState, ...actions: Action[]): ViewState {
  return actions.reduce(reduce, s);
}

const keys = (s: ViewState) => s.tableRows.map((r) => r.key);

test('rows follow the config order: group priority, then name; groups first row selected', () => {
  const s = start();
  assert.deepEqual(keys(s), ['group:web', 'web:web_00', 'web:web_01', 'web:web_02', 'group:workers', 'workers:w0', 'workers:w1', 'cron']);
  assert.equal(s.selected, 'group:web');
});

test('moving: down/up, clamped ends, home/end, page', () => {
  let s = run(start(), { type: 'move', to: 'down' }, { type: 'move', to: 'down' });
  assert.equal(s.selected, 'web:web_01');
  s = run(s, { type: 'move', to: 'up' }, { type: 'move', to: 'up' }, { type: 'move', to: 'up' });
  assert.equal(s.selected, 'group:web');
  s = run(s, { type: 'move', to: 'end' });
  assert.equal(s.selected, 'cron');
  s = run(s, { type: 'move', to: 'home' }, { type: 'move', to: 'pageDown' });
  assert.equal(s.selected, 'cron', 'a page is longer than the table');
});

test('scrolling keeps the selection visible in a short window', () => {
  let s = initialState({ cols: 80, rows: 15, readonly: false, interval: 1 });
  s = reduce(s, { type: 'snapshot', snapshot: snapshot(fleet(3, 10)) });
  const page = layoutOf(s).tableRows;
  assert.ok(page > 0 && page < s.tableRows.length);
  s = run(s, { type: 'move', to: 'end' });
  assert.equal(s.top, s.tableRows.length - page);
  s = run(s, { type: 'move', to: 'home' });
  assert.equal(s.top, 0);
});

test('collapse and expand a group; h on a child goes to its group', () => {
  let s = run(start(), { type: 'collapse' });
  assert.deepEqual(keys(s).slice(0, 2), ['group:web', 'group:workers']);
  s = run(s, { type: 'expand' }, { type: 'move', to: 'down' }, { type: 'collapse' });
  assert.equal(s.selected, 'group:web');
  s = run(s, { type: 'collapseAll' });
  assert.deepEqual(keys(s), ['group:web', 'group:workers', 'cron']);
  s = run(s, { type: 'expandAll' });
  assert.equal(s.tableRows.length, 8);
});

test('a one-process group named like its process is one row', () => {
  const cron = start().tableRows.find((r) => r.key === 'cron');
  assert.equal(cron?.kind, 'process');
  assert.equal(cron?.kind === 'process' && cron.depth, 0);
});

test('filter: incremental regex on name/group/state, ! inverts, Esc clears', () => {
  let s = run(start(), { type: 'openPrompt', prompt: 'filter' }, { type: 'promptInput', text: 'web_0[01]' });
  assert.deepEqual(keys(s), ['group:web', 'web:web_00', 'web:web_01']);
  for (let i = 0; i < 'web_0[01]'.length; i++) s = reduce(s, { type: 'promptBackspace' });
  s = run(s, { type: 'promptInput', text: 'fatal' });
  assert.deepEqual(keys(s), ['group:workers', 'workers:w1']);
  s = run(s, { type: 'promptSubmit' });
  assert.equal(s.mode.kind, 'normal');
  assert.equal(s.filter, 'fatal');
  s = run(s, { type: 'openPrompt', prompt: 'filter' }, { type: 'escape' });
  assert.equal(s.filter, '');
  s = run(s, { type: 'openPrompt', prompt: 'filter' }, { type: 'promptInput', text: '!running' }, { type: 'promptSubmit' });
  assert.deepEqual(keys(s), ['group:web', 'web:web_02', 'group:workers', 'workers:w1', 'cron']);
  s = run(s, { type: 'escape' });
  assert.equal(s.filter, '', 'Esc in normal mode clears the filter');
});

test('sort cycles columns and inverts', () => {
  let s = run(start(), { type: 'sort', step: 1 });
  assert.deepEqual(s.sort, { column: 'name', inverted: false });
  assert.deepEqual(keys(s)[0], 'cron');
  s = run(s, { type: 'sortInvert' });
  assert.equal(keys(s)[0], 'group:workers');
  s = run(s, { type: 'sort', step: -1 });
  assert.equal(s.sort.column, null);
});

test('actions: a process acts at once, a group asks first, y runs, n cancels', () => {
  let s = run(start(), { type: 'move', to: 'down' }, { type: 'act', op: 'stop' });
  assert.deepEqual(s.effects, [{ kind: 'op', op: 'stop', target: { kind: 'processes', names: ['web:web_00'] } }]);
  s = run(s, { type: 'effectsTaken', count: 1 }, { type: 'move', to: 'home' }, { type: 'act', op: 'start' });
  assert.equal(s.mode.kind, 'confirm');
  assert.match(s.mode.kind === 'confirm' ? s.mode.question : '', /start group web \(3\)\?/);
  assert.equal(s.effects.length, 0);
  const yes = run(s, { type: 'answer', yes: true });
  assert.deepEqual(yes.effects, [{ kind: 'op', op: 'start', target: { kind: 'group', name: 'web' } }]);
  const no = run(s, { type: 'answer', yes: false });
  assert.equal(no.effects.length, 0);
  assert.equal(no.message?.text, 'cancelled');
});

test('marks: Space marks and moves down, actions apply to the marks with confirmation, U clears', () => {
  let s = run(start(), { type: 'move', to: 'down' }, { type: 'toggleMark' }, { type: 'toggleMark' });
  assert.deepEqual([...s.marks], ['web:web_00', 'web:web_01']);
  assert.equal(s.selected, 'web:web_02');
  s = run(s, { type: 'act', op: 'restart' }, { type: 'answer', yes: true });
  assert.deepEqual(s.effects, [{ kind: 'op', op: 'restart', target: { kind: 'processes', names: ['web:web_00', 'web:web_01'] } }]);
  s = run(s, { type: 'move', to: 'home' }, { type: 'toggleMark' });
  assert.equal(s.marks.size, 3, 'Space on a group marks its members');
  s = run(s, { type: 'clearMarks' });
  assert.equal(s.marks.size, 0);
});

test('A/X ask before acting on everything', () => {
  const s = run(start(), { type: 'actAll', op: 'stop' }, { type: 'answer', yes: true });
  assert.deepEqual(s.effects, [{ kind: 'op', op: 'stop', target: { kind: 'all' } }]);
});

test('signal menu: opens for the row, moves, chooses', () => {
  let s = run(start(), { type: 'move', to: 'end' }, { type: 'openSignalMenu' });
  assert.equal(s.mode.kind, 'signal');
  s = run(s, { type: 'menuMove', step: 1 }, { type: 'menuChoose' });
  assert.deepEqual(s.effects, [{ kind: 'signal', signal: 'HUP', target: { kind: 'processes', names: ['cron'] } }]);
});

test('destructive actions on more than one process, and c, ask first', () => {
  // K + Enter on a group row used to signal the whole group at once.
  let s = run(start(), { type: 'openSignalMenu' }, { type: 'menuChoose', index: 4 });
  assert.equal(s.effects.length, 0);
  assert.deepEqual(s.mode.kind === 'confirm' && s.mode.question, 'send SIGKILL to group web (3)?');
  assert.deepEqual(run(s, { type: 'answer', yes: true }).effects, [{ kind: 'signal', signal: 'KILL', target: { kind: 'group', name: 'web' } }]);
  assert.equal(run(s, { type: 'answer', yes: false }).effects.length, 0);
  // c on one process: clearing a log cannot be undone.
  s = run(start(), { type: 'move', to: 'down' }, { type: 'act', op: 'clear' });
  assert.equal(s.effects.length, 0);
  assert.deepEqual(s.mode.kind === 'confirm' && s.mode.question, 'clear the logs of web:web_00?');
  // Marks.
  s = run(start(), { type: 'move', to: 'down' }, { type: 'toggleMark' }, { type: 'toggleMark' }, { type: 'act', op: 'stop' });
  assert.equal(s.mode.kind, 'confirm');
});

test('R with no config changes says so instead of asking', () => {
  const s = run(start(), { type: 'rereadResult', diff: { added: [], changed: [], removed: [] } });
  assert.equal(s.mode.kind, 'normal');
  assert.match(s.message?.text ?? '', /no config changes/);
});

test('a result that arrives while the person types never replaces the prompt', () => {
  let s = run(start(), { type: 'openPrompt', prompt: 'command' }, { type: 'promptInput', text: 'sta' });
  s = run(s, { type: 'rereadResult', diff: { added: ['x'], changed: [], removed: [] } }, { type: 'output', title: ':restart web', lines: ['a', 'b'] });
  assert.equal(s.mode.kind === 'prompt' && s.mode.text, 'sta');
  s = run(s, { type: 'promptInput', text: 'tus' }, { type: 'promptSubmit' });
  assert.deepEqual(s.effects, [{ kind: 'command', line: 'status' }]);
});

test('messages are kept: the last 20, none overwritten', () => {
  let s = start();
  for (let i = 0; i < 25; i++) s = reduce(s, { type: 'message', text: `m${i}`, at: i });
  assert.equal(s.messages.length, 20);
  assert.equal(s.messages[0]!.text, 'm5');
  assert.equal(s.message?.text, 'm24');
  assert.equal(reduce(s, { type: 'messages' }).mode.kind, 'messages');
});

test('every running action is listed with its progress', () => {
  let s = run(start(), { type: 'jobStart', id: 1, label: 'restart web', text: 'restart web…' }, { type: 'jobStart', id: 2, label: 'stop cron', text: 'stop cron…' });
  s = reduce(s, { type: 'jobProgress', id: 1, text: 'starting 3 processes (0/3 done)…' });
  assert.deepEqual(s.jobs.map((j) => j.text), ['starting 3 processes (0/3 done)…', 'stop cron…']);
  s = reduce(s, { type: 'jobEnd', id: 2 });
  assert.deepEqual(s.jobs.map((j) => j.id), [1]);
});

test('reread shows the diff, y updates, anything else cancels', () => {
  let s = run(start(), { type: 'reread' });
  assert.deepEqual(s.effects, [{ kind: 'reread' }]);
  s = run(s, { type: 'effectsTaken', count: 1 }, { type: 'rereadResult', diff: { added: ['new'], changed: [], removed: ['old'] } });
  assert.equal(s.mode.kind, 'reread');
  assert.deepEqual(run(s, { type: 'answer', yes: true }).effects, [{ kind: 'update' }]);
  assert.equal(run(s, { type: 'answer', yes: false }).mode.kind, 'normal');
});

test('read-only refuses every action with a message', () => {
  const base = start({ readonly: true });
  for (const a of [
    { type: 'act', op: 'start' },
    { type: 'actAll', op: 'stop' },
    { type: 'openSignalMenu' },
    { type: 'reread' },
  ] as Action[]) {
    const s = reduce(base, a);
    assert.equal(s.effects.length, 0);
    assert.equal(s.mode.kind, 'normal');
    assert.match(s.message?.text ?? '', /read-only/);
  }
  // Read-only commands (:status, :tail) are allowed: the prompt opens, the command line decides.
  assert.equal(reduce(base, { type: 'openPrompt', prompt: 'command' }).mode.kind, 'prompt');
});

test('command prompt queues the command line', () => {
  const s = run(start(), { type: 'openPrompt', prompt: 'command' }, { type: 'promptInput', text: 'restart web:*' }, { type: 'promptSubmit' });
  assert.deepEqual(s.effects, [{ kind: 'command', line: 'restart web:*' }]);
});

test('log pane: opens on a process, follows the selection, channel toggle resets, Esc closes', () => {
  let s = run(start(), { type: 'move', to: 'down' }, { type: 'openLog' });
  assert.equal(s.log.open, true);
  assert.equal(s.log.target, 'web:web_00');
  s = run(s, { type: 'logAppend', lines: ['a', 'b'], partial: 'c' });
  s = run(s, { type: 'move', to: 'down' });
  assert.equal(s.log.target, 'web:web_01');
  assert.equal(s.logLines.lines.length, 0, 'a new target starts empty');
  s = run(s, { type: 'logAppend', lines: ['x'], partial: '' }, { type: 'logChannel' });
  assert.equal(s.log.channel, 'stderr');
  assert.equal(s.logLines.lines.length, 0);
  s = run(s, { type: 'logFull' });
  assert.equal(layoutOf(s).tableRows, 0);
  s = run(s, { type: 'escape' });
  assert.equal(s.log.open, false);
});

test('log buffer is bounded; scrolling leaves follow and returns to it at the bottom', () => {
  let s = run(start(), { type: 'move', to: 'down' }, { type: 'openLog' });
  const lines = Array.from({ length: 6000 }, (_, i) => `line ${i}`);
  s = run(s, { type: 'logAppend', lines, partial: '' });
  assert.equal(s.logLines.lines.length, 5000);
  assert.equal(s.logLines.dropped, 1000);
  s = run(s, { type: 'logScroll', to: 'up' });
  assert.equal(s.log.follow, false);
  assert.equal(s.log.anchor, 5998);
  s = run(s, { type: 'logScroll', to: 'down' });
  assert.equal(s.log.follow, true);
  s = run(s, { type: 'logScroll', to: 'top' });
  assert.ok(s.log.anchor >= 1000);
});

test('log search like less: / forward from the top of the view, ? backward, n the same way, N the other', () => {
  let s = run(start(), { type: 'move', to: 'down' }, { type: 'openLog' });
  const lines = Array.from({ length: 60 }, (_, i) => (i % 10 === 5 ? `ERROR ${i}` : `ok ${i}`));
  s = run(s, { type: 'logAppend', lines, partial: '' }, { type: 'focus', pane: 'log' });
  // Scrolled to the top: / finds the first match from the view's top line down (not the newest one).
  s = run(s, { type: 'logScroll', to: 'top' });
  const firstBelow = 5;
  s = run(s, { type: 'openPrompt', prompt: 'search' }, { type: 'promptInput', text: 'error' }, { type: 'promptSubmit' });
  assert.equal(s.log.search, 'error');
  assert.equal(s.log.match, firstBelow, 'not the newest match: the first from the view down');
  s = run(s, { type: 'logSearchNext', step: 1 });
  assert.equal(s.log.match, firstBelow + 10, 'n goes on downward');
  s = run(s, { type: 'logSearchNext', step: -1 });
  assert.equal(s.log.match, firstBelow, 'N goes back up');
  // ? searches backward: n goes up, N down.
  s = run(s, { type: 'logScroll', to: 'bottom' }, { type: 'openPrompt', prompt: 'searchBack' }, { type: 'promptInput', text: 'error' }, { type: 'promptSubmit' });
  assert.equal(s.log.match, 55);
  s = run(s, { type: 'logSearchNext', step: 1 });
  assert.equal(s.log.match, 45);
  s = run(s, { type: 'logSearchNext', step: -1 });
  assert.equal(s.log.match, 55);
  s = run(s, { type: 'openPrompt', prompt: 'search' }, { type: 'promptInput', text: 'nothing' }, { type: 'promptSubmit' });
  assert.equal(s.message?.error, true);
});

test('an invalid filter regex says so and keeps the last valid filter', () => {
  let s = run(start(), { type: 'openPrompt', prompt: 'filter' }, { type: 'promptInput', text: 'web' });
  const rows = s.tableRows.length;
  s = run(s, { type: 'promptInput', text: '[' });
  assert.equal(s.filter, 'web');
  assert.equal(s.tableRows.length, rows, 'the table does not go empty');
  assert.match(s.message?.text ?? '', /invalid regex/);
  assert.equal(s.message?.error, true);
  s = run(s, { type: 'promptBackspace' });
  assert.equal(s.filter, 'web');
});

test('the selection stays on its row when data changes, else on the same index', () => {
  let s = run(start(), { type: 'move', to: 'end' });
  assert.equal(s.selected, 'cron');
  s = reduce(s, { type: 'snapshot', snapshot: snapshot(infos.filter((p) => p.group !== 'web'), prios) });
  assert.equal(s.selected, 'cron');
  s = reduce(s, { type: 'snapshot', snapshot: snapshot(infos.filter((p) => p.group !== 'cron'), prios) });
  assert.equal(selectedRow(s)?.key, 'web:web_02', 'cron was at index 3');
});

test('quit, redraw, pause, help', () => {
  assert.deepEqual(reduce(start(), { type: 'quit' }).effects, [{ kind: 'quit' }]);
  assert.deepEqual(reduce(start(), { type: 'redraw' }).effects, [{ kind: 'redraw' }]);
  assert.equal(reduce(start(), { type: 'pause' }).paused, true);
  assert.equal(run(start(), { type: 'help' }, { type: 'closeOverlay' }).mode.kind, 'normal');
});

test('CPU%/RSS are read for the visible processes only, unless sorting by them', () => {
  let s = initialState({ cols: 80, rows: 15, readonly: false, interval: 1 });
  s = reduce(s, { type: 'snapshot', snapshot: snapshot(fleet(3, 10)) });
  const visible = visibleProcesses(s)!;
  assert.ok(visible.size > 0 && visible.size < 30);
  assert.ok(visible.has(s.tableRows.find((r) => r.kind === 'process')!.key));
  s = run(s, { type: 'sort', step: 1 }, { type: 'sort', step: 1 }, { type: 'sort', step: 1 }, { type: 'sort', step: 1 }, { type: 'sort', step: 1 });
  assert.equal(s.sort.column, 'cpu');
  assert.equal(visibleProcesses(s), null);
});

test('Enter or l on the process whose log is open keeps its lines', () => {
  let s = run(start(), { type: 'move', to: 'down' }, { type: 'openLog' });
  assert.equal(s.log.target, 'web:web_00');
  s = run(s, { type: 'logAppend', lines: ['one', 'two'], partial: '' });
  for (const again of [{ type: 'openLog' }, { type: 'expand' }, { type: 'focus', pane: 'log' }] as Action[]) {
    const t = reduce(s, again);
    assert.deepEqual(t.logLines.lines, ['one', 'two'], again.type);
  }
});

test('prompts edit like readline: cursor keys, Ctrl-U, Ctrl-W, history, Tab completion of process names', () => {
  let s = run(start(), { type: 'openPrompt', prompt: 'command' }, { type: 'promptInput', text: 'restart web:web_00 extra' });
  s = run(s, { type: 'promptEdit', op: 'killWord' });
  assert.equal(s.mode.kind === 'prompt' && s.mode.text, 'restart web:web_00 ');
  s = run(s, { type: 'promptEdit', op: 'left' }, { type: 'promptEdit', op: 'left' }, { type: 'promptInput', text: 'X' });
  assert.equal(s.mode.kind === 'prompt' && s.mode.text, 'restart web:web_0X0 ');
  s = run(s, { type: 'promptEdit', op: 'killStart' });
  assert.equal(s.mode.kind === 'prompt' && s.mode.text, '0 ');
  s = run(s, { type: 'promptEdit', op: 'killStart' }, { type: 'promptEdit', op: 'end' }, { type: 'promptEdit', op: 'killStart' });
  s = run(s, { type: 'promptInput', text: 'stop wo' }, { type: 'promptComplete' });
  assert.equal(s.mode.kind === 'prompt' && s.mode.text, 'stop workers:', 'common prefix of workers:w0, workers:w1, workers:*');
  s = run(s, { type: 'promptInput', text: 'w1' }, { type: 'promptComplete' });
  assert.equal(s.mode.kind === 'prompt' && s.mode.text, 'stop workers:w1 ');
  s = run(s, { type: 'promptSubmit' }, { type: 'effectsTaken', count: 1 });
  s = run(s, { type: 'openPrompt', prompt: 'command' }, { type: 'promptInput', text: 'stat' }, { type: 'promptHistory', step: -1 });
  assert.equal(s.mode.kind === 'prompt' && s.mode.text, 'stop workers:w1');
  s = run(s, { type: 'promptHistory', step: 1 });
  assert.equal(s.mode.kind === 'prompt' && s.mode.text, 'stat', 'back to the line being typed');
});

test('a snapshot that changes only the host meter keeps the rows; new figures for a row rebuild them', () => {
  const base = snapshot(infos, prios);
  let s = run(start(), { type: 'snapshot', snapshot: { ...base, stats: new Map([[101, { cpu: 1, rss: 1 << 20 }]]) } });
  const rows = s.tableRows;
  s = run(s, { type: 'snapshot', snapshot: { ...base, stats: new Map([[101, { cpu: 1, rss: 1 << 20 }]]), host: { cpu: 50, memTotal: 8 << 30, memAvailable: 4 << 30 } } });
  assert.equal(s.tableRows, rows);
  assert.equal(s.snapshot?.host?.cpu, 50, 'the header gets the new meter');
  const pid = infos.find((p) => p.pid > 0)!.pid;
  s = run(s, { type: 'snapshot', snapshot: { ...base, stats: new Map([[pid, { cpu: 42, rss: 1 << 20 }]]) } });
  assert.notEqual(s.tableRows, rows);
  assert.ok(s.tableRows.some((r) => r.kind === 'process' && r.cpu === '42.0'), JSON.stringify(s.tableRows));
});
