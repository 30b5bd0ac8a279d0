/**
 * The web page over plain HTTP (no browser), on our daemon: Basic auth on every page of both
 * servers, a GET to an action URL changes nothing, a POST without the session's token (or with
 * another session's) is refused with 403, a good one acts and answers 303; the tail page works
 * without JavaScript and its stream answers before any output exists.
 */
import assert from 'node:assert/strict';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { waitFor } from '../helpers/wait.ts';
import { AUTH, startWebDaemon, type WebDaemon } from './fixture.ts';

interface Reply {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

type Target = { port: number } | { socketPath: string };

function request(target: Target, method: string, path: string, opts: { headers?: Record<string, string>; body?: string; firstLine?: boolean } = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ ...target, host: '127.0.0.1', method, path, headers: { ...opts.headers, ...(opts.body === undefined ? {} : { 'Content-Type': 'application/x-www-form-urlencoded', 'Content-Length': Buffer.byteLength(opts.body) }) } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => {
        body += d;
        // A stream never ends: its first line is the answer.
        if (opts.firstLine === true && body.includes('\n')) {
          req.destroy();
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body });
        }
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      res.on('error', () => {});
    });
    req.on('error', (err) => (opts.firstLine === true ? undefined : reject(err)));
    req.end(opts.body);
  });
}

