import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { AnsiStripper } from '../../daemon/logs/strip-ansi.ts';
import { runProcess } from '../helpers/cli.ts';

const SUPERVISOR_PKG = '/usr/lib/python3/dist-packages/supervisor/dispatchers.py';
const skip = existsSync(SUPERVISOR_PKG) ? false : 'supervisor 4.2.5 not installed (apt-get install -y supervisor)';

/** Deterministic pseudo-random inputs rich in ESC, '[' and terminator letters. */
function cases(n: number): Buffer[] {
  let seed = 42;
  const rnd = (k: number): number => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % k;
  };
  const alphabet = [0x1b, 0x5b, 0x6d, 0x48, 0x4b, 0x3b, 0x31, 0x61, 0x0a, 0x20, 0x7a, 0xc3, 0xa9];
  return Array.from({ length: n }, () => Buffer.from(Array.from({ length: rnd(40) }, () => alphabet[rnd(alphabet.length)]!)));
}

test("strip_ansi matches 4.2.5's stripEscapes byte for byte on each chunk", { skip }, async () => {
  const inputs = cases(600);
  const script = [
    'import sys, json',
    "sys.path.insert(0, '/usr/lib/python3/dist-packages')",
    'from supervisor.dispatchers import stripEscapes',
    'for line in sys.stdin:',
    '    print(stripEscapes(bytes.fromhex(line.strip())).hex())',
  ].join('\n');
  const r = await runProcess('python3', ['-c', script], { input: inputs.map((b) => b.toString('hex')).join('\n') + '\n' });
  assert.equal(r.code, 0, r.stderr);
  const expected = r.stdout.trim().split('\n');
  assert.equal(expected.length, inputs.length);
  inputs.forEach((input, i) => {
    // Each input as a whole stream (Supervisor keeps no state between chunks; ours holds a trailing lone
    // ESC back until the next chunk or the end of the stream).
    const s = new AnsiStripper();
    const ours = Buffer.concat([s.strip(input), s.end()]).toString('hex');
    assert.equal(ours, expected[i], `input ${input.toString('hex')}`);
  });
});
