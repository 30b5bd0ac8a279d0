/**
 * The stdout Ink writes to. It looks like a TTY of the real terminal's size, feeds Ink's output
 * into a virtual screen and passes on only the cells that changed (see diff-writer.ts), so the
 * wire carries nothing when nothing changed and a few bytes per changed value otherwise.
 */
import { EventEmitter } from 'node:events';
import { DiffWriter } from './diff-writer.ts';
import { VirtualScreen } from './virtual-screen.ts';

/** The parts of a terminal stream we use: the real process.stdout, or a stub in tests. */
export interface TerminalSink {
  write(data: string): unknown;
  columns?: number | undefined;
  rows?: number | undefined;
  on(event: 'resize', listener: () => void): unknown;
  off(event: 'resize', listener: () => void): unknown;
}

export class FrameOutput extends EventEmitter {
  readonly isTTY = true;
  readonly screen: VirtualScreen;
  private readonly differ = new DiffWriter();
  private readonly sink: TerminalSink;
  /** Bytes sent to the real terminal so far (the wire cost). */
  bytesWritten = 0;

  constructor(sink: TerminalSink) {
    super();
    this.sink = sink;
    this.screen = new VirtualScreen(this.columns, this.rows);
    sink.on('resize', this.onResize);
  }

  get columns(): number {
    return this.sink.columns || 80;
  }

  /**
   * One row more than the terminal has: Ink redraws the whole screen (not incrementally) once a
   * frame is as tall as the terminal, so it is told of a row below the last, which the layout
   * leaves blank and which never reaches the wire. The terminal's last row is drawn.
   */
  get rows(): number {
    return this.terminalRows + 1;
  }

  get terminalRows(): number {
    return this.sink.rows || 24;
  }

  /** Ink's writes: update the virtual screen, then send the difference. */
  write = (data: string | Uint8Array, encodingOrCb?: unknown, cb?: unknown): boolean => {
    this.screen.write(typeof data === 'string' ? data : Buffer.from(data).toString('utf8'));
    this.flush();
    const done = typeof encodingOrCb === 'function' ? encodingOrCb : cb;
    if (typeof done === 'function') (done as () => void)();
    return true;
  };

  /** Repaint everything on the next write (Ctrl-L). */
  redraw(): void {
    this.differ.invalidate();
    this.flush();
  }

  dispose(): void {
    this.sink.off('resize', this.onResize);
  }

  private flush(): void {
    const out = this.differ.diff(this.screen.lines, this.screen.cols, this.terminalRows, this.screen.takeDirty());
    if (out.length === 0) return;
    this.bytesWritten += Buffer.byteLength(out);
    this.sink.write(out);
  }

  private onResize = (): void => {
    // Ink moves its cursor relative to the frame it drew last; keep at least that many rows so
    // its arithmetic stays valid while the terminal shrinks. Only the top `terminalRows` reach the wire.
    this.screen.resize(this.columns, Math.max(this.screen.rows, this.rows));
    this.differ.invalidate();
    this.emit('resize');
  };
}
