import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Faults } from '../../src/protocol/faults.ts';
import type { ConfigInfo, ProcessInfo } from '../../src/protocol/types.ts';
import {
  columnize,
  formatAvailLine,
  formatChanges,
  formatClearResult,
  formatSignalResult,
  formatStartResult,
  formatStatusLines,
  statusJsonRows,
  UnknownResultError,
} from '../../src/ctl/format.ts';
import { colorState } from '../../src/ctl/color.ts';

function info(group: string, name: string, statename: ProcessInfo['statename'], description: string, extra: Partial<ProcessInfo> = {}): ProcessInfo {
  return {
    name, group, start: 0, stop: 0, now: 0, state: 0, statename, spawnerr: '', exitstatus: 0,
    logfile: '', stdout_logfile: '', stderr_logfile: '', pid: 0, description, ...extra,
  };
}

test('status table: namespec padded to max(30, longest)+3, state to 10', () => {
  const lines = formatStatusLines([
    info('fail', 'fail', 'FATAL', 'Exited too quickly (process log may have details)'),
    info('grp', 'g1', 'RUNNING', 'pid 8926, uptime 0:00:48'),
    info('multi', 'multi_00', 'STARTING', ''),
  ]);
  assert.deepEqual(lines, [
    'fail                             FATAL     Exited too quickly (process log may have details)',
    'grp:g1                           RUNNING   pid 8926, uptime 0:00:48',
    'multi:multi_00                   STARTING  ',
  ]);
});

test('a long name widens the column for every line', () => {
  const lines = formatStatusLines([
    info('a_really_long_program_name_exceeding_thirty', 'a_really_long_program_name_exceeding_thirty', 'STOPPED', 'Not started'),
    info('quick', 'quick', 'EXITED', 'Nov 23 08:07 PM'),
  ]);
  assert.equal(lines[0], 'a_really_long_program_name_exceeding_thirty   STOPPED   Not started');
  assert.equal(lines[1], 'quick' + ' '.repeat(46 - 5) + 'EXITED    Nov 23 08:07 PM');
});

test('padding counts code points, and colour does not change the layout', () => {
  const [plain] = formatStatusLines([info('😀x', '😀x', 'RUNNING', 'd')]);
  assert.equal(plain, '😀x' + ' '.repeat(31) + 'RUNNING   d');
  const [colored] = formatStatusLines([info('a', 'a', 'RUNNING', 'd')], colorState);
  assert.equal(colored!.replace(/\x1b\[[0-9;]*m/g, ''), 'a' + ' '.repeat(32) + 'RUNNING   d');
  assert.match(colored!, /\x1b\[32mRUNNING\x1b\[0m/);
});

test('avail line', () => {
  const c = { name: 'g1', group: 'grp', inuse: true, autostart: true, group_prio: 100, process_prio: 999 } as ConfigInfo;
  assert.equal(formatAvailLine(c), 'grp:g1                           in use    auto      100:999');
  const d = { name: 'newone', group: 'newone', inuse: false, autostart: false, group_prio: 999, process_prio: 999 } as ConfigInfo;
  assert.equal(formatAvailLine(d), 'newone                           avail     manual    999:999');
});

test('start results: every reason, and an unknown code is an error', () => {
  const r = (status: number) => ({ name: 'p', group: 'g', status, description: '' });
  assert.equal(formatStartResult(r(Faults.SUCCESS)), 'g:p: started');
  assert.equal(formatStartResult(r(Faults.BAD_NAME)), 'g:p: ERROR (no such process)');
  assert.equal(formatStartResult(r(Faults.NO_FILE)), 'g:p: ERROR (no such file)');
  assert.equal(formatStartResult(r(Faults.NOT_EXECUTABLE)), 'g:p: ERROR (file is not executable)');
  assert.equal(formatStartResult(r(Faults.ALREADY_STARTED)), 'g:p: ERROR (already started)');
  assert.equal(formatStartResult(r(Faults.SPAWN_ERROR)), 'g:p: ERROR (spawn error)');
  assert.equal(formatStartResult(r(Faults.ABNORMAL_TERMINATION)), 'g:p: ERROR (abnormal termination)');
  assert.throws(() => formatStartResult(r(Faults.SHUTDOWN_STATE)), UnknownResultError);
});

test('stop/signal results; FAILED prints the fault description', () => {
  const r = (status: number, description = '') => ({ name: 'x', group: 'x', status, description });
  assert.equal(formatSignalResult(r(Faults.SUCCESS), 'stopped'), 'x: stopped');
  assert.equal(formatSignalResult(r(Faults.SUCCESS)), 'x: signalled');
  assert.equal(formatSignalResult(r(Faults.NOT_RUNNING)), 'x: ERROR (not running)');
  assert.equal(formatSignalResult(r(Faults.BAD_SIGNAL)), 'x: ERROR (bad signal name)');
  assert.equal(formatSignalResult(r(Faults.FAILED, 'FAILED: x:x')), 'FAILED: x:x');
});

test('clear results', () => {
  assert.equal(formatClearResult({ name: 'a', group: 'a', status: Faults.SUCCESS, description: '' }), 'a: cleared');
  assert.equal(formatClearResult({ name: 'a', group: 'g', status: Faults.FAILED, description: '' }), 'g:a: ERROR (failed)');
});

test('reread changes sorted by code point; none', () => {
  assert.deepEqual(formatChanges({ added: ['newone', 'Zed'], changed: ['quick'], removed: ['cat'] }), [
    'Zed: available',
    'cat: disappeared',
    'newone: available',
    'quick: changed',
  ]);
  assert.deepEqual(formatChanges({ added: [], changed: [], removed: [] }), ['No config updates to processes']);
});

test('columnize reproduces the help listing', () => {
  const cmds = ['add', 'avail', 'clear', 'exit', 'fg', 'maintail', 'open', 'pid', 'quit', 'reload', 'remove', 'reread', 'restart', 'shutdown', 'signal', 'start', 'status', 'stop', 'tail', 'update', 'version'];
  assert.deepEqual(columnize(cmds), [
    'add    exit      open  reload  restart   start   tail   ',
    'avail  fg        pid   remove  shutdown  status  update ',
    'clear  maintail  quit  reread  signal    stop    version',
  ]);
  assert.deepEqual(columnize(['one']), ['one']);
});

test('status --json rows', () => {
  const rows = statusJsonRows([
    info('grp', 'g1', 'RUNNING', 'pid 7, uptime 0:01:05', { state: 20, pid: 7, start: 1000.5, now: 1065.2 }),
    info('x', 'x', 'EXITED', 'Nov 23 08:07 PM', { state: 100, exitstatus: 3 }),
  ]);
  assert.deepEqual(rows[0], {
    namespec: 'grp:g1', name: 'g1', group: 'grp', state: 20, statename: 'RUNNING', pid: 7, uptime: 65,
    description: 'pid 7, uptime 0:01:05', exitstatus: 0, spawnerr: '',
  });
  assert.equal(rows[1]!.uptime, null);
  assert.equal(rows[1]!.exitstatus, 3);
});
