/** Turning /logtail bytes into terminal text: UTF-8 decoding as supervisorctl shows it, and line prefixes. */
import { pyBytesRepr } from '../py/python.ts';

/**
 * Decodes chunk by chunk; a character split across chunks is kept for the next one. Bytes that
 * are not UTF-8 print as `Undecodable: b'...'`, as supervisorctl prints such a chunk.
 */
export class ChunkDecoder {
  private decoder = new TextDecoder('utf-8', { fatal: true });

  decode(chunk: Uint8Array): string {
    try {
      return this.decoder.decode(chunk, { stream: true });
    } catch {
      this.decoder = new TextDecoder('utf-8', { fatal: true });
      return `Undecodable: ${pyBytesRepr(chunk)}`;
    }
  }
}

/** Prefixes every complete line with `prefix`; a partial line waits for its end (or flush). */
export class LinePrefixer {
  private partial = '';

  constructor(private readonly prefix: string) {}

  push(text: string): string {
    const data = this.partial + text;
    const cut = data.lastIndexOf('\n');
    if (cut < 0) {
      this.partial = data;
      return '';
    }
    this.partial = data.slice(cut + 1);
    return data
      .slice(0, cut + 1)
      .split(/(?<=\n)/)
      .map((line) => this.prefix + line)
      .join('');
  }

  flush(): string {
    const rest = this.partial;
    this.partial = '';
    return rest === '' ? '' : `${this.prefix}${rest}\n`;
  }
}
