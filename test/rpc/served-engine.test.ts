/**
 * A real engine served over HTTP by serveSupervisor: /logtail with the real followFile (new
 * output, clear = new inode), /mainlogtail, and the status page's POST actions.
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

describe('status page', () => {
  it('lists processes with escaped names and state-dependent actions', async () => {
    const [r] = parseResponses(await exchange({ path: sock }, 'GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'));
    assert.equal(r!.status, 'HTTP/1.1 200 OK');
    assert.equal(r!.headers['content-type'], 'text/html;charset=utf-8');
    assert.equal(r!.headers['cache-control'], 'no-cache');
    assert.match(r!.body, /<td data-label="State" class="statusrunning"><span class="state st-running">running<\/span><\/td><td data-label="Description">pid \d+, uptime 0:00:\d\d<\/td>/);
    assert.ok(r!.body.includes('weird&#60;name&#62;'));
    assert.ok(!r!.body.includes('weird<name>'));
    assert.match(r!.body, /name="processname" value="idle"\/><button type="submit" aria-label="Start idle"[^>]*>Start<\/button>/);
  });

  it('performs POST actions and redirects with the message; a GET changes nothing', async () => {
    // The page sets the session cookie; its forms carry the matching token (test/web covers refusals).
    const [first] = parseResponses(await exchange({ path: sock }, 'GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'));
    const cookie = String(first!.headers['set-cookie']).split(';')[0]!;
    const token = /name="token" value="([^"]+)"/.exec(first!.body)![1]!;
    const post = (fields: string): Promise<string> => {
      const form = `token=${token}&${fields}`;
      return exchange(
        { path: sock },
        `POST /index.html HTTP/1.1\r\nHost: x\r\nCookie: ${cookie}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: ${form.length}\r\nConnection: close\r\n\r\n${form}`,
      );
    };
    const [started] = parseResponses(await post('action=start&processname=idle'));
    assert.equal(started!.status, 'HTTP/1.1 303 See Other');
    assert.equal(started!.headers['location'], '/?message=Process%20idle%20started');
    assert.equal(sv.getProcess('idle').state, 'RUNNING');
    const [again] = parseResponses(await post('action=start&processname=idle'));
    assert.equal(again!.headers['location'], `/?message=${encodeURIComponent('ERROR: Process idle: already started')}`);
    const [nosuch] = parseResponses(await post('action=stop&processname=nosuch'));
    assert.equal(nosuch!.headers['location'], `/?message=${encodeURIComponent('No such process named nosuch')}`);
    await exchange({ path: sock }, 'GET /index.html?action=stop&processname=idle HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    assert.equal(sv.getProcess('idle').state, 'RUNNING', 'GET never acts');
    parseResponses(await post('action=stop&processname=idle'));
    assert.equal(sv.getProcess('idle').state, 'STOPPED');
    const [page] = parseResponses(await exchange({ path: sock }, 'GET /?message=Process%20idle%20stopped HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'));
    assert.match(page!.body, /<div id="status_msg" role="status">Process idle stopped<\/div>/);
  });

  it('shows a log on tail.html and answers ok.html', async () => {
    const [t] = parseResponses(await exchange({ path: sock }, 'GET /tail.html?processname=cat HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'));
    assert.match(t!.body, /<pre id="log"[^>]*>[^<]*AFTER-CLEAR\n<\/pre>/);
    const [ok] = parseResponses(await exchange({ path: sock }, 'GET /ok.html HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'));
    assert.equal(ok!.headers['content-type'], 'text/plain');
    assert.equal(ok!.body, 'OK');
  });
});
