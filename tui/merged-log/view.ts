/** The merged log's part of the view state: which processes a pane follows, and scrolling under the line filter. Pure. */
import type { TableRow } from '../model.ts';
import type { ViewState } from '../state.ts';
import { lineFilter } from './model.ts';

/** The log target for M: the marks (names joined by blanks; they hold none), else the group row's members, else the process row. */
export function mergedTarget(marks: ReadonlySet<string>, row: TableRow | undefined): string | null {
  const names = marks.size > 0 ? [...marks] : row?.kind === 'group' ? [...row.members] : row?.kind === 'process' ? [row.namespec] : [];
  return names.length === 0 ? null : names.join(' ');
}

/** Absolute indexes of the buffered lines the filter keeps (the unfinished last line counts as one). */
export function keptLines(s: Pick<ViewState, 'log' | 'logLines'>): number[] {
  const keep = lineFilter(s.log.filter);
  const { lines, dropped, partial } = s.logLines;
  const out: number[] = [];
  for (let i = 0; i < lines.length; i++) if (keep === null || keep(lines[i]!)) out.push(dropped + i);
  if (partial !== '' && (keep === null || keep(partial))) out.push(dropped + lines.length);
  return out;
}

/** Scrolling while a filter hides lines: steps count shown lines, the anchor stays on a shown one. */
export function scrollFiltered<S extends Pick<ViewState, 'log' | 'logLines'>>(s: S, to: 'up' | 'down' | 'pageUp' | 'pageDown' | 'top' | 'bottom', page: number): S {
  const kept = keptLines(s);
  const last = kept.length - 1;
  let cur = last;
  if (!s.log.follow) {
    cur = -1;
    for (let i = 0; i < kept.length && kept[i]! <= s.log.anchor; i++) cur = i;
  }
  const first = Math.min(last, page - 1);
  const steps = { up: cur - 1, down: cur + 1, pageUp: cur - page, pageDown: cur + page, top: first, bottom: last };
  const next = steps[to];
  if (next >= last) return { ...s, log: { ...s.log, follow: true, anchor: 0 } };
  return { ...s, log: { ...s.log, follow: false, anchor: kept[Math.max(first, next, 0)] ?? 0 } };
}
