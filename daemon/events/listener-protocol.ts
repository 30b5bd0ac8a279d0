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

export class ListenerProtocol {
  private current: ListenerStateName = 'ACKNOWLEDGED';
  private buffer: Buffer = Buffer.alloc(0);
  private resultLen: number | null = null;
  private result: Buffer = Buffer.alloc(0);

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

  /** Bytes the listener wrote to stdout. */
  feed(data: Uint8Array): ProtocolEffect[] {
    const effects: ProtocolEffect[] = [];
    if (this.current === 'UNKNOWN') return effects; // a dead end: everything is ignored
    this.buffer = this.buffer.length === 0 ? Buffer.from(data) : Buffer.concat([this.buffer, data]);
    this.parse(effects);
    return effects;
  }

  private parse(effects: ProtocolEffect[]): void {
    while (this.current !== 'UNKNOWN') {
      switch (this.current) {
        case 'ACKNOWLEDGED':
          if (this.buffer.length < READY_TOKEN.length) return;
          if (this.buffer.subarray(0, READY_TOKEN.length).equals(READY_TOKEN)) {
            this.buffer = this.buffer.subarray(READY_TOKEN.length);
            this.transition('READY', effects);
          } else {
            this.toUnknown(effects);
            return;
          }
          break;
        case 'READY':
          // Any byte while no event is in flight is a protocol violation.
          if (this.buffer.length === 0) return;
          this.toUnknown(effects);
          return;
        case 'BUSY':
          if (!this.parseBusy(effects)) return;
          break;
      }
    }
  }

  /** Returns true when it made progress and parsing should go on. */
  private parseBusy(effects: ProtocolEffect[]): boolean {
    if (this.resultLen === null) {
      const nl = this.buffer.indexOf(0x0a);
      if (nl === -1) return false;
      const line = this.buffer.subarray(0, nl);
      this.buffer = this.buffer.subarray(nl + 1);
      const len = parsePythonInt(line.subarray(RESULT_PREFIX_LEN).toString('latin1'));
      if (len === null || len < 0) {
        effects.push({ kind: 'log', level: 'warn', message: `${this.name}: bad result line: '${decodeOutput(line)}'` });
        this.toUnknown(effects);
        effects.push({ kind: 'rejected' });
        return false;
      }
      this.resultLen = len;
      this.result = Buffer.alloc(0);
    }
    const needed = this.resultLen - this.result.length;
    if (needed > 0) {
      if (this.buffer.length === 0) return false;
      const take = this.buffer.subarray(0, needed);
      this.result = Buffer.concat([this.result, take]);
      this.buffer = this.buffer.subarray(take.length);
      if (this.result.length < this.resultLen) return false;
    }
    const body = this.result;
    this.resultLen = null;
    this.result = Buffer.alloc(0);
    // The default result handler: exactly `OK` accepts, anything else rejects.
    if (body.equals(OK)) {
      effects.push({ kind: 'log', level: 'debug', message: `${this.name}: event was processed` });
      this.transition('ACKNOWLEDGED', effects);
      effects.push({ kind: 'processed' });
    } else {
      effects.push({ kind: 'log', level: 'warn', message: `${this.name}: event was rejected` });
      this.transition('ACKNOWLEDGED', effects);
      effects.push({ kind: 'rejected' });
    }
    return true;
  }

  private toUnknown(effects: ProtocolEffect[]): void {
    this.buffer = Buffer.alloc(0);
    this.resultLen = null;
    this.result = Buffer.alloc(0);
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
