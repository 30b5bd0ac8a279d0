/**
 * Bytes reaching the terminal per refresh (tui.md "Wire cost"), counted on the real render path:
 * Ink in incremental mode → FrameOutput's cell diff → terminal. 40 visible rows at 120×40.
 */
import './helpers/no-ci.ts';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ProcessStates } from '../../src/protocol/index.ts';
import { initialState, reduce } from '../../tui/reducer.ts';
import type { ViewState } from '../../tui/state.ts';
import { fleet, snapshot } from './helpers/fixtures.ts';
import { FIXTURE_NOW_MS, renderScreen } from './helpers/render.tsx';

function stateWith(infos: ReturnType<typeof fleet>): ViewState {
  let s = initialState({ cols: 120, rows: 40, readonly: false, interval: 1 });
  s = reduce(s, { type: 'server', server: { label: 'host1', daemon: 'supervisord 4.2.5', state: 'RUNNING' } });
  s = reduce(s, { type: 'connection', conn: { status: 'up' } });
  return reduce(s, { type: 'snapshot', snapshot: snapshot(infos) });
}

test('wire cost at 120x40 with 40 ticking processes', async (t) => {
  // 4 groups of 10 = 40 processes + 4 group rows + cron: more rows than fit, the table is full.
  const infos = fleet(4, 10);
  let s = stateWith(infos);
  const r = await renderScreen(s, 120, 40);
  t.after(() => r.unmount());
  const full = r.term.takeBytes();
  t.diagnostic(`full frame: ${full} B`);
  assert.ok(full > 3000, `a full frame is several KB (${full} B)`);
  assert.match(r.term.line(0), /host1 · supervisord 4\.2\.5 RUNNING · 41 procs: 40 running 1 stopped/);

  await t.test('nothing changed: 0 bytes', async () => {
    s = reduce(s, { type: 'snapshot', snapshot: snapshot(infos) });
    await r.show(s);
    assert.equal(r.term.takeBytes(), 0);
  });

  await t.test('one state change: under 200 bytes and under 10% of a full frame', async (t) => {
    const changed = infos.map((p, i) => (i === 5 ? { ...p, state: ProcessStates.STOPPED, statename: 'STOPPED' as const, pid: 0, description: 'Nov 23 01:14 PM' } : p));
    s = reduce(s, { type: 'snapshot', snapshot: snapshot(changed) });
    await r.show(s);
    const bytes = r.term.takeBytes();
    t.diagnostic(`one state change: ${bytes} B`);
    assert.ok(bytes < 200, `one state change cost ${bytes} B`);
    assert.ok(bytes < full / 10, `one changed row cost ${bytes} B of a ${full} B frame`);
    assert.match(r.term.text(), /g0_05\s+STOPPED/);
    s = reduce(s, { type: 'snapshot', snapshot: snapshot(infos) });
    await r.show(s);
    r.term.takeBytes();
  });

  await t.test('every uptime ticks: under 1,000 bytes per refresh', async (t) => {
    // The data stays; the table clock moves (tui/clock/), as the dashboard's tick does.
    const costs: number[] = [];
    for (let i = 1; i <= 5; i++) {
      await r.tick(FIXTURE_NOW_MS + i * 1000);
      costs.push(r.term.takeBytes());
    }
    t.diagnostic(`ticking uptimes: ${costs.join(', ')} B per refresh`);
    for (const c of costs) assert.ok(c > 0 && c < 1000, `refresh costs ${costs.join(', ')} B`);
    assert.match(r.term.text(), /g0_00\s+RUNNING\s+2000\s+1:00:05/);
  });

  await t.test('the terminal shows exactly the frame Ink drew', async () => {
    // Ink is told of one row below the terminal's last (FrameOutput); it stays blank and off the wire.
    const drawn = r.output.screen.screenText().split('\n');
    assert.equal(drawn.length, 41);
    assert.equal(drawn[40], '');
    assert.equal(r.term.text(), drawn.slice(0, 40).join('\n'));
  });
});
