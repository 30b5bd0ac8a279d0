/** Whatever the text, the reader returns a Config or throws ConfigError: never another exception. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError, loadConfig } from '../../src/config/index.ts';
import { generateConfig, rng } from './config-gen.ts';
import { memWorld } from './memory-world.ts';

const NOISE = ['%', '(', ')', '[', ']', '=', ':', ';', '#', '"', "'", '\n', '\r', '\t', ' ', ',', '\\', '~', '*', '\u00e9', '\u2028', '\ufeff', '%(', ')s', '0', '-'];

function mutate(text: string, seed: number): string {
  const r = rng(seed);
  const chars = [...text];
  const edits = 1 + Math.floor(r() * 12);
  for (let k = 0; k < edits; k++) {
    const at = Math.floor(r() * (chars.length + 1));
    if (r() < 0.3 && chars.length > 0) chars.splice(at, 1);
    else chars.splice(at, 0, NOISE[Math.floor(r() * NOISE.length)]!);
  }
  return chars.join('');
}

describe('config reader robustness', () => {
  it('mutated configs never crash the reader', () => {
    let parsed = 0;
    for (let seed = 1; seed <= 600; seed++) {
      const { files } = generateConfig(seed, '/etc');
      const world = memWorld(
        Object.fromEntries([...files].map(([rel, text]) => [`/etc/${rel}`, rel === 'main.conf' ? mutate(text, seed) : text])),
        { directories: ['/', '/etc', '/etc/inc', '/tmp'] },
      );
      try {
        loadConfig('/etc/main.conf', { world });
        parsed++;
      } catch (err) {
        assert.ok(err instanceof ConfigError, `seed ${seed}: ${String(err)}`);
      }
    }
    assert.ok(parsed > 0);
  });
});
