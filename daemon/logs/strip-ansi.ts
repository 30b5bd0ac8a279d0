/**
 * strip_ansi (compat §4.2) on Buffers: removes `ESC [` and everything up to and including the first of
 * `H f A B C D R s u J K h l p m`, as Supervisor's stripEscapes does. Unlike Supervisor (which strips each
 * read chunk on its own), the state carries across chunks, so an escape split between two reads is still removed.
 */

const ESC = 0x1b;
const BRACKET = 0x5b;
const TERMINATORS = new Uint8Array(256);
for (const c of 'HfABCDRsuJKhlpm') TERMINATORS[c.charCodeAt(0)] = 1;

const enum State {
  Text,
  /** Saw ESC as the last byte of the previous chunk. */
  Esc,
  /** Inside `ESC [` … waiting for a terminator. */
  Sequence,
}

export class AnsiStripper {
  private state = State.Text;

  /** The chunk without escape sequences; returns the same Buffer when there is nothing to remove. */
  strip(chunk: Buffer): Buffer {
    if (this.state === State.Text && chunk.indexOf(ESC) === -1) return chunk;
    const out = Buffer.allocUnsafe(chunk.length + 1);
    let n = 0;
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i]!;
      if (this.state === State.Sequence) {
        if (TERMINATORS[b] === 1) this.state = State.Text;
      } else if (this.state === State.Esc) {
        if (b === BRACKET) this.state = State.Sequence;
        else {
          // A lone ESC at the end of the last chunk was not an escape after all: keep it.
          out[n++] = ESC;
          this.state = State.Text;
          i--;
        }
      } else if (b === ESC) {
        if (i + 1 === chunk.length) this.state = State.Esc;
        else if (chunk[i + 1] === BRACKET) {
          this.state = State.Sequence;
          i++;
        } else out[n++] = b;
      } else out[n++] = b;
    }
    return out.subarray(0, n);
  }

  /** End of the stream (EOF of the child's pipe): a held-back lone ESC is output after all; state resets. */
  end(): Buffer {
    const held = this.state === State.Esc ? Buffer.from([ESC]) : Buffer.alloc(0);
    this.state = State.Text;
    return held;
  }
}
