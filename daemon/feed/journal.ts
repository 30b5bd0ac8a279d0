/**
 * The feed's recent past: the last changes messages, already encoded, so a client that
 * reconnects with its last serial gets exactly what it missed. Bounded by count and bytes;
 * anything older is answered with a fresh snapshot instead.
 */
export interface JournalLimits {
  readonly records: number;
  readonly bytes: number;
}

export const DEFAULT_JOURNAL: JournalLimits = { records: 4096, bytes: 4 * 1024 * 1024 };

export class Journal {
  private readonly lines: { serial: number; line: string }[] = [];
  private head = 0;
  private bytes = 0;
  /** The serial before the oldest held record: a client at this serial or later can resume. */
  private floor: number;

  constructor(
    start: number,
    private readonly limits: JournalLimits = DEFAULT_JOURNAL,
  ) {
    this.floor = start;
  }

  /** Append the record of `serial` (one more than the last). */
  push(serial: number, line: string): void {
    this.lines.push({ serial, line });
    this.bytes += line.length;
    while (this.lines.length - this.head > this.limits.records || (this.bytes > this.limits.bytes && this.lines.length - this.head > 1)) {
      const old = this.lines[this.head]!;
      this.head++;
      this.bytes -= old.line.length;
      this.floor = old.serial;
    }
    // Compact now and then instead of shifting on every eviction.
    if (this.head > 1024 && this.head * 2 > this.lines.length) {
      this.lines.splice(0, this.head);
      this.head = 0;
    }
  }

  /** The encoded records after `serial` up to `current`, or null when some of them are gone. */
  since(serial: number, current: number): string[] | null {
    if (serial > current || serial < this.floor) return null;
    const out: string[] = [];
    for (let i = this.head; i < this.lines.length; i++) {
      const r = this.lines[i]!;
      if (r.serial > serial) out.push(r.line);
    }
    return out;
  }
}
