/** Two bench runs' rows joined by metric; a target counts as met only when both runs met it. Pure. */
import type { Row } from './table.ts';

/** What `npm run bench -- --json FILE` writes (the parts read here). */
export interface BenchRun {
  started: string;
  loads: string[];
  rows: Row[];
}

export interface BothRow {
  metric: string;
  quiet: Row | null;
  loaded: Row | null;
  target: string;
  verdict: 'met in both' | 'missed' | 'met in one only' | 'met (one run)' | 'missed (one run)' | 'targets differ' | '';
}

export function bothRows(quiet: BenchRun, loaded: BenchRun): BothRow[] {
  const byMetric = new Map(loaded.rows.map((r) => [r.metric, r]));
  const out: BothRow[] = [];
  for (const q of quiet.rows) {
    const l = byMetric.get(q.metric) ?? null;
    byMetric.delete(q.metric);
    out.push(join(q.metric, q, l));
  }
  for (const [metric, l] of byMetric) out.push(join(metric, null, l));
  return out;
}

function join(metric: string, quiet: Row | null, loaded: Row | null): BothRow {
  const target = quiet?.target || loaded?.target || '';
  const verdicts = [quiet?.verdict ?? '', loaded?.verdict ?? ''].filter((v) => v !== '');
  const met = verdicts.filter((v) => v === 'met').length;
  let verdict: BothRow['verdict'] = verdicts.length === 0 ? '' : met === 2 ? 'met in both' : met === 1 ? 'met in one only' : 'missed';
  // A row only one run measured (a section the other skipped) is that run's verdict, said so.
  if (verdicts.length === 1) verdict = met === 1 ? 'met (one run)' : 'missed (one run)';
  // Runs of different trees may hold a row to different targets: their verdicts do not add up.
  if (quiet !== null && loaded !== null && quiet.target !== '' && loaded.target !== '' && quiet.target !== loaded.target) verdict = 'targets differ';
  return { metric, quiet, loaded, target, verdict };
}

export function bothMarkdown(rows: readonly BothRow[]): string {
  const cell = (r: Row | null, k: 'supervisord' | 'ours' | 'ratio') => (r === null ? '' : r[k] === '-' ? '' : r[k]);
  const lines = [
    '| metric | quiet: supervisord / ours | quiet ratio | loaded: supervisord / ours | loaded ratio | target | verdict |',
    '|---|---|---|---|---|---|---|',
  ];
  for (const r of rows) {
    const pair = (x: Row | null) => (x === null ? '' : [cell(x, 'supervisord'), cell(x, 'ours')].filter((s) => s !== '').join(' / '));
    lines.push(`| ${r.metric} | ${pair(r.quiet)} | ${cell(r.quiet, 'ratio')} | ${pair(r.loaded)} | ${cell(r.loaded, 'ratio')} | ${r.target} | ${r.verdict} |`);
  }
  return lines.join('\n');
}