describe('web page over HTTP', () => {
  let w: WebDaemon;
  let inet: Target;
  let unix: Target;
  const authed = { Authorization: AUTH };

  before(async () => {
    w = await startWebDaemon();
    inet = { port: w.d.port! };
    unix = { socketPath: w.d.sock };
    await waitFor(async () => (await w.inet.getProcessInfo('echo')).statename === 'RUNNING');
  });
  after(async () => {
    await w?.stop();
  });

  /** A session: its cookie and the token its page's forms carry. */
  async function session(target: Target): Promise<{ cookie: string; token: string }> {
    const page = await request(target, 'GET', '/', { headers: authed });
    assert.equal(page.status, 200);
    const setCookie = page.headers['set-cookie']?.[0] ?? '';
    assert.match(setCookie, /^supervisor_session=[\w-]{32}; Path=\/; HttpOnly; SameSite=Strict$/);
    const token = /name="token" value="([^"]+)"/.exec(page.body)?.[1];
    assert.ok(token !== undefined);
    return { cookie: setCookie.split(';')[0]!, token };
  }

  const post = (target: Target, form: string, cookie?: string): Promise<Reply> =>
    request(target, 'POST', '/index.html', { headers: { ...authed, ...(cookie === undefined ? {} : { Cookie: cookie }) }, body: form });

  it('asks for the password on every page of both servers', async () => {
    const paths = ['/', '/index.html', '/index.html?action=stopall', '/tail.html?processname=echo', '/tail.html?processname=echo&channel=stderr&stream=1', '/ok.html'];
    for (const target of [inet, unix]) {
      for (const path of paths) {
        const r = await request(target, 'GET', path);
        assert.equal(r.status, 401, `${JSON.stringify(target)} ${path}`);
        assert.equal(r.headers['www-authenticate'], 'Basic realm="default"');
      }
      const wrong = await request(target, 'GET', '/', { headers: { Authorization: `Basic ${Buffer.from('admin:nope').toString('base64')}` } });
      assert.equal(wrong.status, 401);
      assert.equal((await request(target, 'POST', '/index.html', { body: 'action=stopall' })).status, 401);
      const ok = await request(target, 'GET', '/', { headers: authed });
      assert.equal(ok.status, 200, `the page works on ${JSON.stringify(target)}`);
      assert.match(ok.body, /data-ns="web:worker"/);
    }
    assert.equal((await w.inet.getProcessInfo('echo')).statename, 'RUNNING');
  });

  it('never acts on a GET to an action URL', async () => {
    for (const q of ['action=stop&processname=echo', 'action=stopall', 'action=stopgroup&processname=web', 'action=restartall']) {
      const r = await request(inet, 'GET', `/index.html?${q}`, { headers: authed });
      assert.equal(r.status, 200, q);
      assert.match(r.body, /Nothing was done/);
    }
    const infos = await w.inet.getAllProcessInfo();
    for (const p of infos.filter((p) => p.name !== 'broken')) assert.equal(p.statename, 'RUNNING', `${p.name} untouched`);
    assert.doesNotMatch(w.d.mainLog(), /waiting for \w+ to stop|stopped: /);
  });

  it('refuses a POST without the token, with a wrong one, or with another session’s', async () => {
    const mine = await session(inet);
    const theirs = await session(inet);
    const refused = [
      await post(inet, 'action=stop&processname=echo'),
      await post(inet, 'action=stop&processname=echo', mine.cookie),
      await post(inet, `action=stop&processname=echo&token=${mine.token}`),
      await post(inet, 'action=stop&processname=echo&token=forged', mine.cookie),
      await post(inet, `action=stop&processname=echo&token=${theirs.token}`, mine.cookie),
      await post(unix, 'action=stopall', mine.cookie),
    ];
    for (const r of refused) {
      assert.equal(r.status, 403);
      assert.match(r.body, /session token is missing or out of date/);
    }
    assert.equal((await w.inet.getProcessInfo('echo')).statename, 'RUNNING');
  });

  it('acts on a POST with the session’s token and answers 303 with the message, on either server', async () => {
    const s = await session(inet);
    const stopped = await post(inet, `token=${s.token}&action=stop&processname=echo`, s.cookie);
    assert.equal(stopped.status, 303);
    assert.equal(stopped.headers.location, '/?message=Process%20echo%20stopped');
    assert.equal((await w.inet.getProcessInfo('echo')).statename, 'STOPPED');
    // Cookies ignore the port: the same session works through the unix socket (a forwarded port).
    const started = await post(unix, `token=${s.token}&action=start&processname=echo`, s.cookie);
    assert.equal(started.headers.location, '/?message=Process%20echo%20started');
    assert.equal((await w.inet.getProcessInfo('echo')).statename, 'RUNNING');
    const again = await post(inet, `token=${s.token}&action=start&processname=echo`, s.cookie);
    assert.equal(again.headers.location, `/?message=${encodeURIComponent('ERROR: Process echo: already started')}`);
    const nogroup = await post(inet, `token=${s.token}&action=stopgroup&processname=nosuch`, s.cookie);
    assert.equal(nogroup.headers.location, `/?message=${encodeURIComponent('No such group named nosuch')}`);
    const shown = await request(inet, 'GET', nogroup.headers.location!, { headers: authed });
    assert.match(shown.body, /<div id="status_msg" role="status" class="error">No such group named nosuch<\/div>/);
  });

  it('serves self-contained pages with a strict content security policy', async () => {
    const r = await request(inet, 'GET', '/', { headers: authed });
    assert.match(String(r.headers['content-security-policy']), /default-src 'none'; script-src 'sha256-[^']+' 'sha256-[^']+'; style-src 'sha256-[^']+'/);
    assert.equal(r.headers['x-frame-options'], 'DENY');
    assert.equal(r.headers['cache-control'], 'no-cache');
    assert.doesNotMatch(r.body, /(src|href)="(https?:)?\/\//, 'nothing loaded from elsewhere');
  });

  it('shows the end of a log without JavaScript, colours as spans, no escape bytes', async () => {
    await w.inet.sendProcessStdin('echo', 'plain before\\n\\033[32mgreen-line\\033[0m after\n');
    const page = await waitFor(async () => {
      const r = await request(inet, 'GET', '/tail.html?processname=echo&channel=stderr', { headers: authed });
      return r.body.includes('green-line') ? r : null;
    });
    const pre = /<pre id="log"[^>]*>([\s\S]*?)<\/pre>/.exec(page.body)?.[1] ?? '';
    assert.match(pre, /plain before\n<span class="f2">green-line<\/span> after\n/);
    assert.ok(!pre.includes('\u001b') && !pre.includes('[32m'));
    const missing = await request(inet, 'GET', '/tail.html?processname=nosuch', { headers: authed });
    assert.match(missing.body, /ERROR: unexpected rpc fault \[10\] BAD_NAME: nosuch/);
  });

  it('answers a live tail at once, before the log has any output', async () => {
    const s = await session(inet);
    await post(inet, `token=${s.token}&action=clearlog&processname=web:api`, s.cookie);
    const first = await request(inet, 'GET', '/tail.html?processname=web:api&stream=1', { headers: authed, firstLine: true });
    assert.equal(first.status, 200);
    assert.equal(first.headers['content-type'], 'application/x-ndjson; charset=utf-8');
    assert.deepEqual(JSON.parse(first.body.split('\n')[0]!), { s: 'Following stdout of web:api' });
    const none = await request(inet, 'GET', '/tail.html?processname=nosuch&channel=stderr&stream=1', { headers: authed });
    assert.deepEqual(JSON.parse(none.body), { e: 'ERROR: unexpected rpc fault [10] BAD_NAME: nosuch' });
  });

  it('follows the live tail across a clear of the log', async () => {
    const lines: string[] = [];
    const req = httpRequest({ ...inet, host: '127.0.0.1', path: '/tail.html?processname=echo&channel=stderr&stream=1', headers: authed }, (res) => {
      res.setEncoding('utf8');
      let buf = '';
      res.on('data', (d: string) => {
        buf += d;
        for (let nl = buf.indexOf('\n'); nl >= 0; nl = buf.indexOf('\n')) {
          lines.push(buf.slice(0, nl));
          buf = buf.slice(nl + 1);
        }
      });
      res.on('error', () => {});
    });
    req.on('error', () => {});
    req.end();
    try {
      await waitFor(() => lines.length > 0, { message: 'the stream to open' });
      await w.inet.clearProcessLogs('echo');
      await w.inet.sendProcessStdin('echo', 'after-clear\n');
      await waitFor(() => lines.some((l) => l.includes('after-clear')), { message: 'the line written after the clear' });
      assert.ok(lines.some((l) => l === '{"s":"Log file reopened (rotated or cleared)"}'), lines.join('\n'));
    } finally {
      req.destroy();
    }
  });

  it('restarts a group, stops all and restarts all (the order is checked in pure.test.ts and the browser test)', async () => {
    const s = await session(inet);
    const act = async (form: string): Promise<string> => {
      const r = await post(inet, `token=${s.token}&${form}`, s.cookie);
      assert.equal(r.status, 303, form);
      return decodeURIComponent(r.headers.location!.replace('/?message=', ''));
    };
    const pid = async (ns: string): Promise<number> => (await w.inet.getProcessInfo(ns)).pid;
    const before = [await pid('web:api'), await pid('web:worker')];
    assert.equal(await act('action=restartgroup&processname=web'), 'Group web restarted');
    const afterRestart = [await pid('web:api'), await pid('web:worker')];
    assert.ok(afterRestart.every((p, i) => p !== 0 && p !== before[i]), `${before} → ${afterRestart}`);

    assert.match(await act('action=stopall'), /^All stopped at /);
    const stopped = await w.inet.getAllProcessInfo();
    assert.deepEqual(stopped.map((p) => p.statename), ['FATAL', 'STOPPED', 'STOPPED', 'STOPPED']);

    // broken cannot stay up: restart all reports it and starts the rest.
    assert.match(await act('action=restartall'), /^ERROR: All: broken: /);
    const started = await w.inet.getAllProcessInfo();
    assert.deepEqual(started.map((p) => `${p.name} ${p.statename}`).slice(1), ['echo RUNNING', 'api RUNNING', 'worker RUNNING']);
  });
});
