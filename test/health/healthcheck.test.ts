/**
 * Health checks with real children and sockets: a failing HTTP check with
 * healthcheck_action=restart restarts the program; PROCESS_HEALTH_* events reach only a
 * listener that names them (one on EVENT sees nothing new); a hung cmd: check fails at its
 * timeout with its process group killed, and the daemon keeps answering meanwhile.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { freePort, PYTHON } from '../helpers/daemon.ts';
import { ROOT } from '../helpers/cli.ts';
import { makeTmpDir } from '../helpers/tmp.ts';
import { waitFor } from '../helpers/wait.ts';
import { findLine, findLines, FIXTURES, httpGet, startWithConfig, type Running } from './helpers.ts';

const LISTENER = join(ROOT, 'test', 'events', 'fixtures', 'listener.py');

function records(path: string): Record<string, string>[] {
  if (!existsSync(path)) return [];
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Record<string, string>);
}

describe('healthcheck: a failing HTTP check with healthcheck_action=restart', () => {
  const tmp = makeTmpDir('svt-hc-');
  let d: Running;
  const named = join(tmp.dir, 'named.jsonl');
  const everything = join(tmp.dir, 'everything.jsonl');

  before(async () => {
    const bad = await freePort();
    const good = await freePort();
    d = await startWithConfig(
      tmp.dir,
      `[program:bad]
command = node ${join(FIXTURES, 'http-status.mjs')} ${bad} 503
healthcheck = http://127.0.0.1:${bad}/health
healthcheck_interval = 0.3
healthcheck_retries = 2
healthcheck_action = restart

[program:good]
command = node ${join(FIXTURES, 'http-status.mjs')} ${good} 200
healthcheck = http://127.0.0.1:${good}/
healthcheck_interval = 0.3

[eventlistener:named]
command = ${PYTHON} ${LISTENER} ${named} ok
events = PROCESS_HEALTH_HEALTHY,PROCESS_HEALTH_UNHEALTHY

[eventlistener:everything]
command = ${PYTHON} ${LISTENER} ${everything} ok
events = EVENT
`,
    );
  });
  after(async () => {
    await d?.close();
    tmp.cleanup();
  });

  it('restarts the unhealthy program (stop, then a new spawn), logging why', async () => {
    await waitFor(() => findLines(d.logPath, /spawned: 'bad' with pid/).length >= 2, { timeoutMs: 30_000, message: "a second spawn of 'bad'" });
    const unhealthy = findLine(d.logPath, /health: 'bad' is unhealthy after 2 failed checks \(HTTP 503\)/);
    assert.ok(unhealthy, 'no unhealthy line');
    const restart = findLine(d.logPath, /restarting 'bad': unhealthy \(HTTP 503\)/);
    assert.ok(restart);
    const stopped = findLine(d.logPath, /stopped: bad /);
    assert.ok(stopped && stopped.at >= restart.at);
    const spawns = findLines(d.logPath, /spawned: 'bad' with pid/);
    assert.ok(spawns[1]!.at >= stopped.at);
  });

  it('reports health per process: healthy, and the failing one counting failures', async () => {
    await waitFor(async () => {
      const h = (await d.client.call('supervisortui.getHealth', ['good'])) as Record<string, unknown>;
      return h['health'] === 'healthy';
    });
    const h = (await d.client.call('supervisortui.getHealth', ['good'])) as Record<string, unknown>;
    assert.equal(h['detail'], 'HTTP 200');
    assert.equal(h['failures'], 0);
    assert.ok(Number(h['last_check']) > 0);
    const listeners = (await d.client.call('supervisortui.getHealth', ['named:named'])) as Record<string, unknown>;
    assert.equal(listeners['health'], 'none');
    // The web page shows the verdict beside the state of a checked process only.
    const page = await httpGet({ socketPath: join(tmp.dir, 's.sock') }, '/index.html');
    assert.equal(page.status, 200);
    assert.match(page.body, /<span class="state st-running">running<\/span> <span class="muted health h-healthy" title="HTTP 200">healthy<\/span><\/td>/);
    assert.doesNotMatch(page.body, /data-ns="named:named"[^\n]*class="muted health/);
  });

  it('sends PROCESS_HEALTH_* only to the listener that names them', async () => {
    await waitFor(() => records(named).some((r) => r['eventname'] === 'PROCESS_HEALTH_UNHEALTHY'), { timeoutMs: 30_000, message: 'an UNHEALTHY event' });
    await waitFor(() => records(named).some((r) => r['eventname'] === 'PROCESS_HEALTH_HEALTHY'), { timeoutMs: 30_000, message: 'a HEALTHY event' });
    const unhealthy = records(named).find((r) => r['eventname'] === 'PROCESS_HEALTH_UNHEALTHY')!;
    assert.match(unhealthy['payload']!, /^processname:bad groupname:bad pid:\d+ from_health:starting failures:2\nHTTP 503$/);
    const healthy = records(named).find((r) => r['eventname'] === 'PROCESS_HEALTH_HEALTHY')!;
    assert.match(healthy['payload']!, /^processname:good groupname:good pid:\d+ from_health:starting failures:0\nHTTP 200$/);
    // The EVENT listener got plenty (state changes, ticks) but none of ours.
    await waitFor(() => records(everything).length > 0);
    assert.deepEqual(
      records(everything).filter((r) => r['eventname']!.startsWith('PROCESS_HEALTH')),
      [],
    );
  });
});

describe('healthcheck: a hung cmd: check', () => {
  const tmp = makeTmpDir('svt-hc-cmd-');
  let d: Running;
  const pidFile = join(tmp.dir, 'check-child.pid');

  before(async () => {
    // The check starts a grandchild that would sleep for a minute and never answers itself.
    d = await startWithConfig(
      tmp.dir,
      `[program:hung]
command = node ${join(FIXTURES, 'idle.mjs')}
healthcheck = cmd:sleep 60 & echo $! > ${pidFile}; wait
healthcheck_interval = 0.2
healthcheck_timeout = 0.5
healthcheck_retries = 1
`,
    );
  });
  after(async () => {
    await d?.close();
    tmp.cleanup();
  });

  it('fails at its timeout, kills its process group, and the daemon answers meanwhile', async () => {
    await waitFor(() => findLine(d.logPath, /health: 'hung' is unhealthy after 1 failed checks \(timed out after 0\.5s\)/), {
      timeoutMs: 30_000,
      message: 'the timeout verdict',
    });
    const t0 = performance.now();
    assert.equal((await d.client.getState()).statename, 'RUNNING');
    assert.ok(performance.now() - t0 < 5000);
    const pid = Number(readFileSync(pidFile, 'utf8').trim());
    await waitFor(
      () => {
        try {
          process.kill(pid, 0);
          return false;
        } catch {
          return true;
        }
      },
      { message: `the check's grandchild ${pid} to be gone` },
    );
    assert.equal((await d.client.getProcessInfo('hung')).statename, 'RUNNING', 'healthcheck_action defaults to none');
  });
});
