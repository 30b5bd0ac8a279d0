/** The header a listener reads before each event (compat §7.3), and the serial counters. */
import type { SupervisorEvent } from './payload.ts';

/**
 * Supervisor counts `len` in Unicode code points, not bytes (a quirk text-mode Python
 * listeners rely on: they read the payload with sys.stdin.read(len)).
 */
export function codePointLength(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    // A high surrogate followed by a low one is one code point.
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
    n++;
  }
  return n;
}

export interface EnvelopeFields {
  readonly server: string; // supervisord's identifier
  readonly serial: number;
  readonly pool: string;
  readonly poolserial: number;
}

export function envelopeText(f: EnvelopeFields, event: SupervisorEvent): string {
  return (
    `ver:3.0 server:${f.server} serial:${f.serial} pool:${f.pool} poolserial:${f.poolserial} ` +
    `eventname:${event.name} len:${codePointLength(event.payload)}\n${event.payload}`
  );
}

export function envelopeBytes(f: EnvelopeFields, event: SupervisorEvent): Buffer {
  return Buffer.from(envelopeText(f, event), 'utf8');
}

/**
 * A counter that starts at 0 and wraps to 0 after `max` (Supervisor wraps after the platform
 * max int; ours is the largest integer a JS number holds exactly).
 */
export class SerialCounter {
  private last = -1;
  constructor(private readonly max: number = Number.MAX_SAFE_INTEGER) {}

  next(): number {
    this.last = this.last >= this.max ? 0 : this.last + 1;
    return this.last;
  }
}
