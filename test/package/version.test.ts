/** `--version` of the bin and of the daemon: this package's version and the Supervisor API it speaks. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { ROOT, runCli } from '../helpers/cli.ts';

const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
const LINE = `supervisor-tui ${pkg.version} (Supervisor XML-RPC API 3.0, as supervisord 4.2.5)\n`;

test('supervisor-tui --version / -v and daemon --version / -v print the same line', async () => {
  const runs = await Promise.all([['--version'], ['-v'], ['daemon', '--version'], ['daemon', '-v']].map((a) => runCli(a)));
  for (const r of runs) {
    assert.equal(r.code, 0);
    assert.equal(r.stdout, LINE);
    assert.equal(r.stderr, '');
  }
});
