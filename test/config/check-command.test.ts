/** `supervisor-tui check` as a whole process: the example config, a broken one, --json. */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { ROOT, runCli, runProcess } from '../helpers/cli.ts';
import { makeTmpDir } from '../helpers/tmp.ts';

const EXAMPLE = join(ROOT, 'examples', 'supervisord.conf');

describe('supervisor-tui check', () => {
  const tmp = makeTmpDir('svt-check-');
  after(() => tmp.cleanup());

  it('lists the example config’s groups and processes, exit 0', async () => {
    const r = await runCli(['check', '-c', EXAMPLE]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, '');
    for (const line of [
      'group event-log (eventlistener, priority -1, events PROCESS_STATE,TICK_60)',
      'group web (program, priority 100)',
      'group backend (group, priority 200)',
      'group report (program, priority 300)',
      'configuration ok: 4 groups, 7 processes',
    ]) {
      assert.ok(r.stdout.includes(line), `missing ${JSON.stringify(line)} in\n${r.stdout}`);
    }
    assert.match(r.stdout, /^ {4}worker_02 +node .*\/examples\/conf\.d\/\.\.\/scripts\/chatty-worker\.mjs 2/m);
    assert.match(r.stdout, /^ {4}report +node .*\[autostart=false, priority 300\]$/m);
  });

  it('--json prints the normalized form', async () => {
    const r = await runCli(['check', '--json', '-c', EXAMPLE]);
    assert.equal(r.code, 0, r.stderr);
    const json = JSON.parse(r.stdout) as { groups: Array<{ name: string; processes: unknown[] }>; supervisorctl: { serverurl: string } };
    assert.deepEqual(
      json.groups.map((g) => [g.name, g.processes.length]),
      [['event-log', 1], ['web', 1], ['backend', 4], ['report', 1]],
    );
    assert.equal(json.supervisorctl.serverurl, `unix://${join(ROOT, 'examples', 'run', 'supervisor.sock')}`);
  });

  it('a broken config: one line naming file and line, exit 2, no stack trace', async () => {
    const bad = join(tmp.dir, 'bad.conf');
    writeFileSync(bad, '[supervisord]\n[program:a]\ncommand=/bin/cat\nthis is not a key\n');
    const r = await runCli(['check', '-c', bad]);
    assert.equal(r.code, 2);
    assert.equal(r.stdout, '');
    assert.equal(r.stderr, `Error: Source contains parsing errors: '${bad}' [line  4]: 'this is not a key\\n'\n`);
  });

  it('a bad value names the section and file', async () => {
    const bad = join(tmp.dir, 'bad2.conf');
    writeFileSync(bad, '[supervisord]\n[program:a]\ncommand=/bin/cat\nautostart=maybe\n');
    const r = await runCli(['check', '-c', bad]);
    assert.equal(r.code, 2);
    assert.equal(r.stderr, `Error: not a valid boolean value: 'maybe' in section 'program:a' (file: '${bad}')\n`);
  });

  it('a missing file and a bad option', async () => {
    const missing = await runCli(['check', '-c', join(tmp.dir, 'nope.conf')]);
    assert.equal(missing.code, 2);
    assert.equal(missing.stderr, `Error: could not find config file ${join(tmp.dir, 'nope.conf')}\n`);
    const opt = await runCli(['check', '--bogus']);
    assert.equal(opt.code, 2);
    assert.equal(opt.stderr, 'Error: option --bogus not recognized\n');
  });

  it('without -c, the default search path (from the working directory)', async () => {
    writeFileSync(join(tmp.dir, 'supervisord.conf'), '[supervisord]\n[program:only]\ncommand=/bin/true\n');
    // `--import tsx` resolves from the cwd, so name tsx's loader by its full URL here.
    const r = await runProcess(process.execPath, ['--import', import.meta.resolve('tsx'), join(ROOT, 'src/cli/main.ts'), 'check'], { cwd: tmp.dir });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^config: supervisord\.conf$/m);
    assert.match(r.stdout, /group only \(program, priority 999\)/);
  });
});
