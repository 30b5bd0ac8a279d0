/**
 * Follows one process log for the log pane: the /logtail HTTP stream where the server offers it,
 * else tail*Log polled by byte offset (as supervisorctl's tail -f does). Output is split into
 * sanitized lines and handed over in batches, at most every BATCH_MS.
 */
import { StringDecoder } from 'node:string_decoder';
import type { LogStream, SupervisorClient } from '../../src/client/types.ts';
import type { LogChannel } from '../../src/protocol/index.ts';
import { sanitizeLine } from '../format.ts';
import { errorText } from '../../src/error-text.ts';

const BATCH_MS = 40;
const STREAM_CHECK_MS = 700;
const FIRST_READ = 16 * 1024;
const POLL_READ = 64 * 1024;
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
    return parts.map((l) => sanitizeLine(l.endsWith('\r') ? l.slice(0, -1) : l).slice(0, MAX_LINE));
  }
  get partial(): string {
    return sanitizeLine(this.rest).slice(0, MAX_LINE);
  }
}

export class LogTail {
  private readonly client: SupervisorClient;
  private readonly namespec: string;
  private readonly channel: LogChannel;
  private readonly sink: LogSink;
  private readonly pollMs: number;
  private stream: LogStream | null = null;
  private timer: NodeJS.Timeout | null = null;
  private flushTimer: NodeJS.Timeout | null = null;
  private closed = false;
  private readonly decoder = new StringDecoder('utf8');
  private readonly splitter = new LineSplitter();
  private pending: string[] = [];
  private dirty = false;
  private offset = 0;
  private streamed = false;
  private failing = false;
  private watchdog: NodeJS.Timeout | null = null;
  /** How the pane is fed: 'stream' or 'poll' (tests and the title read it). */
  mode: 'stream' | 'poll' = 'stream';

  constructor(client: SupervisorClient, namespec: string, channel: LogChannel, sink: LogSink, pollMs: number) {
    this.client = client;
    this.namespec = namespec;
    this.channel = channel;
    this.sink = sink;
    this.pollMs = pollMs;
  }

  start(): void {
    this.watchdog = setTimeout(() => void this.checkStream(), STREAM_CHECK_MS);
    try {
      this.stream = this.client.tailStream(this.namespec, this.channel, {
        onData: (chunk) => {
          this.streamed = true;
          this.feed(this.decoder.write(chunk));
        },
        onEnd: () => {
          if (this.stream === null) return; // we closed it
          this.stream = null;
          if (!this.closed) this.startPolling();
        },
      });
    } catch {
      this.startPolling();
    }
  }

  /**
   * A stream that stays silent although the log has content is not working (some servers and
   * proxies buffer a streamed response to the end): poll instead.
   */
  private async checkStream(): Promise<void> {
    this.watchdog = null;
    if (this.closed || this.streamed || this.stream === null) return;
    let size = 0;
    try {
      [, size] = await this.client.tailProcessLog(this.namespec, this.channel, 0, 0);
    } catch {
      // The stream's own end or the poller reports a dead connection.
    }
    if (this.closed || this.streamed || this.stream === null) return;
    if (size === 0) {
      // Nothing written yet: look again later.
      this.watchdog = setTimeout(() => void this.checkStream(), STREAM_CHECK_MS);
      return;
    }
    const s = this.stream;
    this.stream = null;
    s.close();
    this.startPolling();
  }

  close(): void {
    this.closed = true;
    if (this.watchdog) clearTimeout(this.watchdog);
    this.stream?.close();
    this.stream = null;
    if (this.timer) clearTimeout(this.timer);
    if (this.flushTimer) clearTimeout(this.flushTimer);
  }

  private feed(text: string): void {
    if (text === '') return;
    this.pending.push(...this.splitter.push(text));
    this.dirty = true;
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

  /** The stream is unavailable (404, old server) or ended: poll by offset from now on. */
  private startPolling(): void {
    this.mode = 'poll';
    // After streamed output, only learn the end offset (length 0) so nothing is shown twice.
    void this.poll(true, !this.streamed);
  }

  private async poll(first: boolean, showTail = false): Promise<void> {
    if (this.closed) return;
    try {
      const length = first ? (showTail ? FIRST_READ : 0) : POLL_READ;
      const [data, offset] = await this.client.tailProcessLog(this.namespec, this.channel, first ? 0 : this.offset, length);
      if (this.closed) return;
      if (first || offset !== this.offset) this.feed(data);
      this.offset = offset;
      this.failing = false;
    } catch (err) {
      if (this.closed) return;
      // Once per outage: the header already shows a lost connection.
      if (!this.failing) this.sink.error(`log ${this.namespec}: ${errorText(err)}`);
      this.failing = true;
    }
    if (!this.closed) this.timer = setTimeout(() => void this.poll(false), this.pollMs);
  }
}
