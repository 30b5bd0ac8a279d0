#!/usr/bin/env node
// Demo HTTP service: GET /health → {"status":"ok"}; anything else → a greeting. Port from $PORT (default 8089).
import { createServer } from 'node:http';

const port = Number(process.env.PORT ?? 8089);
const greeting = process.env.GREETING ?? 'hello';
const started = Date.now();

const server = createServer((req, res) => {
  const body =
    req.url === '/health'
      ? JSON.stringify({ status: 'ok', uptime_s: Math.round((Date.now() - started) / 1000) })
      : JSON.stringify({ message: greeting, path: req.url });
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(body + '\n');
  console.log(`${new Date().toISOString()} ${req.method} ${req.url} 200`);
});

server.on('error', (err) => {
  console.error(`web: cannot listen on port ${port}: ${err.message}`);
  process.exit(1);
});
server.listen(port, '127.0.0.1', () => console.log(`web: listening on http://127.0.0.1:${port}`));

for (const sig of ['SIGTERM', 'SIGINT']) {
  process.on(sig, () => {
    console.log(`web: ${sig}, closing`);
    server.close(() => process.exit(0));
    server.closeAllConnections();
  });
}
