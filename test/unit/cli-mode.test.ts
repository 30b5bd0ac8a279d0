import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chooseMode } from '../../src/cli/mode.ts';

test('no words opens the dashboard, with its options', () => {
  assert.deepEqual(chooseMode([]), { mode: 'dashboard', args: [] });
  assert.deepEqual(chooseMode(['-c', 'x.conf', '--readonly']), { mode: 'dashboard', args: ['-c', 'x.conf', '--readonly'] });
});

test('daemon and check take the words after them; global options before them are kept', () => {
  assert.deepEqual(chooseMode(['daemon', '-n', '-c', 'a.conf']), { mode: 'daemon', args: ['-n', '-c', 'a.conf'] });
  assert.deepEqual(chooseMode(['-c', 'a.conf', 'check', '--json']), { mode: 'check', args: ['-c', 'a.conf', '--json'] });
});

test('any other word is a supervisorctl command; option values are not mistaken for it', () => {
  assert.deepEqual(chooseMode(['-s', 'unix:///tmp/s.sock', 'status']).mode, 'ctl');
  assert.deepEqual(chooseMode(['-c', 'daemon', 'status']).mode, 'ctl');
  assert.deepEqual(chooseMode(['tail', '-f', 'web', 'stderr']).mode, 'ctl');
});

test('help and version without a command', () => {
  assert.equal(chooseMode(['-h']).mode, 'help');
  assert.equal(chooseMode(['--version']).mode, 'version');
});

test('where supervisorctl would open its shell (-i, or commands on a pipe), the shell runs, not the dashboard', () => {
  assert.equal(chooseMode(['-i']).mode, 'ctl');
  assert.equal(chooseMode(['-c', 'x.conf'], false).mode, 'ctl');
  assert.equal(chooseMode(['--demo'], false).mode, 'dashboard');
  assert.equal(chooseMode(['--interval=2', '-c', 'x.conf'], false).mode, 'dashboard');
  assert.equal(chooseMode(['--no-mouse'], false).mode, 'dashboard', 'a dashboard-only option means the dashboard (which then says it needs a terminal)');
});
