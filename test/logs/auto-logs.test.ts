import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, statSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { autoLogPath, cleanupAutoLogs } from '../../daemon/logs/auto-logs.ts';
import { makeTmpDir } from '../helpers/tmp.ts';

test('autoLogPath creates an empty 0600 file with Supervisor\'s name', (t) => {
  const { dir, cleanup } = makeTmpDir();
  t.after(cleanup);
  const a = autoLogPath(dir, 'sleeper', 'stdout', 'supervisor');
  const b = autoLogPath(dir, 'sleeper', 'stdout', 'supervisor');
  assert.match(basename(a), /^sleeper-stdout---supervisor-[a-z0-9_]{8}\.log$/);
  assert.notEqual(a, b);
  const st = statSync(a);
  assert.equal(st.size, 0);
  assert.equal(st.mode & 0o777, 0o600);
  assert.throws(() => autoLogPath(join(dir, 'missing'), 'x', 'stderr', 'supervisor'), /^Error: could not create log file in childlogdir '.*missing': ENOENT: no such file or directory$/);
});

test('cleanupAutoLogs removes this identifier\'s AUTO logs and backups only', (t) => {
  const { dir, cleanup } = makeTmpDir();
  t.after(cleanup);
  const mine = [autoLogPath(dir, 'a', 'stdout', 'supervisor'), autoLogPath(dir, 'b', 'stderr', 'supervisor')];
  writeFileSync(`${mine[0]}.1`, '');
  writeFileSync(`${mine[0]}.12`, '');
  const others = ['a-stdout---other-12345678.log', 'plain.log', 'supervisord.log'];
  for (const o of others) writeFileSync(join(dir, o), '');
  const r = cleanupAutoLogs(dir, 'supervisor');
  assert.equal(r.removed.length, 4);
  assert.deepEqual(r.warnings, []);
  assert.deepEqual(readdirSync(dir).sort(), [...others].sort());
  assert.deepEqual(cleanupAutoLogs(join(dir, 'nope'), 'supervisor'), { removed: [], warnings: ['Could not clear childlog dir'] });
});
