import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readLogRange, tailLogFile } from '../../daemon/logs/read-log.ts';
import { Faults, RpcFault } from '../../src/protocol/faults.ts';
import { makeTmpDir } from '../helpers/tmp.ts';

async function faultOf(p: Promise<unknown>): Promise<{ code: number; text: string }> {
  try {
    await p;
  } catch (err) {
    assert.ok(err instanceof RpcFault, String(err));
    return { code: err.faultCode, text: err.faultString };
  }
  assert.fail('expected a fault');
}

test('tailLogFile reproduces the observed rows on `err text\\n`', async (t) => {
  const { dir, cleanup } = makeTmpDir();
  t.after(cleanup);
  const f = join(dir, 'err.log');
  writeFileSync(f, 'err text\n');
  const rows: Array<[number, number, [string, number, boolean]]> = [
    [0, 100, ['err text\n', 9, false]],
    [0, 4, ['ext\n', 9, true]],
    [5, 4, ['ext\n', 9, false]],
    [9, 4, ['', 9, false]],
    [20, 4, ['', 9, false]],
    [-5, 4, ['ext\n', 9, true]],
    [0, 0, ['', 9, true]],
  ];
  for (const [offset, length, expected] of rows) assert.deepEqual(await tailLogFile(f, offset, length), expected, `${offset}, ${length}`);
  assert.deepEqual(await tailLogFile(join(dir, 'missing.log'), 0, 100), ['', 0, false]);
  assert.deepEqual(await tailLogFile(null, 0, 100), ['', 0, false]);
  // Another I/O error (a directory) answers with the offset given, as Supervisor's tailFile.
  assert.deepEqual(await tailLogFile(dir, 7, 100), ['', 7, false]);
});

test('readLogRange: ranges, faults and their strings', async (t) => {
  const { dir, cleanup } = makeTmpDir();
  t.after(cleanup);
  const f = join(dir, 'out.log');
  writeFileSync(f, 'hello world\n');
  assert.equal(await readLogRange(f, 0, 0), 'hello world\n');
  assert.equal(await readLogRange(f, 6, 0), 'world\n');
  assert.equal(await readLogRange(f, 6, 3), 'wor');
  assert.equal(await readLogRange(f, 100, 0), '');
  assert.equal(await readLogRange(f, 100, 5), '');
  assert.equal(await readLogRange(f, -6, 0), 'world\n');
  assert.equal(await readLogRange(f, -600, 0), 'hello world\n');
  assert.deepEqual(await faultOf(readLogRange(f, -6, 2)), { code: Faults.BAD_ARGUMENTS, text: 'BAD_ARGUMENTS' });
  assert.deepEqual(await faultOf(readLogRange(f, 0, -2)), { code: Faults.BAD_ARGUMENTS, text: 'BAD_ARGUMENTS' });
  const missing = join(dir, 'nope.log');
  assert.deepEqual(await faultOf(readLogRange(missing, 0, 0)), { code: Faults.NO_FILE, text: `NO_FILE: ${missing}` });
  // The file check comes before the argument check, as in Supervisor.
  assert.deepEqual(await faultOf(readLogRange(missing, -1, 1)), { code: Faults.NO_FILE, text: `NO_FILE: ${missing}` });
  assert.deepEqual(await faultOf(readLogRange(null, 0, 0)), { code: Faults.NO_FILE, text: 'NO_FILE: None' });
  assert.deepEqual(await faultOf(readLogRange(dir, 0, 0)), { code: Faults.FAILED, text: 'FAILED' });
});

test('a range that cuts a UTF-8 character returns valid text, not an error', async (t) => {
  const { dir, cleanup } = makeTmpDir();
  t.after(cleanup);
  const f = join(dir, 'utf.log');
  writeFileSync(f, 'café\n'); // é is 2 bytes: c a f 0xC3 0xA9 \n
  const tail2 = await readLogRange(f, -2, 0); // 4.2.5 answers HTTP 500 here
  assert.equal(tail2, '\uFFFD\n');
  assert.equal(await readLogRange(f, 0, 4), 'caf\uFFFD');
  assert.equal(await readLogRange(f, 0, 0), 'café\n');
  const [data, size, overflow] = await tailLogFile(f, 4, 2);
  assert.deepEqual([data, size, overflow], ['\uFFFD\n', 6, false]);
  for (const s of [tail2, data]) assert.equal(Buffer.from(s, 'utf8').toString('utf8'), s); // round-trips: well-formed
});
