/** The web page's pure parts: ANSI rendering, the session token, page rendering, and group action ordering over a fake dispatcher. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { actionsFor, renderIndex, type StatusView } from '../../daemon/web/status-page.ts';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { HttpContext, PrioritizedProcess } from '../../daemon/http/types.ts';
import { AnsiRenderer, piecesHtml } from '../../daemon/web/ansi.ts';
import { runAction } from '../../daemon/web/actions.ts';
import { handleWeb } from '../../daemon/web/handler.ts';
import { createCsrf, sessionCookie, sessionFromCookies } from '../../daemon/web/csrf.ts';
import { escapeHtml } from '../../daemon/web/layout.ts';
import { RpcFault } from '../../src/protocol/faults.ts';
import type { ProcessStateName } from '../../src/protocol/states.ts';
import type { ProcessInfo } from '../../src/protocol/types.ts';
import { formatUptime } from '../../src/protocol/uptime.ts';

describe('ANSI rendering', () => {
  const html = (...chunks: string[]): string => {
    const r = new AnsiRenderer();
    return chunks.map((c) => piecesHtml(r.feed(c), escapeHtml)).join('');
  };

  it('turns SGR colours and attributes into classes and resets them', () => {
    assert.equal(html('a\x1b[31mred\x1b[0mb'), 'a<span class="f1">red</span>b');
    assert.equal(html('\x1b[1;92;44mx\x1b[22my\x1b[39;49mz'), '<span class="f10 g4 b">x</span><span class="f10 g4">y</span>z');
    assert.equal(html('\x1b[38;5;3mi\x1b[38;5;200mj\x1b[38;2;1;2;3mk\x1b[m'), '<span class="f3">ijk</span>');
  });

  it('removes every other escape and control character instead of showing garbage', () => {
    assert.equal(html('\x1b[2J\x1b[1;1Hhome\x1b]0;title\x07\x1b(B\x1b[?25l!'), 'home!');
    assert.equal(html('progress 10%\rprogress 99%\r\n\x07done\ttab'), 'progress 10%progress 99%\ndone\ttab');
    assert.equal(html('<b>&'), '&#60;b&#62;&#38;');
  });

  it('understands an escape split across chunks, and keeps the style from chunk to chunk', () => {
    assert.equal(html('x\x1b', '[3', '1my', 'z\x1b[0m'), 'x<span class="f1">y</span><span class="f1">z</span>');
    assert.equal(html('a\x1b(', 'Bb'), 'ab');
    assert.equal(html('\x1b]0;long title', ' still\x07after'), 'after');
  });

  it('does not hold back an unterminated OSC forever', () => {
    const r = new AnsiRenderer();
    r.feed('\x1b]' + 'x'.repeat(300));
    assert.equal(piecesHtml(r.feed('visible'), escapeHtml), 'visible');
  });
});

describe('session token', () => {
  const csrf = createCsrf(Buffer.alloc(32, 7));
  const sid = 'A'.repeat(32);

  it('verifies only the token of the same session under the same secret', () => {
    const token = csrf.tokenFor(sid);
    assert.ok(csrf.verify(sid, token));
    assert.ok(!csrf.verify('B'.repeat(32), token));
    assert.ok(!csrf.verify(sid, `${token}x`));
    assert.ok(!csrf.verify(null, token));
    assert.ok(!csrf.verify(sid, null));
    assert.ok(!createCsrf(Buffer.alloc(32, 8)).verify(sid, token), 'another daemon derives another token');
  });

  it('reads only a well-formed session cookie', () => {
    assert.equal(sessionFromCookies(`a=1; supervisor_session=${sid}; b=2`), sid);
    assert.equal(sessionFromCookies('supervisor_session=short'), null);
    assert.equal(sessionFromCookies(undefined), null);
    assert.equal(sessionCookie(sid), `supervisor_session=${sid}; Path=/; HttpOnly; SameSite=Strict`);
  });
});

function info(group: string, name: string, statename: ProcessStateName, extra: Partial<ProcessInfo> = {}): ProcessInfo {
  return { name, group, start: 1000, stop: 0, now: 1065, state: 0, statename, spawnerr: '', exitstatus: 0, logfile: '', stdout_logfile: '', stderr_logfile: '', pid: 1, description: '', ...extra };
}

describe('status page rendering', () => {
  const view = (over: Partial<StatusView>): StatusView => ({ processes: [], message: null, filter: '', token: 'TOK', version: '4.2.5', identification: 'sv', ...over });

  it('offers actions by state: Supervisor’s rules, plus Stop while starting or backing off', () => {
    assert.deepEqual(actionsFor('RUNNING'), ['restart', 'stop', 'clearlog']);
    assert.deepEqual(actionsFor('BACKOFF'), ['stop', 'clearlog']);
    assert.deepEqual(actionsFor('FATAL'), ['start', 'clearlog']);
    assert.deepEqual(actionsFor('STOPPING'), ['clearlog']);
  });

    it('formats uptime as Supervisor does', () => {
    assert.equal(formatUptime(65), '0:01:05');
    assert.equal(formatUptime(86400 + 3661), '1 day, 1:01:01');
    assert.equal(formatUptime(3 * 86400), '3 days, 0:00:00');
  });

  it('gives real groups a header with group actions, escapes names, and puts the token in every form', () => {
    const html = renderIndex(
      view({ processes: [info('solo', 'solo', 'RUNNING'), info('g', 'b<x>', 'STOPPED'), info('g', 'a', 'RUNNING'), info('one', 'other', 'FATAL')] }),
    );
    assert.deepEqual([...html.matchAll(/<tr class="proc" data-ns="([^"]+)"/g)].map((m) => m[1]), ['g:a', 'g:b&#60;x&#62;', 'one:other', 'solo']);
    assert.deepEqual([...html.matchAll(/<th colspan="5" scope="rowgroup">Group (\w+)/g)].map((m) => m[1]), ['g', 'one']);
    assert.ok(!html.includes('b<x>'));
    const forms = html.match(/<form method="post"/g)?.length ?? 0;
    assert.equal(html.match(/<input type="hidden" name="token" value="TOK"\/>/g)?.length, forms);
    assert.match(html, /<td data-label="Uptime">0:01:05<\/td>/);
    assert.match(html, /<span class="state st-fatal">fatal<\/span>/);
  });

  it('hides what the filter does not match (works without JavaScript)', () => {
    const html = renderIndex(view({ filter: 'WORK', processes: [info('web', 'worker', 'RUNNING'), info('web', 'api', 'RUNNING'), info('db', 'db', 'RUNNING')] }));
    assert.match(html, /data-ns="web:worker" data-search="[^"]*">/);
    assert.match(html, /data-ns="web:api" data-search="[^"]*" hidden>/);
    assert.match(html, /<tbody data-group="db" hidden>/);
  });
});

/** A fake engine: processes with priorities and states, and a dispatcher that records the calls. */
function fakeCtx(procs: { ns: string; group: string; state: ProcessStateName }[], failing: Set<string> = new Set()) {
  const calls: string[] = [];
  const ordered: PrioritizedProcess[] = procs.map((p) => ({ name: p.ns.split(':').pop()!, groupName: p.group, namespec: p.ns, state: p.state }));
  const ctx = {
    priorityOrder: (group: string | null) => (group === null ? ordered : ordered.some((p) => p.groupName === group) ? ordered.filter((p) => p.groupName === group) : null),
    dispatcher: {
      names: [],
      call: async (method: string, params: readonly unknown[]) => {
        calls.push(`${method.replace('supervisor.', '')} ${String(params[0])}`);
        if (failing.has(String(params[0]))) throw RpcFault.of('SPAWN_ERROR', String(params[0]));
        return true;
      },
    },
  } as unknown as HttpContext;
  return { ctx, calls };
}

