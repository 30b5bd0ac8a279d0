/**
 * XML-RPC codec benchmark: our codec vs the `xmlrpc` 1.3.2 package on a realistic 500-process
 * getAllProcessInfo response (the dashboard polls this every second), plus the control-character
 * case that decides correctness. Run: node --import tsx bench/codec.ts
 */
import { createRequire } from 'node:module';
import { Readable } from 'node:stream';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import type { ProcessInfo } from '../src/protocol/types.ts';
import { decodeResponse } from '../src/xmlrpc/decode.ts';
import { encodeResponse } from '../src/xmlrpc/encode.ts';
import type { XmlRpcValue } from '../src/xmlrpc/types.ts';

interface XmlrpcSerializer {
  serializeMethodResponse(value: unknown): string;
}
type XmlrpcDeserializer = new () => {
  deserializeMethodResponse(stream: Readable, cb: (err: Error | null, value?: unknown) => void): void;
};
const require = createRequire(import.meta.url);
const xmlrpcSerializer = require('xmlrpc/lib/serializer.js') as XmlrpcSerializer;
const XmlrpcDeserializer = require('xmlrpc/lib/deserializer.js') as XmlrpcDeserializer;

/** What supervisord answers for 500 processes in 50 groups (states, paths and descriptions vary). */
export function processInfos(count: number): ProcessInfo[] {
  const now = 1795464430;
  const out: ProcessInfo[] = [];
  for (let i = 0; i < count; i++) {
    const group = `worker_group_${String(Math.floor(i / 10)).padStart(2, '0')}`;
    const name = `${group}_proc_${String(i % 10).padStart(2, '0')}`;
    const running = i % 7 !== 0;
    const log = `/var/log/supervisor/${name}-stdout---supervisor-${(i * 2654435761 >>> 0).toString(36)}.log`;
    out.push({
      name,
      group,
      start: running ? now - i * 37 : 0,
      stop: running ? 0 : now - 3600,
      now,
      state: running ? 20 : 100,
      statename: running ? 'RUNNING' : 'EXITED',
      spawnerr: running ? '' : 'Bad exit code 7',
      exitstatus: running ? 0 : 7,
      logfile: log,
      stdout_logfile: log,
      stderr_logfile: log.replace('stdout', 'stderr'),
      pid: running ? 10000 + i : 0,
      description: running ? `pid ${10000 + i}, uptime ${Math.floor((i * 37) / 3600)}:${String(Math.floor((i * 37) / 60) % 60).padStart(2, '0')}:${String((i * 37) % 60).padStart(2, '0')}` : 'Nov 23 08:11 PM',
    });
  }
  return out;
}

function xmlrpcDecode(xml: string): Promise<unknown> {
  return new Promise((resolve, reject) => {
    new XmlrpcDeserializer().deserializeMethodResponse(Readable.from([xml]), (err, value) => (err ? reject(err) : resolve(value)));
  });
}

async function medianMs(runs: number, fn: () => unknown): Promise<number> {
  for (let i = 0; i < 5; i++) await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] ?? NaN;
}

function outcome(fn: () => unknown): string {
  try {
    fn();
    return 'ok';
  } catch (err) {
    return `throws: ${JSON.stringify((err instanceof Error ? err.message : String(err)).split('\n')[0]?.slice(0, 60))}`;
  }
}

export async function benchCodec(runs = 30): Promise<void> {
  const infos = processInfos(500) as unknown as XmlRpcValue;
  const ours = encodeResponse(infos);
  const theirs = xmlrpcSerializer.serializeMethodResponse(infos);
  // Same data either way: both decoders must agree on both documents.
  const a = JSON.stringify(decodeResponse(ours));
  const b = JSON.stringify(await xmlrpcDecode(ours));
  if (a !== b || a !== JSON.stringify(decodeResponse(theirs))) throw new Error('decoders disagree on the payload');

  const rows: [string, number, number][] = [
    // To bytes, as the server sends it (V8 builds strings lazily; this makes both pay in full).
    ['encode 500 ProcessInfo', await medianMs(runs, () => Buffer.from(encodeResponse(infos))), await medianMs(runs, () => Buffer.from(xmlrpcSerializer.serializeMethodResponse(infos)))],
    ['decode 500 ProcessInfo', await medianMs(runs, () => decodeResponse(ours)), await medianMs(runs, () => xmlrpcDecode(ours))],
  ];
  console.log(`payload: ${Buffer.byteLength(ours)} bytes (ours), ${Buffer.byteLength(theirs)} bytes (xmlrpc); median of ${runs} runs`);
  console.log('| operation              |  ours ms | xmlrpc ms | ratio |');
  console.log('|------------------------|---------:|----------:|------:|');
  for (const [op, o, x] of rows) {
    console.log(`| ${op.padEnd(22)} | ${o.toFixed(2).padStart(8)} | ${x.toFixed(2).padStart(9)} | ${(x / o).toFixed(1).padStart(4)}× |`);
  }
  const esc = 'coloured \x1b[31mlog\x1b[0m line';
  console.log('');
  // Real supervisord sends log text with raw ESC; both decoders must read it.
  const rawEsc = `<?xml version='1.0'?>\n<methodResponse>\n<params>\n<param>\n<value><string>${esc}</string></value>\n</param>\n</params>\n</methodResponse>\n`;
  const theirsRaw = await xmlrpcDecode(rawEsc).then((v) => (v === esc ? 'ok' : `wrong value ${JSON.stringify(v)}`), (err: Error) => `throws: ${err.message}`);
  console.log(`decode raw ESC (as real supervisord sends): ours ${decodeResponse(rawEsc) === esc ? 'ok' : 'wrong value'}; xmlrpc ${theirsRaw}`);
  console.log(`encode a string with ESC: ours ${outcome(() => encodeResponse(esc))}; xmlrpc ${outcome(() => xmlrpcSerializer.serializeMethodResponse(esc))}`);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await benchCodec();
}
