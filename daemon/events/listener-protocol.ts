/**
 * One event listener's side of the protocol (compat §7.4), as a pure parser of the bytes the
 * listener writes to its stdout. It decides state transitions and results; the pool decides
 * what to do with the event in flight.
 */

import { decodeOutput } from './payload.ts';

/** Supervisor's listener states (codes READY 10, BUSY 20, ACKNOWLEDGED 30, UNKNOWN 40 in its debug log). */
export type ListenerStateName = 'READY' | 'BUSY' | 'ACKNOWLEDGED' | 'UNKNOWN';

const READY_TOKEN = Buffer.from('READY\n');
/** `RESULT ` — its length is skipped, the text itself is not checked (as in Supervisor). */
const RESULT_PREFIX_LEN = 7;
const OK = Buffer.from('OK');

export type LogLevel = 'debug' | 'warn';

export type ProtocolEffect =
  | { readonly kind: 'log'; readonly level: LogLevel; readonly message: string }
  /** The event in flight was answered OK. */
  | { readonly kind: 'processed' }
  /** The event in flight was not accepted (rejected or bad result line): it must be sent again. */
  | { readonly kind: 'rejected' };

/**
 * The longest result line (`RESULT <len>`) waited for: a listener writing more without a newline
 * violates the protocol (4.2.5 buffers it without bound). The cap keeps the parser's work and
 * memory per read bounded however much a listener writes.
 */
export const RESULT_LINE_MAX = 1024;

const EMPTY = Buffer.alloc(0);

export class ListenerProtocol {
  private current: ListenerStateName = 'ACKNOWLEDGED';
  /** The start of a READY token or result line not complete yet (at most RESULT_LINE_MAX bytes). */
  private pending: Buffer = EMPTY;
  /** Body bytes still to come of the result being read; null while its result line is read. */
  private resultLeft: number | null = null;
  /** The first bytes of the body: enough to tell `OK` from anything else. The rest is only counted. */
  private resultHead: Buffer = EMPTY;

  /** `name` is the listener's process name, as it appears in the log lines. */
  constructor(private readonly name: string) {}

  get state(): ListenerStateName {
    return this.current;
  }

  /** The pool wrote an event to the listener. Only legal in READY. Not logged: supervisord logs `event N sent to listener` instead. */
  sent(): void {
    if (this.current !== 'READY') throw new Error(`${this.name}: event sent in state ${this.current}`);
    this.current = 'BUSY';
  }

  /**
   * Bytes the listener wrote to stdout. Each byte is looked at once and none is kept beyond a
   * pending token or result line (a result body is counted, not stored): work and memory per
   * call are bounded by the chunk, whatever the listener floods.
   */
  feed(data: Uint8Array): ProtocolEffect[] {
    const effects: ProtocolEffect[] = [];
    const buf = Buffer.isBuffer(data) ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    let at = 0;
    for (;;) {
      switch (this.current) {
        case 'UNKNOWN':
          return effects; // a dead end: everything is ignored
        case 'ACKNOWLEDGED': {
          const take = buf.subarray(at, at + READY_TOKEN.length - this.pending.length);
          at += take.length;
          this.pending = this.pending.length === 0 ? Buffer.from(take) : Buffer.concat([this.pending, take]);
          if (this.pending.length < READY_TOKEN.length) return effects;
          if (this.pending.equals(READY_TOKEN)) {
            this.pending = EMPTY;
            this.transition('READY', effects);
          } else {
            this.toUnknown(effects);
          }
          break;
        }
        case 'READY':
          // Any byte while no event is in flight is a protocol violation.
          if (at >= buf.length) return effects;
          this.toUnknown(effects);
          break;
        case 'BUSY': {
          const next = this.parseBusy(buf, at, effects);
          if (next === null) return effects;
          at = next;
          break;
        }
      }
    }
  }

  /** Parse from `at`; returns where to go on, or null when the chunk is used up (or the listener went UNKNOWN). */
  private parseBusy(buf: Buffer, at: number, effects: ProtocolEffect[]): number | null {
    if (this.resultLeft === null) {
      const nl = buf.indexOf(0x0a, at);
      const end = nl === -1 ? buf.length : nl;
      if (this.pending.length + (end - at) > RESULT_LINE_MAX) {
        const head = Buffer.concat([this.pending, buf.subarray(at, at + RESULT_LINE_MAX)]).subarray(0, 80);
        this.badLine(`${decodeOutput(head)}... (longer than ${RESULT_LINE_MAX} bytes)`, effects);
        return null;
      }
      if (nl === -1) {
        this.pending = Buffer.concat([this.pending, buf.subarray(at)]);
        return null;
      }
      const line = Buffer.concat([this.pending, buf.subarray(at, nl)]);
      this.pending = EMPTY;
      at = nl + 1;
      const len = parsePythonInt(line.subarray(RESULT_PREFIX_LEN).toString('latin1'));
      if (len === null || len < 0) {
        this.badLine(decodeOutput(line), effects);
        return null;
      }
      this.resultLeft = len;
      this.resultHead = EMPTY;
    }
    const take = Math.min(this.resultLeft, buf.length - at);
    if (this.resultHead.length <= OK.length && take > 0) {
      this.resultHead = Buffer.concat([this.resultHead, buf.subarray(at, at + Math.min(take, OK.length + 1 - this.resultHead.length))]);
    }
    at += take;
    this.resultLeft -= take;
    if (this.resultLeft > 0) return null;
    const accepted = this.resultHead.equals(OK);
    this.resultLeft = null;
    this.resultHead = EMPTY;
    // The default result handler: exactly `OK` accepts, anything else rejects.
    if (accepted) {
      effects.push({ kind: 'log', level: 'debug', message: `${this.name}: event was processed` });
      this.transition('ACKNOWLEDGED', effects);
      effects.push({ kind: 'processed' });
    } else {
      effects.push({ kind: 'log', level: 'warn', message: `${this.name}: event was rejected` });
      this.transition('ACKNOWLEDGED', effects);
      effects.push({ kind: 'rejected' });
    }
    return at;
  }

  private badLine(shown: string, effects: ProtocolEffect[]): void {
    effects.push({ kind: 'log', level: 'warn', message: `${this.name}: bad result line: '${shown}'` });
    this.toUnknown(effects);
    effects.push({ kind: 'rejected' });
  }

  private toUnknown(effects: ProtocolEffect[]): void {
    this.pending = EMPTY;
    this.resultLeft = null;
    this.resultHead = EMPTY;
    this.transition('UNKNOWN', effects);
  }

  private transition(to: ListenerStateName, effects: ProtocolEffect[]): void {
    effects.push({ kind: 'log', level: 'debug', message: `${this.name}: ${this.current} -> ${to}` });
    this.current = to;
    if (to === 'UNKNOWN') {
      effects.push({
        kind: 'log',
        level: 'warn',
        message:
          `${this.name}: has entered the UNKNOWN state and will no longer receive events, ` +
          'this usually indicates the process violated the eventlistener protocol',
      });
    }
  }
}

/** Python's int() on the text after `RESULT `: surrounding whitespace, optional sign, digits and single underscores. */
function parsePythonInt(s: string): number | null {
  const m = /^[ \t\n\r\f\v]*([+-]?)(\d(?:_?\d)*)[ \t\n\r\f\v]*$/.exec(s);
  if (!m) return null;
  const n = Number((m[2] ?? '').replaceAll('_', ''));
  return m[1] === '-' ? -n : n;
}
