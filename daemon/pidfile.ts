/** The pidfile (compat §9.2 step 11): `<pid>\n`, removed at exit only if we wrote it. */
import { unlinkSync, writeFileSync } from 'node:fs';

export class Pidfile {
  private written = false;
  constructor(readonly path: string) {}

  /** Returns null on success, else the CRIT line to log (the daemon carries on, as supervisord). */
  write(pid: number = process.pid): string | null {
    try {
      writeFileSync(this.path, `${pid}\n`);
      this.written = true;
      return null;
    } catch {
      return `could not write pidfile ${this.path}`;
    }
  }

  remove(): void {
    if (!this.written) return;
    this.written = false;
    try {
      unlinkSync(this.path);
    } catch {
      // already gone
    }
  }
}