describe('group and all actions', () => {
  const procs = [
    { ns: 'db', group: 'db', state: 'RUNNING' as const },
    { ns: 'web:api', group: 'web', state: 'RUNNING' as const },
    { ns: 'web:worker', group: 'web', state: 'STOPPED' as const },
    { ns: 'web:cron', group: 'web', state: 'RUNNING' as const },
  ];

  it('stops a group in descending priority order, only its running processes', async () => {
    const { ctx, calls } = fakeCtx(procs);
    assert.equal(await runAction(ctx, 'stopgroup', 'web'), 'Group web stopped');
    assert.deepEqual(calls, ['stopProcess web:cron', 'stopProcess web:api']);
  });

  it('starts a group in ascending order, only what is not running, and names the failures', async () => {
    const { ctx, calls } = fakeCtx(procs, new Set(['web:worker']));
    assert.equal(await runAction(ctx, 'startgroup', 'web'), 'ERROR: Group web: web:worker: spawn error');
    assert.deepEqual(calls, ['startProcess web:worker']);
    assert.equal(await runAction(ctx, 'startgroup', 'nosuch'), 'No such group named nosuch');
  });

  it('restarts all: every running process stopped in reverse order, then all started in order', async () => {
    const { ctx, calls } = fakeCtx(procs);
    const when = new Date(0);
    assert.equal(await runAction(ctx, 'restartall', '', when), `All restarted at ${when.toString()}`);
    assert.deepEqual(calls.slice(0, 3), ['stopProcess web:cron', 'stopProcess web:api', 'stopProcess db']);
    assert.deepEqual(calls.slice(3), ['startProcess web:worker']); // the fake's states do not change
  });

  it('keeps Supervisor’s per-process messages', async () => {
    const { ctx } = fakeCtx(procs, new Set(['web:api']));
    assert.equal(await runAction(ctx, 'stop', 'db'), 'Process db stopped');
    assert.equal(await runAction(ctx, 'start', 'web:api'), 'ERROR: Process web:api: spawn error');
    assert.equal(await runAction(ctx, 'clearlog', 'db'), 'Log for db cleared');
  });
});

describe('the status page reads process infos through the client’s checked decoder', () => {
  it('refuses a process info of the wrong shape with an error naming the method, instead of rendering it', async () => {
    const answers: Record<string, unknown> = {
      'supervisor.getAllProcessInfo': [{ name: 'web', group: 'web', statename: 'RUNNING' }],
      'supervisor.getSupervisorVersion': '4.2.5',
      'supervisor.getIdentification': 'supervisor',
    };
    const ctx = { dispatcher: { names: [], call: async (method: string) => answers[method] } } as unknown as HttpContext;
    const req = { headers: {}, url: '/', method: 'GET' } as unknown as IncomingMessage;
    let sent = false;
    const res = { setHeader: () => res, end: () => void (sent = true), writeHead: () => res } as unknown as ServerResponse;
    await assert.rejects(handleWeb(req, res, ctx, '/'), /supervisor\.getAllProcessInfo returned/);
    assert.equal(sent, false, 'nothing half-rendered was sent (the server answers 500)');
  });
});
