/** env_file with our daemon and real children: quotes and comments, environment= wins, re-read at each spawn, missing files. */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { startDaemon } from '../reliability/daemon.ts';
import { waitFor } from '../helpers/wait.ts';

/** The last `env` dump in a log file, as a map. */
function lastDump(path: string): Map<string, string> {
  const text = readFileSync(path, 'utf8');
  const dumps = text.split('---\n').filter((d) => d.trim() !== '');
  const last = dumps[dumps.length - 1] ?? '';
  return new Map(last.split('\n').flatMap((l) => (l.includes('=') ? [[l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)] as [string, string]] : [])));
}

test('env_file: systemd quoting and comments, later files and environment= win, re-read at each spawn; a missing file is a spawn error', async () => {
  const d = await startDaemon({
    programs: [
      '[program:show]',
      // one env dump per spawn, separated by ---
      `command=/bin/sh -c "env; echo ---"`,
      'autostart=false',
      'autorestart=false',
      'startsecs=0',
      'stdout_logfile={DIR}/show.out',
      'env_file={DIR}/a.env, -{DIR}/absent.env, {DIR}/b.env',
      'environment=WINS="from environment"',
      '[program:broken]',
      'command=/bin/true',
      'autostart=false',
      'startretries=0',
      'env_file={DIR}/a.env, {DIR}/none.env',
    ].join('\n'),
  });
  try {
    writeFileSync(
      join(d.dir, 'a.env'),
      ['# a comment', '; another', 'PLAIN=one', `QUOTED="two \\"words\\" \\$HOME"`, "SINGLE='three\nlines'", 'WINS=from file', 'OVER=a', ''].join('\n'),
    );
    writeFileSync(join(d.dir, 'b.env'), 'OVER=b\n  SPACED  =  x  y  \n');
    await d.client.startProcess('show');
    const out = join(d.dir, 'show.out');
    await waitFor(() => readFileSync(out, 'utf8').includes('---'), { timeoutMs: 20_000, message: 'the first env dump' });
    let env = lastDump(out);
    assert.equal(env.get('PLAIN'), 'one');
    assert.equal(env.get('QUOTED'), 'two "words" $HOME');
    assert.equal(env.get('SINGLE'), 'three'); // env prints the second line on its own line
    assert.ok(readFileSync(out, 'utf8').includes('SINGLE=three\nlines\n'));
    assert.equal(env.get('WINS'), 'from environment');
    assert.equal(env.get('OVER'), 'b');
    assert.equal(env.get('SPACED'), 'x  y');
    assert.equal(env.get('SUPERVISOR_PROCESS_NAME'), 'show');

    // edited between two starts: the next spawn sees the new value
    writeFileSync(join(d.dir, 'b.env'), 'OVER=edited\n');
    await waitFor(async () => (await d.client.getProcessInfo('show')).statename === 'EXITED', { message: 'show to exit' });
    await d.client.startProcess('show');
    await waitFor(() => readFileSync(out, 'utf8').split('---\n').length >= 3, { timeoutMs: 20_000, message: 'the second env dump' });
    env = lastDump(out);
    assert.equal(env.get('OVER'), 'edited');
    assert.equal(env.has('SPACED'), false);

    // a required file that is missing: the spawn fails, naming it
    await assert.rejects(d.client.startProcess('broken'), /SPAWN_ERROR|ABNORMAL_TERMINATION|broken/);
    // the answer comes in BACKOFF, as in supervisord; FATAL follows on the next tick
    await waitFor(async () => (await d.client.getProcessInfo('broken')).statename === 'FATAL', { message: 'broken to be FATAL' });
    assert.match(d.mainLog(), new RegExp(`spawnerr: couldn't read env_file ${join(d.dir, 'none.env')}: ENOENT`));
  } finally {
    await d.stop();
  }
});
