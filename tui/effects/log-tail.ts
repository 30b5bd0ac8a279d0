/**
 * Follows one process log for the log pane. Bytes are read by offset (see log-cursor.ts), so each
 * is shown once and in order across stream drops, reconnects, reloads, rotation and clear. The
 * /logtail stream, where the server offers it, is only a wake-up: output shows as soon as it is
 * written, without polling. Without the stream (none offered, dropped, or buffered by a proxy)
 * the pane polls; it offers itself the stream again every few seconds and goes back to it.
 * Output is split into sanitized lines and handed over in batches, at most every BATCH_MS.
 */
import type { LogStream, SupervisorClient } from '../../src/client/types.ts';
import { ClientError } from '../../src/client/types.ts';
import type { LogChannel } from '../../src/protocol/index.ts';
import { RpcFault } from '../../src/protocol/faults.ts';
import { sanitizeLogLine } from '../format.ts';
import { fromLineStart, planRead, readVariants, type ReadPlan } from './log-cursor.ts';
import { errorText } from '../../src/error-text.ts';

const BATCH_MS = 40;
/** A stream that sends nothing this long although the log has content is buffered somewhere. */
const STREAM_CHECK_MS = 1500;
/** While streaming, look at the size now and then anyway (a missed wake-up costs at most this). */
const STREAM_SAFETY_MS = 10_000;
/** How soon a dropped stream is tried again; a server without one (404) or a buffered one, much later. */
const STREAM_RETRY_MS = 3000;
const STREAM_RETRY_UNSUPPORTED_MS = 30_000;
/** Longer lines are cut: the pane is for reading, the file keeps everything. */
const MAX_LINE = 4000;

export interface LogSink {
  append(lines: string[], partial: string): void;
  error(text: string): void;
}

/** Splits text into complete lines and the unfinished rest. Pure. */
export class LineSplitter {
  private rest = '';
  push(text: string): string[] {
    const all = this.rest + text;
    const parts = all.split('\n');
    this.rest = parts.pop() ?? '';
    if (this.rest.length > MAX_LINE) {
      parts.push(this.rest);
      this.rest = '';
    }
    return parts.map((l) => cap(sanitizeLogLine(l.endsWith('\r') ? l.slice(0, -1) : l)));
  }
  /** End the unfinished line (the file was truncated under it). */
  finish(): string[] {
    if (this.rest === '') return [];
    return this.push('\n');
  }
  get partial(): string {
    return cap(sanitizeLogLine(this.rest));
  }
}

/** At most MAX_LINE UTF-16 units, never half of a surrogate pair. */
function cap(line: string): string {
  if (line.length <= MAX_LINE) return line;
  const cut = line.slice(0, MAX_LINE);
  return /[\uD800-\uDBFF]$/.test(cut) ? cut.slice(0, -1) : cut;
}

function notice(text: string): string {
  return `--- ${text} ---`;
}

export class LogTail {
  private readonly client: SupervisorClient;
  private readonly namespec: string;
  private readonly channel: LogChannel;
  private readonly sink: LogSink;
  private readonly pollMs: number;
  private stream: LogStream | null = null;
  private streamTimer: NodeJS.Timeout | null = null;
  private pollTimer: NodeJS.Timeout | null = null;
  private flushTimer: NodeJS.Timeout | null = null;
  private watchdog: NodeJS.Timeout | null = null;
  private closed = false;
  private readonly splitter = new LineSplitter();
  private pending: string[] = [];
  private dirty = false;
  /** Bytes of the file shown so far; null before the first read. */
  private offset: number | null = null;
  private pulling = false;
  private again = false;
  private failing = false;
  /** Stream data arrived since it was opened. */
  private streamed = false;
  /** How the pane is fed: 'stream' (woken by /logtail) or 'poll'. Tests and the title read it. */
  mode: 'stream' | 'poll' = 'poll';

  constructor(client: SupervisorClient, namespec: string, channel: LogChannel, sink: LogSink, pollMs: number) {
    this.client = client;
    this.namespec = namespec;
    this.channel = channel;
    this.sink = sink;
    this.pollMs = pollMs;
  }

  start(): void {
    this.openStream();
    void this.pull();
  }

  close(): void {
    this.closed = true;
    for (const t of [this.watchdog, this.streamTimer, this.pollTimer, this.flushTimer]) if (t) clearTimeout(t);
    const s = this.stream;
    this.stream = null;
    s?.close();
  }

  /** Bytes shown so far (tests). */
  get position(): number {
    return this.offset ?? 0;
  }

