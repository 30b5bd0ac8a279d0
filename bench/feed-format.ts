/** Feed line vs long-poll XML-RPC: bytes per change and per 1,000-change burst, and codec time (the README's design note).   node --import tsx bench/feed-format.ts */
import { encodeResponse, encodeMethodCall } from '../src/xmlrpc/encode.ts';
import { decodeResponse } from '../src/xmlrpc/decode.ts';
const change = { group: 'p0001', name: 'p0001', start: 1764755000, state: 20, statename: 'RUNNING', pid: 12345, description: 'pid 12345, uptime 0:00:00' };
const many = Array.from({ length: 1000 }, (_, i) => ({ ...change, name: `p${String(i).padStart(4, '0')}`, group: `p${String(i).padStart(4, '0')}` }));
const json1 = JSON.stringify({ t: 'changes', serial: 43, now: 1764755000.123, processes: [change] }) + '\n';
const xml1 = encodeResponse({ serial: 43, now: 1764755000.123, processes: [change] });
const req = encodeMethodCall('supervisortui.waitChanges', ['abc', 42, 30]);
const jsonN = JSON.stringify({ t: 'changes', serial: 43, now: 1764755000.123, processes: many }) + '\n';
const xmlN = encodeResponse({ serial: 43, now: 1764755000.123, processes: many });
const HTTP = 180; // request + response headers, measured order of magnitude
const time = (f: () => void, n: number) => { const t = performance.now(); for (let i = 0; i < n; i++) f(); return (performance.now() - t) / n; };
console.log('one change: stream', json1.length, 'B; long-poll', req.length + xml1.length + 2 * HTTP, 'B');
console.log('1000 changes: stream', jsonN.length, 'B; long-poll', req.length + xmlN.length + 2 * HTTP, 'B');
console.log('encode+decode 1000 changes: json', time(() => JSON.parse(JSON.stringify(many)), 50).toFixed(2), 'ms; xml-rpc', time(() => decodeResponse(encodeResponse({ processes: many })), 20).toFixed(2), 'ms');
