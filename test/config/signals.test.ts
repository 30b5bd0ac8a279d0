/** Signal names and numbers as Supervisor accepts them (compat §1.3). */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseSignal, signalName, signalNumber, signame } from '../../src/protocol/signals.ts';

describe('signals', () => {
  it('names in any case, with or without SIG, blanks around', () => {
    for (const v of ['TERM', 'term', 'SIGTERM', 'sigterm', ' TERM ', '15']) assert.deepEqual(parseSignal(v), { name: 'TERM', number: 15 });
  });

  it("Python's aliases and oddities are accepted", () => {
    assert.deepEqual(parseSignal('IOT'), { name: 'ABRT', number: 6 });
    assert.deepEqual(parseSignal('CLD'), { name: 'CHLD', number: 17 });
    assert.deepEqual(parseSignal('poll'), { name: 'POLL', number: 29 });
    assert.deepEqual(parseSignal('RTMIN'), { name: 'RTMIN', number: 34 });
    assert.equal(parseSignal('SIG_IGN').number, 1);
    assert.equal(parseSignal('0').number, 0);
  });

  it('errors', () => {
    assert.throws(() => parseSignal('FOO'), (e: Error) => e.message === "value 'FOO' is not a valid signal name");
    assert.throws(() => parseSignal('SIGRTMIN+1'), (e: Error) => e.message === "value 'SIGRTMIN+1' is not a valid signal name");
    assert.throws(() => parseSignal('99'), (e: Error) => e.message === "value '99' is not a valid signal number");
    assert.throws(() => parseSignal('35'), (e: Error) => e.message === "value '35' is not a valid signal number");
  });

  it('lookups', () => {
    assert.equal(signalNumber('kill'), 9);
    assert.equal(signalName(9), 'KILL');
    assert.equal(signalName(35), null);
    assert.equal(signame(15), 'SIGTERM');
    assert.equal(signame(40), 'signal 40');
  });
});
