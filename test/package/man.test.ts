/** The man pages: listed in package.json, formatted by groff without a warning, and naming every option there is. */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { DASHBOARD_ONLY } from '../../src/cli/mode.ts';
import { usageOptionWords } from '../../src/completion/candidates.ts';
import { CHECK_USAGE } from '../../src/config/check-command.ts';
import { SUPERVISORD_OPTION_WORDS } from '../../src/config/overrides.ts';
import { GLOBAL_OPTION_WORDS } from '../../src/ctl/options.ts';
import { ROOT, runProcess } from '../helpers/cli.ts';
import { skipReason } from '../helpers/tools.ts';

const MAN = join(ROOT, 'man');
const pages = readdirSync(MAN).flatMap((section) => readdirSync(join(MAN, section)).map((f) => `man/${section}/${f}`)).sort();

test('package.json installs every page (man field)', () => {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { man: string[]; files: string[] };
  assert.deepEqual([...pkg.man].map((p) => p.replace(/^\.\//, '')).sort(), pages);
  assert.deepEqual(pages, ['man/man1/supervisor-tui.1', 'man/man5/supervisor-tui.conf.5']);
  assert.ok(pkg.files.includes('man'));
});

for (const page of pages) {
  test(`groff -man -ww: ${page} has no warning`, { skip: skipReason('groff', 'groff') }, async () => {
    const r = await runProcess('groff', ['-man', '-ww', '-z', join(ROOT, page)]);
    assert.equal(r.stderr, '');
    assert.equal(r.code, 0);
  });
}

test('supervisor-tui(1) names every option of every mode', () => {
  // In roff source a '-' in an option is written '\-'.
  const text = readFileSync(join(MAN, 'man1', 'supervisor-tui.1'), 'utf8').replace(/\\-/g, '-');
  const hidden = new Set(['--profile_options']); // accepted as supervisord does, does nothing
  const words = [...GLOBAL_OPTION_WORDS, ...SUPERVISORD_OPTION_WORDS].map((o) => o.word).concat([...DASHBOARD_ONLY], usageOptionWords(CHECK_USAGE));
  const missing = words.filter((w) => !hidden.has(w) && !new RegExp(`(^|[^-\\w])${w.replace(/[?]/g, '\\?')}(?![\\w-])`, 'm').test(text));
  assert.deepEqual(missing, []);
});
