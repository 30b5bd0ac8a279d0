/** The details view's part of the reducer, and the state history folded from every snapshot. Pure. */
import { makeNamespec } from '../../src/protocol/index.ts';
import type { Snapshot, TableRow } from '../model.ts';
import type { Action, ViewState } from '../state.ts';
import { recordTransitions, type StateHistory } from './history.ts';
import { detailsContent, findProcess } from './lines.ts';
import { emptyDetails } from './model.ts';
import { makeTheme } from '../theme.ts';

/** Counting lines needs no colour. */
const PLAIN = makeTheme({ color: false, ascii: false });

/** `before`: the snapshot already recorded (its unchanged processes are skipped). */
export function recordSnapshotTransitions(h: StateHistory, snap: Snapshot, before: Snapshot | null): StateHistory {
  return recordTransitions(h, [{ infos: snap.infos, key: (p) => makeNamespec(p.group, p.name), clockOffset: snap.clockOffset ?? 0, ...(before !== null ? { before: before.infos } : {}) }], snap.at);
}

type DetailsAction = Extract<Action, { type: 'openDetails' | 'detailsData' | 'detailsScroll' | 'closeDetails' }>;

export function reduceDetails(s: ViewState, a: DetailsAction, row: TableRow | undefined, bodyHeight: number): ViewState {
  switch (a.type) {
    case 'openDetails':
      if (row?.kind !== 'process') return s;
      return { ...s, mode: { kind: 'details', target: row.key, scroll: 0 }, details: emptyDetails(row.key) };
    case 'detailsData':
      if (s.mode.kind !== 'details' || s.mode.target !== a.data.target) return s;
      return { ...s, details: a.data };
    case 'detailsScroll': {
      if (s.mode.kind !== 'details') return s;
      const page = Math.max(1, bodyHeight - 1);
      const total = detailsContent(s, s.mode.target, s.cols - 1, PLAIN).length;
      const max = Math.max(0, total - page);
      const cur = Math.min(s.mode.scroll, max);
      const to = { up: cur - 1, down: cur + 1, pageUp: cur - page, pageDown: cur + page, top: 0, bottom: max }[a.to];
      return { ...s, mode: { ...s.mode, scroll: Math.max(0, Math.min(max, to)) } };
    }
    case 'closeDetails':
      return s.mode.kind === 'details' ? { ...s, mode: { kind: 'normal' }, details: null } : s;
  }
}

/** The details view's process's pid now, from the table's data (0: not running or unknown). */
export function detailsPid(s: Pick<ViewState, 'fleet' | 'snapshot'>, target: string): number {
  return findProcess(s, target).info?.pid ?? 0;
}
