/**
 * N headless watchers (the dashboard's data path without Ink) on one server, each on its own
 * connection, asking CPU/RSS for the first 40 rows as a dashboard would: run by bench/live.ts to
 * measure the daemon's CPU caused by many dashboards.   usage: live-clients.ts SOCKET N
 */
import { createClient } from '../src/client/client.ts';
import { makeNamespec } from '../src/protocol/namespec.ts';
import { watchServer } from '../src/live/watcher.ts';

const [socket, count] = [process.argv[2]!, Number(process.argv[3] ?? '10')];
let ready = 0;
for (let i = 0; i < count; i++) {
  const client = createClient({ serverurl: `unix://${socket}`, timeoutMs: 120_000 });
  let wanted: Set<string> = new Set();
  let first = true;
  const w = watchServer(client, {
    intervalMs: 1000,
    statsWanted: () => wanted,
    onUpdate: ({ view }) => {
      if (!first) return;
      first = false;
      wanted = new Set(view.infos.slice(0, 40).map((p) => makeNamespec(p.group, p.name)));
      w.statsWantedChanged();
      if (++ready === count) process.stdout.write('ready\n');
    },
  });
  w.start();
}
