/**
 * A real Python listener (supervisor.childutils) records what it receives during a scripted
 * scenario; the recording must equal the one made under the real supervisord 4.2.5
 * (fixtures/scenario.golden.json, pids masked). The real daemon's run keeps the golden honest.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../helpers/cli.ts';
import type { Target } from './drivers.ts';
import { normalize, pythonListenerSkip, realSupervisordSkip } from './harness.ts';
import { maybeWriteGolden, runScenario } from './scenario.ts';

const GOLDEN = join(ROOT, 'test/events/fixtures/scenario.golden.json');
const golden = JSON.parse(readFileSync(GOLDEN, 'utf8')) as { rec: string[]; failer: string[]; protocolLog: string[] };

/**
 * The main log's listener-protocol lines (state changes, sends, results, UNKNOWN), counted: the
 * three listeners interleave, so their order is not fixed. supervisord's `rebuffering event N`
 * debug line for every dispatch pass that found no READY listener is left out (not copied).
 */
function protocolLog(mainLog: string): string[] {
  const counts = new Map<string, number>();
  for (const line of mainLog.split('\n')) {
    const m = /\b((?:DEBG|WARN|ERRO) .*)$/.exec(line);
    if (!m || !/(-> |event \d+ sent|event was|overflowed|UNKNOWN state|bad result)/.test(m[1]!)) continue;
    counts.set(m[1]!, (counts.get(m[1]!) ?? 0) + 1);
  }
  return [...counts].map(([l, n]) => `${n}× ${l}`).sort();
}

async function check(kind: Target): Promise<void> {
  const r = await runScenario(kind);
  const rec = r.rec.map(normalize);
  const failer = r.failer.map(normalize);
  const log = protocolLog(r.mainLog);
  if (kind === 'real') maybeWriteGolden(GOLDEN, { rec, failer, protocolLog: log });
  assert.deepEqual(rec, golden.rec, 'rec listener recording');
  // FAIL twice: the same event (same serial and poolserial) three times, in the failer's pool only.
  assert.deepEqual(failer, golden.failer, 'failer listener recording');
  // Garbage instead of READY: UNKNOWN for the protocol, still RUNNING as a process.
  assert.equal(r.garbageState, 'RUNNING');
  assert.match(r.mainLog, /WARN garbage: has entered the UNKNOWN state and will no longer receive events, this usually indicates the process violated the eventlistener protocol\n/);
  assert.match(r.mainLog, /WARN failer: event was rejected\n/);
  assert.deepEqual(log, golden.protocolLog, 'protocol lines of the main log');
}

test('scenario under the real supervisord matches the golden recording', { skip: realSupervisordSkip() }, () => check('real'));

test('scenario on our engine in-process records the same events as the real supervisord', { skip: pythonListenerSkip() }, () => check('engine'));

test('scenario under our daemon records the same events as the real supervisord', { skip: pythonListenerSkip() }, () => check('ours'));
