/** pipeOutput: copy one child pipe into its ChannelLog, chunk by chunk, as Buffers, honouring back-pressure. */
import type { Readable } from 'node:stream';
import type { ChannelLog } from './channel-log.ts';
import { notePipeRead } from './read-pacer.ts';

/**
 * Handed each chunk (after strip_ansi) before it is logged: for PROCESS_LOG events, the debug main-log
 * line and capture mode. Return a Buffer to log that instead of the chunk (capture mode withholds the
 * captured text from the file); return nothing to log the chunk as is.
 */
export type ChunkHandler = (chunk: Buffer) => Buffer | void;

/**
 * Read `readable` (a child's stdout/stderr pipe) until EOF, appending every chunk to `log` (null = NONE:
 * the pipe is still drained). Data is handled per read chunk, not per line, as in Supervisor (§4.2).
 * When the log's file cannot keep up (a slow non-regular target), this pipe is paused until it drains:
 * only this child waits. Resolves once EOF was reached and everything read is written (a read error on
 * the pipe counts as EOF). Never rejects.
 */
export function pipeOutput(readable: Readable, log: ChannelLog | null, onChunk?: ChunkHandler): Promise<void> {
  return new Promise((resolve) => {
    let done = false;
    const finish = (): void => {
      if (done) return;
      done = true;
      readable.off('data', onData);
      log?.off('drain', onDrain);
      (log === null ? Promise.resolve() : log.flushed()).then(resolve, resolve);
    };
    const onDrain = (): void => {
      readable.resume();
    };
    const onData = (raw: Buffer): void => {
      notePipeRead(raw.length);
      if (log === null) {
        onChunk?.(raw);
        return;
      }
      const chunk = log.filter(raw);
      const toLog = onChunk?.(chunk) ?? chunk;
      if (!log.append(toLog)) readable.pause();
    };
    log?.on('drain', onDrain);
    readable.on('data', onData);
    readable.once('end', finish);
    readable.once('close', finish);
    readable.once('error', finish);
  });
}
