/**
 * A key's frame is drawn at once. Ink holds every frame to maxFps, and data frames (a fleet's
 * servers report all the time) keep that window open, so a key used to wait up to one frame
 * (33 ms at 30 fps) behind them. After a key, the frame waiting in Ink is drawn on the next turn
 * of the event loop, once React has committed the key's state; at most one such frame per frame
 * interval, so a held key still draws at maxFps and costs what it did.
 */

/** Whether a key at `now` may draw its frame at once, given when the last key did (pure). */
export function keyMayDraw(now: number, lastDrawn: number, frameMs: number): boolean {
  return now - lastDrawn >= frameMs;
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
    if (this.queued || !keyMayDraw(this.now(), this.lastDrawn, this.frameMs)) return;
    this.queued = true;
    // setImmediate: after the microtask in which React commits the key's state and asks Ink to render.
    setImmediate(() => {
      this.queued = false;
      this.lastDrawn = this.now();
      this.flush();
    });
  };
}
