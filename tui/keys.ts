/**
 * Raw terminal input → named keys. Ink's useInput reports F-keys and Insert as empty input, so the
 * dashboard reads the raw sequences (useStdin().internal_eventEmitter 'input') and names them here.
 */
export type Key =
  | { name: 'char'; ch: string }
  | { name: 'text'; text: string }
  | { name: 'ctrl'; ch: string }
  | {
      name:
        | 'up'
        | 'down'
        | 'left'
        | 'right'
        | 'pageup'
        | 'pagedown'
        | 'home'
        | 'end'
        | 'insert'
        | 'delete'
        | 'tab'
        | 'backtab'
        | 'enter'
        | 'escape'
        | 'backspace'
        | 'f1'
        | 'f2'
        | 'f3'
        | 'f4'
        | 'f5'
        | 'f6'
        | 'f7'
        | 'f8'
        | 'f9'
        | 'f10'
        | 'f11'
        | 'f12'
        | 'unknown';
    };

export type KeyName = Key['name'];

const SEQUENCES: Record<string, KeyName> = {
  '\x1b[A': 'up',
  '\x1bOA': 'up',
  '\x1b[B': 'down',
  '\x1bOB': 'down',
  '\x1b[C': 'right',
  '\x1bOC': 'right',
  '\x1b[D': 'left',
  '\x1bOD': 'left',
  '\x1b[H': 'home',
  '\x1bOH': 'home',
  '\x1b[1~': 'home',
  '\x1b[7~': 'home',
  '\x1b[F': 'end',
  '\x1bOF': 'end',
  '\x1b[4~': 'end',
  '\x1b[8~': 'end',
  '\x1b[2~': 'insert',
  '\x1b[3~': 'delete',
  '\x1b[5~': 'pageup',
  '\x1b[6~': 'pagedown',
  '\x1b[Z': 'backtab',
  '\x1bOP': 'f1',
  '\x1bOQ': 'f2',
  '\x1bOR': 'f3',
  '\x1bOS': 'f4',
  '\x1b[11~': 'f1',
  '\x1b[12~': 'f2',
  '\x1b[13~': 'f3',
  '\x1b[14~': 'f4',
  '\x1b[[A': 'f1',
  '\x1b[[B': 'f2',
  '\x1b[[C': 'f3',
  '\x1b[[D': 'f4',
  '\x1b[[E': 'f5',
  '\x1b[15~': 'f5',
  '\x1b[17~': 'f6',
  '\x1b[18~': 'f7',
  '\x1b[19~': 'f8',
  '\x1b[20~': 'f9',
  '\x1b[21~': 'f10',
  '\x1b[23~': 'f11',
  '\x1b[24~': 'f12',
};

/** Name one input event (a key, an escape sequence, or pasted text). */
export function parseKey(raw: string): Key {
  const seq = SEQUENCES[raw];
  if (seq) return { name: seq } as Key;
  // Modified arrows etc. (`ESC [ 1 ; 5 A`): name the base key.
  const mod = /^\x1b\[1;\d+([ABCDHF])$/.exec(raw);
  if (mod) return parseKey(`\x1b[${mod[1]}`);
  if (raw === '\r' || raw === '\n') return { name: 'enter' };
  if (raw === '\t') return { name: 'tab' };
  if (raw === '\x1b' || raw === '\x1b\x1b') return { name: 'escape' };
  if (raw === '\x7f' || raw === '\b') return { name: 'backspace' };
  if (raw.length === 1) {
    const c = raw.charCodeAt(0);
    if (c >= 1 && c <= 26) return { name: 'ctrl', ch: String.fromCharCode(c + 96) };
    if (c >= 0x20) return { name: 'char', ch: raw };
    return { name: 'unknown' };
  }
  if (raw.startsWith('\x1b')) return { name: 'unknown' };
  // A single astral character, or pasted text.
  if ([...raw].length === 1) return { name: 'char', ch: raw };
  return { name: 'text', text: raw };
}

/** The keys in one read: an escape sequence is one key; other text is one key per character, or one paste when typing into a prompt. */
export function splitInput(raw: string, typing: boolean): Key[] {
  if (raw.startsWith('\x1b') || [...raw].length <= 1) return [parseKey(raw)];
  if (typing && !/[\r\n\x00-\x1f\x7f]/.test(raw)) return [{ name: 'text', text: raw }];
  return [...raw].map(parseKey);
}