  private openStream(): void {
    this.streamTimer = null;
    if (this.closed || this.stream !== null) return;
    this.streamed = false;
    try {
      const stream = this.client.tailStream(this.namespec, this.channel, {
        onData: () => {
          if (this.stream !== stream) return;
          if (!this.streamed) {
            this.streamed = true;
            this.mode = 'stream';
            this.schedulePoll();
          }
          void this.pull();
        },
        onEnd: (err) => {
          if (this.stream !== stream) return; // we closed it
          this.stream = null;
          this.mode = 'poll';
          this.schedulePoll();
          // A stream that ends is no sign of lost output: look once more, then again on the next wake-up.
          void this.pull();
          const unsupported = err instanceof ClientError && err.kind === 'http';
          this.retryStream(unsupported ? STREAM_RETRY_UNSUPPORTED_MS : STREAM_RETRY_MS);
        },
      });
      this.stream = stream;
      if (this.watchdog) clearTimeout(this.watchdog);
      this.watchdog = setTimeout(() => this.checkStream(stream), STREAM_CHECK_MS);
    } catch {
      this.retryStream(STREAM_RETRY_UNSUPPORTED_MS);
    }
  }

  private retryStream(ms: number): void {
    if (this.closed || this.streamTimer) return;
    this.streamTimer = setTimeout(() => this.openStream(), ms);
  }

  /** The stream sends the log's last bytes at once; silence while the log has content means it is buffered (some proxies): poll instead. */
  private checkStream(stream: LogStream): void {
    this.watchdog = null;
    if (this.closed || this.stream !== stream || this.streamed) return;
    if ((this.offset ?? 0) === 0) {
      this.watchdog = setTimeout(() => this.checkStream(stream), STREAM_CHECK_MS);
      return;
    }
    this.stream = null;
    stream.close();
    this.mode = 'poll';
    this.schedulePoll();
    this.retryStream(STREAM_RETRY_UNSUPPORTED_MS);
  }

  private schedulePoll(): void {
    if (this.pollTimer) clearTimeout(this.pollTimer);
    this.pollTimer = null;
    if (this.closed) return;
    const ms = this.mode === 'stream' ? STREAM_SAFETY_MS : this.pollMs;
    this.pollTimer = setTimeout(() => {
      this.pollTimer = null;
      void this.pull().finally(() => this.schedulePoll());
    }, ms);
  }

  /** Read everything new; overlapping wake-ups fold into one more round. */
  private async pull(): Promise<void> {
    if (this.closed) return;
    if (this.pulling) {
      this.again = true;
      return;
    }
    this.pulling = true;
    try {
      do {
        this.again = false;
        await this.readNew();
      } while (this.again && !this.closed);
      this.failing = false;
    } catch (err) {
      // Once per outage: the header already shows a lost connection.
      if (!this.closed && !this.failing) this.sink.error(`log ${this.namespec}: ${errorText(err)}`);
      this.failing = true;
    } finally {
      this.pulling = false;
      if (this.pollTimer === null && !this.closed) this.schedulePoll();
    }
  }

  private async readNew(): Promise<void> {
    for (;;) {
      const [, size] = await this.client.tailProcessLog(this.namespec, this.channel, 0, 0);
      if (this.closed) return;
      const plan = planRead(this.offset, size);
      if (plan === null) return;
      if (plan.reset) {
        const rest = this.splitter.finish();
        this.pending.push(...rest, notice('log truncated (cleared or rotated); reading it from the start'));
        this.offset = 0;
        this.dirty = true;
        this.scheduleFlush();
        if (plan.length === 0) return;
      }
      const { text, end } = await this.readRange(plan);
      if (this.closed) return;
      if (plan.skipped > 0) {
        this.pending.push(...this.splitter.finish(), notice(`${plan.skipped} bytes skipped`));
        this.dirty = true;
      }
      this.offset = end;
      this.feed(plan.toLineStart ? fromLineStart(text) : text);
      if (end >= size) return;
    }
  }

  /** Read a planned range, moving its ends off a cut UTF-8 sequence where needed. */
  private async readRange(plan: ReadPlan): Promise<{ text: string; end: number }> {
    let last: unknown = null;
    for (const v of readVariants(plan)) {
      let text: string;
      try {
        text = await this.client.readProcessLog(this.namespec, this.channel, v.from, v.length);
      } catch (err) {
        // Faults and HTTP errors may be the strict decoder; a lost connection is not.
        if (!(err instanceof RpcFault) && !(err instanceof ClientError && (err.kind === 'http' || err.kind === 'protocol'))) throw err;
        last = err;
        continue;
      }
      if (plan.cutEnd && text.endsWith('\uFFFD')) {
        last = new Error('cut character');
        continue;
      }
      return { text, end: v.from + v.length };
    }
    throw last ?? new Error('nothing to read');
  }

  private feed(text: string): void {
    if (text === '') return;
    this.pending.push(...this.splitter.push(text));
    this.dirty = true;
    this.scheduleFlush();
  }

  private scheduleFlush(): void {
    if (!this.flushTimer) this.flushTimer = setTimeout(() => this.flush(), BATCH_MS);
  }

  private flush(): void {
    this.flushTimer = null;
    if (this.closed || !this.dirty) return;
    const lines = this.pending;
    this.pending = [];
    this.dirty = false;
    this.sink.append(lines, this.splitter.partial);
  }
}
