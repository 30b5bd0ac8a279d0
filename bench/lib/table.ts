/** The results table: metric | supervisord | ours | ratio | target, from recorded samples. Pure formatting. */
import type { Samples } from './samples.ts';
import { fmtNum, fmtSummary, median } from './stats.ts';

export type Target =
  | { kind: 'ratioMax'; value: number } // ours/supervisord ≤ value (lower is better)
  | { kind: 'ratioMin'; value: number } // ours/supervisord ≥ value (higher is better)
  | { kind: 'oursMax'; value: number } // ours ≤ value, absolute
  | { kind: 'floorPlus'; value: number } // ours ≤ the floor contender's median + value
  | { kind: 'zero' }; // ours (and the floor) sum to 0

export interface RowSpec {
  metric: string;
  target?: Target;
  /** What the floor column means for this row, when it has one. */
  floor?: string;
}

export interface Row {
  metric: string;
  supervisord: string;
  ours: string;
  ratio: string;
  target: string;
  verdict: 'met' | 'MISSED' | '';
  note: string;
}

function targetText(t: Target | undefined, floorMedian: number): string {
  if (!t) return '';
  switch (t.kind) {
    case 'ratioMax':
      return `≤ ${t.value}×`;
    case 'ratioMin':
      return `≥ ${t.value}×`;
    case 'oursMax':
      return `≤ ${fmtNum(t.value)}`;
    case 'floorPlus':
      return `≤ ${fmtNum(floorMedian + t.value)} (floor + ${t.value})`;
    case 'zero':
      return '0';
  }
}

export function buildRows(specs: readonly RowSpec[], s: Samples): Row[] {
  const rows: Row[] = [];
  for (const spec of specs) {
    const sv = s.of(spec.metric, 'supervisord');
    const us = s.of(spec.metric, 'ours');
    const fl = s.of(spec.metric, 'floor');
    if (sv.length + us.length === 0) continue;
    const t = spec.target;
    const zeroRow = t?.kind === 'zero';
    const ratio = sv.length && us.length && !zeroRow ? median(us) / median(sv) : NaN;
    let met: boolean | undefined;
    if (t && us.length) {
      if (t.kind === 'ratioMax') met = ratio <= t.value;
      else if (t.kind === 'ratioMin') met = ratio >= t.value;
      else if (t.kind === 'oursMax') met = median(us) <= t.value;
      else if (t.kind === 'floorPlus') met = fl.length > 0 && median(us) <= median(fl) + t.value;
      else met = [...us, ...fl].reduce((a, b) => a + b, 0) === 0;
    }
    const total = (xs: number[]) => fmtNum(xs.reduce((a, b) => a + b, 0));
    rows.push({
      metric: spec.metric,
      supervisord: zeroRow ? (sv.length ? total(sv) : '-') : fmtSummary(sv),
      ours: zeroRow ? total(us) : fmtSummary(us),
      ratio: Number.isNaN(ratio) ? '-' : `${ratio.toFixed(2)}×`,
      target: targetText(t, median(fl)),
      verdict: met === undefined ? '' : met ? 'met' : 'MISSED',
      note: fl.length && spec.floor ? `${spec.floor}: ${zeroRow ? total(fl) : fmtSummary(fl)}` : '',
    });
  }
  return rows;
}

/** A GitHub-flavoured markdown table (pastes into the README as is). */
export function markdown(rows: readonly Row[]): string {
  const head = ['metric', 'supervisord 4.2.5', 'ours', 'ratio', 'target', '', 'note'];
  const body = rows.map((r) => [r.metric, r.supervisord, r.ours, r.ratio, r.target, r.verdict, r.note]);
  const esc = (c: string) => c.replace(/\|/g, '\\|');
  return [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...body.map((r) => `| ${r.map(esc).join(' | ')} |`)].join('\n');
}
