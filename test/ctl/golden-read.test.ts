/** Commands that do not change state, and argument errors: same output and status as supervisorctl. */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { forEachDaemon, runCases, type Case } from './golden.ts';

const READS: Case[] = [
  ['status'],
  ['status', 'sleeper'],
  ['status', 'grp:*'],
  ['status', 'grp:'],
  ['status', 'multi:multi_00', 'crash'],
  ['status', 'nosuch'],
  ['status', 'nosuch:*'],
  ['status', 'sleeper', 'nosuch', 'idle'],
  ['status', 'all'],
  ['status', 'multi'],
  ['status', '-c', 'other.conf'],
  ['pid'],
  ['pid', 'all'],
  ['pid', 'sleeper'],
  ['pid', 'idle'],
  ['pid', 'nosuch'],
  ['pid', 'nosuch', 'sleeper'],
  ['avail'],
  ['avail', 'x'],
  ['version'],
  ['version', 'x'],
  ['tail', 'talker'],
  ['tail', 'talker', 'stderr'],
  ['tail', 'talker', 'STDERR'],
  ['tail', '-5', 'talker'],
  ['tail', '-0', 'talker'],
  ['tail', 'talker', 'bogus'],
  ['tail', '-x', 'talker'],
  ['tail'],
  ['tail', 'a', 'b', 'c', 'd'],
  ['tail', 'nosuch'],
  ['tail', 'nolog'],
  ['tail', '-f'],
  ['tail', '-1600', 'talker', 'stdout'],
  ['tail', 'talker', 'extra', 'stderr'],
  ['maintail'],
  ['maintail', '-100'],
  ['maintail', 'x'],
  ['maintail', '-x'],
  ['maintail', 'a', 'b'],
  ['help'],
  ['help', 'status'],
  ['help', 'tail'],
  ['help', 'maintail'],
  ['help', 'help'],
  ['help', 'nosuch'],
  ['foo'],
  ['foo', 'bar'],
  ['quit'],
  ['exit'],
  ['reread'],
  ['reread', 'x'],
  ['update', 'nosuch'],
  ['signal'],
  ['signal', 'HUP'],
  ['signal', 'HUP', 'nosuch'],
  ['signal', 'HUP', 'nosuch:*'],
  ['signal', 'HUP', 'idle'],
  ['signal', 'BOGUS', 'sleeper'],
  ['start'],
  ['start', 'nosuch'],
  ['start', 'nosuch:*'],
  ['start', 'sleeper'],
  ['start', 'grp:g1', 'nosuch'],
  ['stop'],
  ['stop', 'nosuch'],
  ['stop', 'nosuch:*'],
  ['stop', 'idle'],
  ['restart'],
  ['restart', 'nosuch'],
  ['clear'],
  ['clear', 'nosuch'],
  ['fg'],
  ['fg', 'a', 'b'],
  ['fg', 'nosuch'],
  ['fg', 'idle'],
  ['add', 'nosuch'],
  ['add', 'sleeper'],
  ['remove', 'nosuch'],
  ['remove', 'sleeper'],
  ['open', 'ftp://x'],
  ['shutdown', 'x'],
  ['reload', 'x'],
  // options
  ['-x', 'status'],
  ['-s', 'foo', 'status'],
  ['-i', '-i', 'status'],
].map((args) => ({ args }));

/** The same through the bin, as a process: exit status and streams end to end. */
const AS_PROCESS: Case[] = [['status'], ['status', 'nosuch'], ['pid', 'idle'], ['tail', 'talker', 'stderr'], ['foo'], ['-x', 'status'], ['help']].map((args) => ({ args, process: true }));

forEachDaemon(
  'read-only commands and argument errors',
  'basic.conf',
  { settled: (s) => / FATAL /.test(s) && / EXITED | RUNNING /.test(s) },
  (ctx) => {
    test('every case: same stdout, stderr and exit status as supervisorctl', async (t) => {
      if (ctx.skipped(t)) return;
      const server = ctx.server();
      const opens: Case[] = [{ args: ['open', `unix://${server.dir}/sv.sock`] }, { args: ['open', `unix://${server.dir}/nosuch.sock`] }];
      const { ours, real } = await runCases(server, [...READS, ...opens, ...AS_PROCESS]);
      assert.deepEqual(ours, real);
    });
  },
  { describe, before, after },
);
