/**
 * The alternate screen, entered once and left on every way out: normal quit, Ctrl-C, SIGTERM,
 * SIGHUP (the ssh connection dropped), SIGINT, an uncaught error, or process exit.
 */
// Autowrap off while the dashboard shows (?7l): a line a terminal measures wider than we do
// (emoji widths differ between terminals) is clipped at the edge instead of spilling onto the next.
const ENTER = '\x1b[?1049h\x1b[H\x1b[2J\x1b[?25l\x1b[?7l';
export const LEAVE = '\x1b[m\x1b[?7h\x1b[?25h\x1b[?1049l';
/**
 * Mouse reporting: button presses and the wheel (?1000) as SGR reports (?1006), whose
 * coordinates have no 223-column limit. Sent only when the mouse is wanted; turned off on every
 * way out, since a shell left with reporting on receives the reports as typed garbage.
 */
export const MOUSE_ON = '\x1b[?1000h\x1b[?1006h';
export const MOUSE_OFF = '\x1b[?1006l\x1b[?1000l';

export interface Writable {
  write(data: string): unknown;
}

export interface Session {
  /** Leave the alternate screen (idempotent). */
  leave(): void;
}

export function enterAlternateScreen(out: Writable, opts: { mouse?: boolean } = {}): Session {
  const mouse = opts.mouse === true;
  out.write(ENTER + (mouse ? MOUSE_ON : ''));
  let left = false;
  const leave = () => {
    if (left) return;
    left = true;
    try {
      out.write((mouse ? MOUSE_OFF : '') + LEAVE);
    } catch {
      // The terminal is gone (SIGHUP): nothing left to restore.
    }
  };
  process.once('exit', leave);
  return { leave };
}

export type StopReason = 'SIGTERM' | 'SIGHUP' | 'SIGINT' | 'error';

/** The exit status after a terminating signal: 128 + its number. */
export function signalStatus(reason: Exclude<StopReason, 'error'>): number {
  return 128 + (reason === 'SIGHUP' ? 1 : reason === 'SIGINT' ? 2 : 15);
}

/**
 * Route signals and uncaught errors to `stop` (which unmounts and cleans up). Returns the
 * function that removes the handlers.
 */
export function onTermination(stop: (reason: StopReason, err?: unknown) => void): () => void {
  const handlers: [string, (...a: unknown[]) => void][] = [
    ['SIGTERM', () => stop('SIGTERM')],
    ['SIGHUP', () => stop('SIGHUP')],
    ['SIGINT', () => stop('SIGINT')],
    ['uncaughtException', (err) => stop('error', err)],
    ['unhandledRejection', (err) => stop('error', err)],
  ];
  for (const [ev, h] of handlers) process.on(ev, h);
  return () => {
    for (const [ev, h] of handlers) process.off(ev, h);
  };
}
