/**
 * Integrity of a captured log against the writer's known output (`TAG 0000000042 xxx…\n` lines, numbered
 * from 0): counts lost, duplicated, reordered and torn lines. Shared by the tests and bench/logs.ts.
 */

export interface LineReport {
  lines: number;
  lost: number;
  duplicated: number;
  reordered: number;
  torn: number;
}

/** The exact line the writer produces for sequence number i. */
export function expectedLine(tag: string, i: number, len: number): string {
  const head = `${tag} ${String(i).padStart(10, '0')} `;
  return head + 'x'.repeat(Math.max(0, len - head.length - 1)) + '\n';
}

/** The writer's whole output for `count` lines. */
export function expectedOutput(tag: string, count: number, len: number): Buffer {
  const parts: string[] = [];
  for (let i = 0; i < count; i++) parts.push(expectedLine(tag, i, len));
  return Buffer.from(parts.join(''));
}

/** Check `data` (possibly several writers' lines interleaved line-wise) for the lines of `tag`. */
export function checkLines(data: Buffer, tag: string, count: number, len: number): LineReport {
  const seen = new Uint8Array(count);
  const report: LineReport = { lines: 0, lost: 0, duplicated: 0, reordered: 0, torn: 0 };
  const prefix = `${tag} `;
  let last = -1;
  let start = 0;
  const text = data.toString('latin1');
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    const l = text.slice(start, end + 1);
    start = end + 1;
    if (!l.startsWith(prefix)) {
      if (l.includes(prefix)) report.torn++;
      continue;
    }
    const i = Number(l.slice(prefix.length, prefix.length + 10));
    if (!Number.isInteger(i) || i < 0 || i >= count || l !== expectedLine(tag, i, len)) {
      report.torn++;
      continue;
    }
    report.lines++;
    if (seen[i]) report.duplicated++;
    seen[i] = 1;
    if (i < last) report.reordered++;
    last = i;
  }
  for (let i = 0; i < count; i++) if (!seen[i]) report.lost++;
  return report;
}
