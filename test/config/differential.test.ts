/**
 * Differential test against the real Supervisor 4.2.5: random configs (config-gen.ts) read by
 * Supervisor's own code (fixtures/oracle.py) and by ours, on this machine; results must be
 * identical. DIFF_COUNT / DIFF_SEED change how many and which.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { after, describe, it } from 'node:test';
import { ConfigError, loadConfig, normalizeConfig, type NormalizedJson } from '../../src/config/index.ts';
import { makeTmpDir } from '../helpers/tmp.ts';
import { generateConfig } from './config-gen.ts';

const PYTHON = '/usr/bin/python3';
const SUPERVISOR_PKG = '/usr/lib/python3/dist-packages/supervisor/options.py';
const skip = existsSync(PYTHON) && existsSync(SUPERVISOR_PKG) ? false : 'real Supervisor not installed (apt-get install -y supervisor)';
const count = Number(process.env['DIFF_COUNT'] ?? 200);
const firstSeed = Number(process.env['DIFF_SEED'] ?? 1);

function ours(path: string): NormalizedJson {
  try {
    return normalizeConfig(loadConfig(path));
  } catch (err) {
    if (err instanceof ConfigError) return { error: err.message };
    throw err;
  }
}

/**
 * Where we deliberately differ from 4.2.5 (compat §10), the oracle's answer is rewritten to ours:
 * its [group:x] unknown-member error names the previous member's section instead of the group.
 */
function deliberate(expected: NormalizedJson, actual: NormalizedJson): NormalizedJson {
  const errorOf = (v: NormalizedJson): string | null =>
    v !== null && typeof v === 'object' && !Array.isArray(v) && typeof v['error'] === 'string' ? v['error'] : null;
  const want = errorOf(expected);
  const got = errorOf(actual);
  const tail = want && /^\[(?:program|fcgi-program):[^\]]*\] (names unknown program or fcgi-program .*|name .* is ambiguous .*)$/s.exec(want)?.[1];
  return tail && got && /^\[group:[^\]]*\] /.test(got) && got.endsWith(`] ${tail}`) ? actual : expected;
}

describe('config reader vs real Supervisor', { skip }, () => {
  const tmp = makeTmpDir('svt-diff-');
  after(() => tmp.cleanup());
  const cases: Array<{ seed: number; path: string }> = [];
  for (let seed = firstSeed; seed < firstSeed + count; seed++) {
    const dir = join(tmp.dir, String(seed));
    const { files } = generateConfig(seed, dir);
    for (const [rel, text] of files) {
      mkdirSync(dirname(join(dir, rel)), { recursive: true });
      writeFileSync(join(dir, rel), text);
    }
    cases.push({ seed, path: join(dir, 'main.conf') });
  }
  const run = skip
    ? { stdout: '' }
    : spawnSync(PYTHON, [join(import.meta.dirname, 'fixtures', 'oracle.py')], {
        input: cases.map((c) => c.path).join('\n') + '\n',
        encoding: 'utf8',
        cwd: tmp.dir,
        // Without a locale in the environment (as in CI) Python coerces it and adds LC_CTYPE to
        // os.environ, which would show up as an extra %(ENV_LC_CTYPE)s name.
        env: { ...process.env, PYTHONCOERCECLOCALE: '0' },
        maxBuffer: 1 << 30,
      });
  const expected = run.stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l) as NormalizedJson);

  it('the oracle answered every config', () => {
    assert.equal(expected.length, cases.length);
  });
  for (const [i, c] of cases.entries()) {
    it(`seed ${c.seed}`, () => {
      const cwd = process.cwd();
      process.chdir(tmp.dir);
      try {
        const actual = ours(c.path);
        assert.deepStrictEqual(actual, deliberate(expected[i]!, actual));
      } finally {
        process.chdir(cwd);
      }
    });
  }
});
