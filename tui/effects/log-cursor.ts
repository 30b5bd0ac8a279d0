/**
 * Where the log pane is in a log file, in bytes, and what to read next. Pure. The pane shows each
 * byte once: it reads byte ranges by offset (readProcess*Log), learns the file's size from
 * tailProcess*Log(0, 0), and takes a size below its offset as truncation or rotation (read again
 * from 0). The /logtail stream only says "something was written"; its bytes are never shown, so
 * a dropped, reopened or replayed stream cannot repeat or lose a line.
 */

/** What the pane shows of a log when it opens (cut back to the first whole line). */
export const FIRST_READ = 16 * 1024;
/** Largest single read. */
export const CHUNK = 256 * 1024;
/** More new output than this (the pane was away, or a burst) is skipped to the last FIRST_READ bytes, with a notice. */
export const MAX_BACKLOG = 1024 * 1024;

export interface ReadPlan {
  from: number;
  length: number;
  /** The file shrank under the offset: it was cleared, truncated or rotated. */
  reset: boolean;
  /** Bytes passed over (too much backlog), shown as a notice. */
  skipped: number;
  /** `from` may be inside a line (and a UTF-8 sequence): drop text up to the first newline. */
  toLineStart: boolean;
  /** The range ends before the file does: its end may cut a UTF-8 sequence. */
  cutEnd: boolean;
}

/** The next read for a pane at `offset` (null: nothing read yet) of a file now `size` bytes long; null when there is nothing new. */
export function planRead(offset: number | null, size: number): ReadPlan | null {
  const reset = offset !== null && size < offset;
  const at = offset === null || reset ? 0 : offset;
  if (size <= at) return reset ? { from: 0, length: 0, reset, skipped: 0, toLineStart: false, cutEnd: false } : null;
  const first = offset === null;
  const backlog = size - at;
  if (first ? backlog > FIRST_READ : backlog > MAX_BACKLOG) {
    const from = size - FIRST_READ;
    return { from, length: FIRST_READ, reset, skipped: first ? 0 : from - at, toLineStart: true, cutEnd: false };
  }
  const length = Math.min(backlog, CHUNK);
  return { from: at, length, reset, skipped: 0, toLineStart: false, cutEnd: length < backlog };
}

/** Text after the first newline (a read that started inside a line); all of it when there is no newline. */
export function fromLineStart(text: string): string {
  const nl = text.indexOf('\n');
  return nl < 0 ? text : text.slice(nl + 1);
}

/**
 * Ways to read [from, from+length) when a boundary may cut a UTF-8 sequence: supervisord answers
 * such a read with an error (it decodes strictly), ours with U+FFFD. Shifting the start by up to
 * 3 bytes (only where the text up to the first newline is dropped anyway) and pulling the end in
 * by up to 3 finds the whole-character range.
 */
export function readVariants(plan: ReadPlan): { from: number; length: number }[] {
  const out: { from: number; length: number }[] = [];
  const starts = plan.toLineStart ? 4 : 1;
  const ends = plan.cutEnd ? 4 : 1;
  for (let s = 0; s < starts; s++) for (let e = 0; e < ends; e++) if (plan.length - s - e > 0) out.push({ from: plan.from + s, length: plan.length - s - e });
  return out;
}
