/**
 * The Terminal over process.stdin/stdout. stdin is opened only when a line is first wanted, so
 * a one-shot command never holds it. Lines that arrive before they are asked for are queued
 * (piped scripts, typing during `tail -f`), as a terminal's line buffer would keep them.
 */
import { createInterface, type AsyncCompleter, type Interface } from 'node:readline';
import { Writable } from 'node:stream';
import type { Terminal } from './context.ts';

export interface TerminalOptions {
  completer?: AsyncCompleter;
  /** Most recent first, as node:readline keeps it. */
  history?: string[];
  historySize?: number;
}

export class StdioTerminal implements Terminal {
  readonly isTTY = Boolean(process.stdin.isTTY && process.stdout.isTTY);
  private rl: Interface | null = null;
  private readonly queue: string[] = [];
  private waiter: ((line: string | null) => void) | null = null;
  private ended = false;
  private muted = false;
  private readonly handlers: (() => void)[] = [];
  private readonly onSignal = (): void => this.interrupt();
  /** SIGINT is ours while a handler is registered or a read waits (a piped fg, say). */
  private listeners = 0;

  constructor(private readonly options: TerminalOptions = {}) {}

  /** node:readline's history (most recent first), for saving to history_file. */
  history(): string[] {
    return (this.rl as (Interface & { history?: string[] }) | null)?.history ?? this.options.history ?? [];
  }

  private open(): Interface {
    if (this.rl) return this.rl;
    // A muting proxy of stdout: readline echoes typed characters, which a password must not show.
    const stdout = process.stdout;
    const output = new Writable({
      write: (chunk: Buffer, _enc, done) => {
        if (!this.muted) stdout.write(chunk);
        done();
      },
    });
    Object.defineProperty(output, 'columns', { get: () => stdout.columns });
    Object.defineProperty(output, 'isTTY', { get: () => stdout.isTTY });
    const rl = createInterface({
      input: process.stdin,
      output,
      terminal: this.isTTY,
      ...(this.options.completer ? { completer: this.options.completer } : {}),
      history: [...(this.options.history ?? [])],
      historySize: this.options.historySize ?? 1000,
      removeHistoryDuplicates: false,
      tabSize: 8,
    });
    rl.on('line', (line) => this.deliver(line));
    rl.on('close', () => {
      // Ctrl-D on a terminal ends this read only (fg returns to the shell); a pipe stays ended.
      if (this.isTTY) this.rl = null;
      else this.ended = true;
      this.deliver(null);
    });
    rl.on('SIGINT', () => this.interrupt());
    this.rl = rl;
    return rl;
  }

  private deliver(line: string | null): void {
    const w = this.waiter;
    if (w) {
      this.waiter = null;
      w(line);
    } else if (line !== null) {
      this.queue.push(line);
    }
  }

  readLine(prompt: string, opts: { hidden?: boolean } = {}): Promise<string | null> {
    const rl = this.open();
    if (this.queue.length === 0 && this.ended) return Promise.resolve(null);
    if (this.isTTY) {
      rl.setPrompt(prompt);
      rl.prompt();
    } else {
      process.stdout.write(prompt);
    }
    const queued = this.queue.shift();
    if (queued !== undefined) return Promise.resolve(queued);
    this.muted = opts.hidden === true && this.isTTY;
    this.listen();
    return new Promise((resolve) => {
      this.waiter = (line) => {
        this.unlisten();
        if (this.muted) {
          this.muted = false;
          process.stdout.write('\n');
        }
        resolve(line);
      };
    });
  }

  onInterrupt(handler: () => void): () => void {
    this.handlers.push(handler);
    this.listen();
    return () => {
      const i = this.handlers.lastIndexOf(handler);
      if (i < 0) return;
      this.handlers.splice(i, 1);
      this.unlisten();
    };
  }

  private listen(): void {
    if (this.listeners++ === 0) process.on('SIGINT', this.onSignal);
  }

  private unlisten(): void {
    if (--this.listeners === 0) process.off('SIGINT', this.onSignal);
  }

  /**
   * Ctrl-C: a pending read ends (the prompt, fg's input), else the innermost handler runs
   * (tail -f, the shell around a command), else the process ends as an interrupted one.
   */
  private interrupt(): void {
    if (this.waiter) {
      this.deliver(null);
      return;
    }
    const handler = this.handlers[this.handlers.length - 1];
    if (handler) handler();
    else process.exit(130);
  }

  close(): void {
    this.rl?.close();
    this.rl = null;
  }
}
