/** pipeOutput: copy one child pipe into its ChannelLog, chunk by chunk, as Buffers, honouring back-pressure. */
import type { Readable } from 'node:stream';
import type { ChannelLog } from './channel-log.ts';
import { copyChunk } from './chunk-copy.ts';
import { attachPipeReader } from './output-pipe.ts';
import { notePipeRead } from './read-pacer.ts';

/**
 * Handed each chunk (after strip_ansi) before it is logged: for PROCESS_LOG events, the debug main-log
 * line and capture mode. The Buffer is the handler's own (it may keep it). Return a Buffer to log that
 * instead of the chunk (capture mode withholds the captured text from the file); return nothing to log
 * the chunk as is. Handing the handler its own Buffer costs a copy per read (~0.3-0.6 ms CPU per MB in the
 * daemon, mostly garbage collection): without a handler, or while `wanted()` (pipeOutput's 4th argument)
 * says false, pipes made by openOutputPipe() are logged without copying any byte in JavaScript.
 */
export type ChunkHandler = (chunk: Buffer) => Buffer | void;

/**
 * Read `readable` (a child's stdout/stderr pipe; best one from openOutputPipe()) until EOF, appending every
 * chunk to `log` (null = NONE: the pipe is still drained). Data is handled per read chunk, not per line,
 * as in Supervisor (§4.2). When the log's file cannot keep up (a slow non-regular target), this pipe is
 * paused until it drains: only this child waits. Resolves once EOF was reached and everything read is
 * written (a read error on the pipe counts as EOF). Never rejects.
 *
 * `wanted`, asked once per read, says whether onChunk needs this chunk (e.g. `() => eventsEnabled ||
 * capturing || debugLogging || listeners.size > 0`); when it returns false the chunk goes to the log
 * only, without the copy. Omitted: onChunk sees every chunk. `onRead` is told each read's size (byte counters).
 */
export function pipeOutput(readable: Readable, log: ChannelLog | null, onChunk?: ChunkHandler, wanted?: () => boolean, onRead?: (bytes: number) => void): Promise<void> {
  /**
   * One read; `transient` when it lives in the shared read buffer (valid only during this call);
   * `filtered` for bytes strip_ansi already saw (what it held back until EOF).
   */
  const consume = (raw: Buffer, transient: boolean, filtered = false): boolean => {
    let more = true;
    const handler = onChunk !== undefined && (wanted === undefined || wanted()) ? onChunk : undefined;
    if (log === null) handler?.(transient ? copyChunk(raw) : raw);
    else {
      let chunk = filtered ? raw : log.filter(raw);
      let owned = !transient || chunk !== raw;
      if (handler !== undefined) {
        if (!owned) chunk = copyChunk(chunk);
        owned = true;
        chunk = handler(chunk) ?? chunk;
      }
      more = owned ? log.append(chunk) : log.appendTransient(chunk);
    }
    notePipeRead(raw.length);
    onRead?.(raw.length);
    return more;
  };

  return new Promise((resolve) => {
    let done = false;
    const onDrain = (): void => {
      readable.resume();
    };
    const onData = (chunk: Buffer): void => {
      if (!consume(chunk, false)) readable.pause();
    };
    const finish = (): void => {
      if (done) return;
      done = true;
      readable.off('data', onData);
      log?.off('drain', onDrain);
      const held = log?.filterEnd();
      if (held !== undefined && held.length > 0) consume(held, false, true);
      (log === null ? Promise.resolve() : log.flushed()).then(resolve, resolve);
    };
    log?.on('drain', onDrain);
    if (!attachPipeReader(readable, (view) => consume(view, true))) readable.on('data', onData);
    readable.once('end', finish);
    readable.once('close', finish);
    readable.once('error', finish);
  });
}
