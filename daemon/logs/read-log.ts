/**
 * Reading log files for the RPC layer (compat §5.4): readLog/read*Log ranges and tail*Log windows.
 * The window arithmetic is pure (readWindow, tailWindow); readLogRange and tailLogFile are async and read
 * only the bytes they return. Bytes are decoded as UTF-8 with U+FFFD for sequences cut by the range
 * (4.2.5 answers HTTP 500 there).
 */
import { constants } from 'node:buffer';
import { open } from 'node:fs/promises';
import { RpcFault } from '../../src/protocol/faults.ts';
import type { TailResult } from '../../src/protocol/types.ts';

export interface Window {
  start: number;
  count: number;
}

/** The byte range readFile reads from a file of `size` bytes; throws RpcFault BAD_ARGUMENTS like Supervisor. */
export function readWindow(size: number, offset: number, length: number): Window {
  if (offset < 0) {
    if (length !== 0) throw RpcFault.of('BAD_ARGUMENTS');
    const start = Math.max(0, size + offset);
    return { start, count: size - start };
  }
  if (length < 0) throw RpcFault.of('BAD_ARGUMENTS');
  const start = Math.min(offset, size);
  const end = length === 0 ? size : Math.min(size, offset + length);
  return { start, count: Math.max(0, end - start) };
}

/** tailFile's arithmetic: the bytes to return and the overflow flag (newOffset is always `size`). */
export function tailWindow(size: number, offset: number, length: number): Window & { overflow: boolean } {
  let overflow = false;
  if (size > offset + length) {
    overflow = true;
    offset = size - 1;
  }
  if (offset + length > size) {
    if (offset > size - 1) length = 0;
    offset = size - length;
  }
  offset = Math.max(0, offset);
  length = Math.max(0, length);
  const count = Math.max(0, Math.min(length, size - offset));
  return { start: offset, count, overflow };
}

async function readBytes(path: string, window: (size: number) => Window): Promise<{ data: Buffer; size: number }> {
  const fh = await open(path, 'r');
  try {
    const size = (await fh.stat()).size;
    const { start, count } = window(size);
    // A JavaScript string cannot hold more (4.2.5 would try and run out of memory): refuse, don't crash.
    if (count > constants.MAX_STRING_LENGTH) throw RpcFault.of('FAILED', `log range of ${count} bytes is too large`);
    const data = Buffer.alloc(count);
    let got = 0;
    while (got < count) {
      const { bytesRead } = await fh.read(data, got, count - got, start + got);
      if (bytesRead === 0) break; // the file shrank under us
      got += bytesRead;
    }
    return { data: data.subarray(0, got), size };
  } finally {
    await fh.close();
  }
}

/**
 * readLog / readProcessStdoutLog / readProcessStderrLog. `path` null (NONE) or missing → NO_FILE
 * (faultString `NO_FILE: <path>`, `None` for no file); bad offset/length → BAD_ARGUMENTS; other I/O
 * errors, or a range too large for one string (~512 MiB), → FAILED.
 */
export async function readLogRange(path: string | null, offset: number, length: number): Promise<string> {
  if (path === null) throw RpcFault.of('NO_FILE', 'None');
  let result: { data: Buffer };
  try {
    result = await readBytes(path, (size) => readWindow(size, offset, length));
  } catch (err) {
    if (err instanceof RpcFault) throw err;
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw RpcFault.of('NO_FILE', path);
    throw RpcFault.of('FAILED');
  }
  return result.data.toString('utf8');
}

/**
 * tailProcessStdoutLog / tailProcessStderrLog → [data, newOffset, overflow]. NONE or a missing file →
 * ['', 0, false]; another I/O error → ['', offset, false], as Supervisor.
 */
export async function tailLogFile(path: string | null, offset: number, length: number): Promise<TailResult> {
  if (path === null) return ['', 0, false];
  let overflow = false;
  try {
    const { data, size } = await readBytes(path, (size) => {
      const w = tailWindow(size, offset, length);
      overflow = w.overflow;
      return w;
    });
    return [data.toString('utf8'), size, overflow];
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return ['', 0, false];
    return ['', offset, false];
  }
}
