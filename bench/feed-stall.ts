/**
 * Our daemon's memory while a change-feed reader stops reading during storms: 1,000 programs,
 * one reader that never reads and one that does, N restart storms (stop all, start all).
 * Reports the daemon's VmRSS before and at its peak, and how much the reading reader received
 * (what the stalled one would have had to be buffered without the bound).
 *
 *   npm run build && node --import tsx bench/feed-stall.ts [--storms N]
 */
import http from 'node:http';
import { startDaemon } from './lib/daemon.ts';
import { rssMiB } from './lib/proc.ts';

const argv = process.argv.slice(2);
const storms = Number(argv[argv.indexOf('--storms') + 1] ?? '') || 5;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function reader(socketPath: string, read: boolean): { bytes: () => number; close: () => void } {
  let bytes = 0;
  const req = http.get({ socketPath, path: '/supervisortui/feed', agent: false }, (res) => {
    if (read) res.on('data', (b: Buffer) => (bytes += b.length));
    else res.pause();
  });
  req.on('error', () => undefined);
  return { bytes: () => bytes, close: () => req.destroy() };
}

const d = await startDaemon('ours', { count: 1000, command: 'sleep 100000', autostart: true, autorestart: false, startsecs: 0 }, { timeoutMs: 300_000 });
try {
  while ((await d.client.getAllProcessInfo()).filter((p) => p.statename === 'RUNNING').length < 1000) await sleep(1000);
  await sleep(2000);
  const before = rssMiB(d.pid);
  const stalled = reader(d.socket, false);
  const reading = reader(d.socket, true);
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, rssMiB(d.pid))), 100);
  for (let i = 0; i < storms; i++) {
    await d.client.stopAllProcesses(true);
    await d.client.startAllProcesses(true);
  }
  await sleep(1000);
  clearInterval(sampler);
  console.log(`feed stall: ${storms} storms of 1,000 restarts; the reading reader got ${(reading.bytes() / 1048576).toFixed(1)} MiB; daemon VmRSS ${before.toFixed(1)} MiB before, ${peak.toFixed(1)} MiB peak, ${rssMiB(d.pid).toFixed(1)} MiB after`);
  stalled.close();
  reading.close();
} finally {
  await d.stop();
}
