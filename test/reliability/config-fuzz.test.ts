/**
 * The real corpus configs, damaged line- and byte-wise (seeded): the reader returns a Config or
 * a ConfigError naming the file, never another exception. Complements test/config/robustness.test.ts,
 * which inserts syntax characters into generated configs.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError, loadConfig } from '../../src/config/index.ts';
import { ROOT } from '../helpers/cli.ts';
import { jsonWorld, readWorldJson } from '../config/world-json.ts';
import { makeRng, type Rng } from '../fuzz/prng.ts';

const corpusDir = process.env['CORPUS_DIR'] ?? join(ROOT, '..', 'shared', 'corpus');
const skip = existsSync(join(corpusDir, 'configs')) ? false : `no corpus at ${corpusDir} (set CORPUS_DIR)`;

function damage(text: string, rng: Rng): string {
  const lines = text.split('\n');
  for (let k = 1 + rng.int(4); k > 0; k--) {
    const at = rng.int(lines.length);
    switch (rng.int(7)) {
      case 0: // duplicate a line (duplicate keys and sections)
        lines.splice(at, 0, lines[at] ?? '');
        break;
      case 1: // swap two lines (a key before any section, a value without its continuation)
        [lines[at], lines[0]] = [lines[0] ?? '', lines[at] ?? ''];
        break;
      case 2: // cut a line in the middle
        lines[at] = (lines[at] ?? '').slice(0, rng.int((lines[at] ?? '').length + 1));
        break;
      case 3: // indent it (a continuation line)
        lines[at] = `${rng.pick([' ', '\t'])}${lines[at] ?? ''}`;
        break;
      case 4: // control characters, NUL, invalid surrogates, a BOM
        lines[at] = `${lines[at] ?? ''}${rng.pick(['\u0000', '\u001b[31m', '\ud800', '\ufeff', '\r', '\u2028', '\u0085'])}`;
        break;
      case 5: // a huge value
        lines[at] = `${lines[at] ?? ''}${'%(ENV_X)s'.repeat(rng.int(2000))}`;
        break;
      default: // truncate the file
        lines.length = at;
    }
  }
  return lines.join('\n');
}

test('damaged corpus configs: a Config or a ConfigError, nothing else', { skip }, () => {
  const desc = readWorldJson(corpusDir);
  const configs = readdirSync(join(corpusDir, 'configs')).filter((f) => f.endsWith('.conf')).sort();
  let errors = 0;
  let parsed = 0;
  for (const [i, name] of configs.entries()) {
    const text = readFileSync(join(corpusDir, 'configs', name), 'utf8');
    for (let round = 0; round < 40; round++) {
      const seed = i * 1000 + round;
      const files = new Map([[desc.main_config_path, damage(text, makeRng(seed))]]);
      try {
        loadConfig(desc.main_config_path, { world: jsonWorld(desc, round % 2 === 0 ? 'strict' : 'permissive', files) });
        parsed++;
      } catch (err) {
        assert.ok(err instanceof ConfigError, `${name} seed ${seed}: ${err instanceof Error ? err.stack : String(err)}`);
        assert.ok(!err.message.includes('\n    at '), `${name} seed ${seed}: a stack trace in the message`);
        errors++;
      }
    }
  }
  assert.ok(parsed > 0 && errors > 0, `${parsed} parsed, ${errors} refused`);
});
