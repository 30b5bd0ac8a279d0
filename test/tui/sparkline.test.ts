/** Sparklines, meter bars and the sample history as tables. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { HISTORY, meterBar, pushSample, sparkline } from '../../tui/sparkline.ts';

const LEVELS = '▁▂▃▄▅▆▇█';

describe('sparkline', () => {
  const cases: [string, number[], number, number | undefined, string][] = [
    ['empty', [], 10, undefined, ''],
    ['scaled to the largest', [0, 1, 2, 4, 8], 10, undefined, '▁▂▃▅█'],
    ['scaled to a given max', [0, 50, 100, 200], 10, 100, '▁▅██'],
    ['only the last width values', [8, 8, 8, 0, 8], 2, undefined, '▁█'],
    ['all zero sits at the bottom', [0, 0, 0], 5, undefined, '▁▁▁'],
    ['flat non-zero sits at the top', [3, 3], 5, undefined, '██'],
    ['ascii levels', [0, 4, 8], 5, undefined, '_+@'],
  ];
  for (const [what, values, width, max, want] of cases) {
    it(what, () => assert.equal(sparkline(values, width, what === 'ascii levels' ? '_.-=+*#@' : LEVELS, max), want));
  }
});

describe('meterBar', () => {
  const cases: [number, number, string][] = [
    [0, 4, '    '],
    [0.5, 4, '||  '],
    [1, 4, '||||'],
    [1.7, 4, '||||'],
    [-1, 4, '    '],
    [Number.NaN, 4, '    '],
  ];
  for (const [f, w, want] of cases) it(`${f} of ${w}`, () => assert.equal(meterBar(f, w, '|'), want));
});

describe('pushSample', () => {
  it(`keeps the last ${HISTORY} samples`, () => {
    let h = pushSample(undefined, 1, 10);
    assert.deepEqual(h, { cpu: [1], rss: [10] });
    for (let i = 2; i <= HISTORY + 5; i++) h = pushSample(h, i, i * 10);
    assert.equal(h.cpu.length, HISTORY);
    assert.equal(h.cpu[0], 6);
    assert.equal(h.rss.at(-1), (HISTORY + 5) * 10);
  });
});
