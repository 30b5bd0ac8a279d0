/**
 * Mouse reports in the raw input → mouse events, apart from the keys. Pure (one small buffer).
 *
 * With SGR reporting (?1006) a report is `ESC [ < button ; x ; y M` (press) or `… m` (release).
 * Ink's input parser hands each CSI sequence over whole, but a report cut by a read boundary can
 * arrive as a bare `ESC [ < 64 ; 1` (Ink flushes a pending escape after one tick) followed by
 * `0 ; 5 M` as plain text: the filter keeps such a prefix and joins it with what follows, so the
 * digits never become keys. A terminal without SGR sends the legacy `ESC [ M b x y` (three raw
 * bytes after the CSI): swallowed and decoded the same way.
 */
export type MouseButton = 'left' | 'middle' | 'right' | 'wheelUp' | 'wheelDown' | 'other';

export interface MouseEvent {
  button: MouseButton;
  /** press (or a wheel step), release, or motion with a button held. */
  action: 'press' | 'release' | 'drag';
  /** 1-based cell, as the terminal reports it. */
  x: number;
  y: number;
  shift: boolean;
  meta: boolean;
  ctrl: boolean;
}

export type InputPart = { kind: 'mouse'; event: MouseEvent } | { kind: 'keys'; raw: string };

const SGR = /\x1b\[<(\d+);(\d+);(\d+)([Mm])/y;
/** The start of an SGR report: the next read may complete it. */
const SGR_PREFIX = /^\x1b\[<[\d;]*/;
const LEGACY = '\x1b[M';

function buttonOf(code: number): MouseButton {
  if (code & 64) return (code & 3) === 0 ? 'wheelUp' : (code & 3) === 1 ? 'wheelDown' : 'other';
  if (code & 128) return 'other';
  return (['left', 'middle', 'right', 'other'] as const)[code & 3]!;
}

/** Decode one report's fields (the button code as sent, 1-based x and y). */
export function decodeMouse(code: number, x: number, y: number, release: boolean): MouseEvent {
  const button = buttonOf(code);
  const action = release ? 'release' : code & 32 ? 'drag' : 'press';
  return { button, action, x, y, shift: (code & 4) !== 0, meta: (code & 8) !== 0, ctrl: (code & 16) !== 0 };
}

export class MouseFilter {
  private pending = '';

  /** Split one input event into mouse reports and the key input around them, in order. */
  push(input: string): InputPart[] {
    let text = this.pending + input;
    this.pending = '';
    const out: InputPart[] = [];
    let keys = '';
    const flushKeys = () => {
      if (keys !== '') out.push({ kind: 'keys', raw: keys });
      keys = '';
    };
    let i = 0;
    while (i < text.length) {
      const esc = text.indexOf('\x1b', i);
      if (esc < 0) {
        keys += text.slice(i);
        break;
      }
      keys += text.slice(i, esc);
      SGR.lastIndex = esc;
      const m = SGR.exec(text);
      if (m) {
        flushKeys();
        out.push({ kind: 'mouse', event: decodeMouse(Number(m[1]), Number(m[2]), Number(m[3]), m[4] === 'm') });
        i = SGR.lastIndex;
        continue;
      }
      if (text.startsWith(LEGACY, esc)) {
        if (text.length < esc + 6) {
          // The three bytes have not all arrived.
          flushKeys();
          this.pending = text.slice(esc);
          return out;
        }
        flushKeys();
        const [b, x, y] = [0, 1, 2].map((k) => text.charCodeAt(esc + 3 + k) - 32) as [number, number, number];
        out.push({ kind: 'mouse', event: decodeMouse(b, x, y, (b & 3) === 3 && (b & 64) === 0) });
        i = esc + 6;
        continue;
      }
      if (text.startsWith('\x1b[<', esc)) {
        const prefix = SGR_PREFIX.exec(text.slice(esc))![0];
        flushKeys();
        // Cut by a read boundary: keep it for the next read.
        if (esc + prefix.length === text.length) {
          this.pending = prefix;
          return out;
        }
        // A broken report: dropped, never passed on as keys.
        i = esc + prefix.length;
        continue;
      }
      // Any other escape sequence: a key (Ink hands one per event).
      keys += text[esc];
      i = esc + 1;
    }
    flushKeys();
    return out;
  }

  /** Drop a kept prefix that never completed (e.g. on leaving the screen). */
  reset(): void {
    this.pending = '';
  }
}
