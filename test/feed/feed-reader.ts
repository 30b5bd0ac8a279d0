/** A test client of GET /supervisortui/feed over a unix socket: applies what it reads, can stop reading. */
import http from 'node:http';
import { applyChanges, decodeFeedLine, healthTable, type Table } from '../../src/live/apply.ts';
import type { FeedMessage, HelloMessage } from '../../src/live/feed-protocol.ts';
import { waitFor } from '../helpers/wait.ts';

export interface FeedReader {
  readonly messages: FeedMessage[];
  hello(): HelloMessage;
  table(): Table | null;
  /** The serial of the last snapshot or changes applied. */
  serial(): number;
  bytes(): number;
  pause(): void;
  resume(): void;
  close(): void;
  until(pred: (r: FeedReader) => boolean, timeoutMs?: number, message?: string): Promise<void>;
}

/** `resume`: the table and serial of an earlier reader, when `query` has its `since`. */
export function openFeed(socketPath: string, query = '', resume?: { table: Table; serial: number }): Promise<FeedReader> {
  return new Promise((resolve, reject) => {
    const messages: FeedMessage[] = [];
    let table: Table | null = resume?.table ?? null;
    let serial = resume?.serial ?? -1;
    let bytes = 0;
    let partial = '';
    let res: http.IncomingMessage | null = null;
    const req = http.get({ socketPath, path: `/supervisortui/feed${query}`, agent: false }, (r) => {
      res = r;
      if (r.statusCode !== 200) {
        reject(new Error(`feed answered ${r.statusCode}`));
        return;
      }
      r.setEncoding('utf8');
      r.on('data', (chunk: string) => {
        bytes += Buffer.byteLength(chunk);
        const parts = (partial + chunk).split('\n');
        partial = parts.pop() ?? '';
        for (const text of parts) {
          const m = decodeFeedLine(text);
          if (m === null) continue;
          messages.push(m);
          if (m.t === 'snapshot') {
            table = { infos: m.processes, state: m.state, health: healthTable(m.health) };
            serial = m.serial;
          } else if (m.t === 'changes') {
            if (table === null) throw new Error('changes before any snapshot');
            if (m.serial !== serial + 1) throw new Error(`serial ${m.serial} after ${serial}`);
            table = applyChanges(table, m).table;
            serial = m.serial;
          }
        }
      });
      const reader: FeedReader = {
        messages,
        hello: () => messages.find((m): m is HelloMessage => m.t === 'hello')!,
        table: () => table,
        serial: () => serial,
        bytes: () => bytes,
        pause: () => r.pause(),
        resume: () => r.resume(),
        close: () => req.destroy(),
        until: (pred, timeoutMs = 30_000, message = 'the feed') => waitFor(() => pred(reader), { timeoutMs, intervalMs: 20, message }).then(() => undefined),
      };
      resolve(reader);
    });
    req.on('error', (err) => {
      if (res === null) reject(err);
    });
  });
}
