/**
 * Capture mode (compat §4.4): with `*_capture_maxbytes` > 0, output between
 * `<!--XSUPERVISOR:BEGIN-->` and `<!--XSUPERVISOR:END-->` becomes a PROCESS_COMMUNICATION
 * event instead of log-file text. Pure: it splits a byte stream into pieces and says what
 * each piece is. Unlike 4.2.5 it holds back only a real partial token at the end of a read
 * (and releases it at EOF), and keeps the LAST capture_maxbytes bytes of a capture.
 */

const BEGIN_TOKEN = Buffer.from('<!--XSUPERVISOR:BEGIN-->');
const END_TOKEN = Buffer.from('<!--XSUPERVISOR:END-->');

export type CapturePiece =
  /** Ordinary output: log file, main log, PROCESS_LOG event. */
  | { readonly kind: 'output'; readonly data: Buffer }
  /** Output inside a capture: PROCESS_LOG event and main log, but not the log file. */
  | { readonly kind: 'captured'; readonly data: Buffer }
  /** An END token closed a capture: emit PROCESS_COMMUNICATION with these bytes. */
  | { readonly kind: 'communication'; readonly data: Buffer };

export class CaptureSplitter {
  private capturing = false;
  private held: Buffer = Buffer.alloc(0);
  private captured: Buffer[] = [];
  private capturedLen = 0;

  constructor(private readonly maxbytes: number) {
    if (!(maxbytes > 0)) throw new Error('capture mode needs capture_maxbytes > 0');
  }

  get inCapture(): boolean {
    return this.capturing;
  }

  feed(chunk: Uint8Array): CapturePiece[] {
    const out: CapturePiece[] = [];
    let data = this.held.length === 0 ? Buffer.from(chunk) : Buffer.concat([this.held, chunk]);
    this.held = Buffer.alloc(0);
    for (;;) {
      const token = this.capturing ? END_TOKEN : BEGIN_TOKEN;
      const at = data.indexOf(token);
      if (at === -1) {
        const keep = partialTokenAtEnd(data, token);
        this.emit(data.subarray(0, data.length - keep), out);
        this.held = Buffer.from(data.subarray(data.length - keep));
        return out;
      }
      this.emit(data.subarray(0, at), out);
      data = data.subarray(at + token.length);
      this.toggle(out);
    }
  }

  /** EOF on the channel: held-back bytes are output after all. A capture without END is dropped, as it never completed. */
  end(): CapturePiece[] {
    const out: CapturePiece[] = [];
    this.emit(this.held, out);
    this.held = Buffer.alloc(0);
    this.capturing = false;
    this.captured = [];
    this.capturedLen = 0;
    return out;
  }

  /** clearProcessLogs empties the capture buffer too. */
  clear(): void {
    this.captured = [];
    this.capturedLen = 0;
  }

  private emit(data: Buffer, out: CapturePiece[]): void {
    if (data.length === 0) return;
    if (!this.capturing) {
      out.push({ kind: 'output', data: Buffer.from(data) });
      return;
    }
    const copy = Buffer.from(data);
    out.push({ kind: 'captured', data: copy });
    this.captured.push(copy);
    this.capturedLen += copy.length;
    this.trimCapture();
  }

  /** Keep only the last maxbytes bytes. */
  private trimCapture(): void {
    while (this.capturedLen > this.maxbytes) {
      const first = this.captured[0]!;
      const excess = this.capturedLen - this.maxbytes;
      if (first.length <= excess) {
        this.captured.shift();
        this.capturedLen -= first.length;
      } else {
        this.captured[0] = first.subarray(excess);
        this.capturedLen -= excess;
      }
    }
  }

  private toggle(out: CapturePiece[]): void {
    if (this.capturing) {
      out.push({ kind: 'communication', data: Buffer.concat(this.captured, this.capturedLen) });
      this.captured = [];
      this.capturedLen = 0;
    }
    this.capturing = !this.capturing;
  }
}

/** Length of the longest suffix of `data` that is a proper prefix of `token` (0 if none). */
export function partialTokenAtEnd(data: Buffer, token: Buffer): number {
  const max = Math.min(token.length - 1, data.length);
  for (let n = max; n > 0; n--) {
    if (data.subarray(data.length - n).equals(token.subarray(0, n))) return n;
  }
  return 0;
}
