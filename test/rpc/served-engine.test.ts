/**
 * A real engine served over HTTP by serveSupervisor: /logtail with the real followFile (new
 * output, clear = new inode), /mainlogtail, and what the status page must always do.
 */
import assert from 'node:assert/strict';
import { appendFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { UnixServerConfig } from '../../src/config/types.ts';
import { serveSupervisor } from '../../daemon/http/serve.ts';
import type { HttpServers } from '../../daemon/http/server.ts';
import type { Supervisor } from '../../daemon/supervisor.ts';
import { makeConfig, newSupervisor, program, shutdown, waitState } from '../daemon/helpers.ts';
import { makeTmpDir } from '../helpers/tmp.ts';
import { waitFor } from '../helpers/wait.ts';
import { exchange, openRaw, parseResponses } from './raw-http.ts';

const tmp = makeTmpDir('svw-');
const D = tmp.dir;
const sock = join(D, 'w.sock');
let sv: Supervisor;
let servers: HttpServers;

before(async () => {
  const unix: UnixServerConfig = { name: null, section: 'unix_http_server', family: 'unix', file: sock, chmod: 0o700, chown: [-1, -1], username: null, password: null };
  const config = {
    ...makeConfig(D, [
      program('cat', 'cat', { startsecs: 0, stdout_logfile: join(D, 'cat.out') }),
      program('idle', 'sleep 1000', { autostart: false, startsecs: 0, stdout_logfile: join(D, 'idle.out') }),
      program('weird<name>', 'sleep 1000', { autostart: false, startsecs: 0 }),
    ]),
    http_servers: [unix],
  };
  ({ sv } = newSupervisor(config));
  appendFileSync(join(D, 'supervisord.log'), 'x'.repeat(3000) + 'MAIN-END\n');
  servers = await serveSupervisor(sv, config, () => {});
  sv.start();
  await waitState(sv, 'cat', 'RUNNING');
});

after(async () => {
  await servers.close();
  await shutdown(sv);
  tmp.cleanup();
});

describe('/logtail with the real follower', () => {
  it('starts with the last 1024 bytes, follows new output and a cleared (re-created) file', async () => {
    const cat = sv.getProcess('cat');
    cat.writeStdin('a'.repeat(2000) + 'FIRST\n');
    await waitFor(() => readFileSync(join(D, 'cat.out'), 'utf8').endsWith('FIRST\n'));
    const conn = await openRaw({ path: sock });
    conn.socket.write('GET /logtail/cat HTTP/1.1\r\nHost: \r\n\r\n\r\n');
    await conn.waitFor((t) => t.includes('FIRST\n'));
    const first = parseResponses(conn.text())[0]!;
    assert.equal(first.status, 'HTTP/1.1 200 OK');
    assert.equal(first.body.length, 1024);
    cat.writeStdin('SECOND\n');
    await conn.waitFor((t) => t.includes('SECOND\n'));
    sv.getProcess('cat').clearLogs();
    cat.writeStdin('AFTER-CLEAR\n');
    await conn.waitFor((t) => t.includes('AFTER-CLEAR\n'));
    conn.close();
  });

  it('serves /mainlogtail and percent-decoded names', async () => {
    const conn = await openRaw({ path: sock });
    conn.socket.write('GET /mainlogtail HTTP/1.0\r\n\r\n');
    await conn.waitFor((t) => t.includes('MAIN-END\n'));
    conn.close();
    const conn2 = await openRaw({ path: sock });
    conn2.socket.write('GET /logtail/c%61t/stdout HTTP/1.1\r\nHost: x\r\n\r\n');
    await conn2.waitFor((t) => t.includes('AFTER-CLEAR\n'));
    conn2.close();
  });
});

/**
 * The page itself (layout, actions, CSRF) is the web UI's, tested with it; here only what the
 * HTTP layer guarantees whatever the page looks like.
 */
describe('status page', () => {
  it('is served, escapes process names, and a GET never acts', async () => {
    const [r] = parseResponses(await exchange({ path: sock }, 'GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'));
    assert.equal(r!.status, 'HTTP/1.1 200 OK');
    assert.match(r!.headers['content-type'] ?? '', /^text\/html/);
    assert.ok(r!.body.includes('weird'));
    assert.ok(!r!.body.includes('weird<name>'), 'names are escaped');
    await exchange({ path: sock }, 'GET /index.html?action=start&processname=idle HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    assert.equal(sv.getProcess('idle').state, 'STOPPED', 'GET never acts');
  });

  it('answers ok.html', async () => {
    const [ok] = parseResponses(await exchange({ path: sock }, 'GET /ok.html HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'));
    assert.equal(ok!.headers['content-type'], 'text/plain');
    assert.equal(ok!.body, 'OK');
  });
});
