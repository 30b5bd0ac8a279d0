/**
 * A key's frame is drawn at once. Ink holds every frame to maxFps, and data frames (a fleet's
 * servers report all the time) keep that window open, so a key used to wait 33 ms behind them at
 * 30 fps, and up to ~66 ms as each new ask restarts the window. After a key, the frame waiting in
 * Ink is drawn on the next turn of the event loop, once React has committed the key's state. Keys
 * faster than `frameMs` apart draw `frameMs` after the last key frame, so a held key's frames stay
 * bounded (run.tsx: 60 a second).
 */

/** How long a key at `now` waits to draw its frame, given when the last key frame was drawn (pure). */
export function keyFrameDelay(now: number, lastDrawn: number, frameMs: number): number {
  return Math.max(0, lastDrawn + frameMs - now);
}

export class KeyFrames {
  private lastDrawn = -Infinity;
  private queued = false;
  /** Draws the frame Ink holds, if any (Ink's render().flushFrame, patched in by tui/ink-fix). */
  flush: () => void = () => {};

  constructor(
    private readonly frameMs: number,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** A key (or a click) was handled: its state is dispatched, its commit is queued. */
  keyHandled = (): void => {
    if (this.queued) return;
    this.queued = true;
    const draw = () => {
      this.queued = false;
      this.lastDrawn = this.now();
      this.flush();
    };
    const delay = keyFrameDelay(this.now(), this.lastDrawn, this.frameMs);
    // setImmediate: after the microtask in which React commits the key's state and asks Ink to render.
    if (delay === 0) setImmediate(draw);
    else setTimeout(draw, delay);
  };
}
