/**
 * Read pacing for child pipes: lets output pile up in the pipe so each read is large.
 *
 * Node delivers every pipe read to JavaScript separately; against a child that writes one short line per
 * write(), the loop wakes up for almost every line and spends its time on per-chunk costs (supervisord is
 * spared this only because its Python loop is slow). When a turn of the event loop read only partial
 * chunks (the pipes are momentarily empty, but data is flowing), we sleep ~0.1 ms once, at the end of that
 * turn, without burning CPU: the writers meanwhile fill the pipes, and the next reads are tens of KiB.
 * A full read (64 KiB: more is waiting) or an idle daemon never sleeps, and the pause is far below the
 * 64 KiB pipe's fill time at full speed, so writers are not slowed.
 */

/** A read this large means the pipe had more: no pause that turn. */
const FULL_READ = 64 * 1024;
/** Pause length in milliseconds (Atomics.wait takes fractional milliseconds). */
const PAUSE_MS = 0.1;

const sleeper = new Int32Array(new SharedArrayBuffer(4));
let scheduled = false;
let sawFullRead = false;

function endOfTurn(): void {
  scheduled = false;
  const full = sawFullRead;
  sawFullRead = false;
  if (!full) Atomics.wait(sleeper, 0, 0, PAUSE_MS);
}

/** Record one pipe read of `bytes`; schedules at most one pause per event-loop turn. */
export function notePipeRead(bytes: number): void {
  if (bytes >= FULL_READ) {
    sawFullRead = true;
    return; // no turn-end work for full reads: large writes pay nothing for pacing
  }
  if (scheduled) return;
  scheduled = true;
  setImmediate(endOfTurn);
}
