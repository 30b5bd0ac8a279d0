/**
 * A fake terminal for rendering the dashboard in-process: a stdout of a chosen size that records
 * every byte and replays them into a VirtualScreen (so tests read the screen a user would see),
 * and a stdin that feeds raw key sequences to Ink.
 */
import './no-ci.ts';
import { EventEmitter } from 'node:events';
import { VirtualScreen } from '../../../tui/term/virtual-screen.ts';

export class StubTerminal extends EventEmitter {
  columns: number;
  rows: number;
  readonly isTTY = true;
  chunks: string[] = [];
  bytes = 0;
  screen: VirtualScreen;

  constructor(columns: number, rows: number) {
    super();
    this.columns = columns;
    this.rows = rows;
    this.screen = new VirtualScreen(columns, rows);
  }

  write = (data: string): boolean => {
    this.chunks.push(data);
    this.bytes += Buffer.byteLength(data);
    this.screen.write(data);
    return true;
  };

  resize(columns: number, rows: number): void {
    this.columns = columns;
    this.rows = rows;
    this.screen.resize(columns, rows);
    this.emit('resize');
  }

  text(): string {
    return this.screen.screenText();
  }

  line(r: number): string {
    return this.screen.text(r);
  }

  /** Bytes written since the last call. */
  takeBytes(): number {
    const n = this.bytes;
    this.bytes = 0;
    this.chunks = [];
    return n;
  }
}

export class StubStdin extends EventEmitter {
  readonly isTTY = true;
  private queue: string[] = [];
  write(data: string): void {
    this.queue.push(data);
    this.emit('readable');
  }
  read = (): string | null => this.queue.shift() ?? null;
  setEncoding(): void {}
  setRawMode(): void {}
  resume(): void {}
  pause(): void {}
  ref(): void {}
  unref(): void {}
}
