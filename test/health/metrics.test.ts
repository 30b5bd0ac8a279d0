/**
 * `[supervisord] metrics = true`: GET /metrics on both servers behind the same authentication,
 * parsed by a real Prometheus text parser (Debian's python3-prometheus-client); values checked
 * against real children (state, restarts, log bytes, RSS, CPU, health). Off by default (404).
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { freePort, PYTHON } from '../helpers/daemon.ts';
import { makeTmpDir } from '../helpers/tmp.ts';
import { waitFor } from '../helpers/wait.ts';
import { FIXTURES, httpGet as get, startWithConfig, type Running } from './helpers.ts';

function parserSkipReason(): string | false {
  try {
    execFileSync(PYTHON, ['-c', 'import prometheus_client.parser'], { stdio: 'ignore' });
    return false;
  } catch {
    return 'the Prometheus text parser is not installed (apt-get install -y python3-prometheus-client)';
  }
}
const skip = parserSkipReason();
if (skip) console.log(`# skipping /metrics parsing: ${skip}`);

interface ParsedSample {
  name: string;
  labels: Record<string, string>;
  value: number;
}
interface ParsedFamily {
  name: string;
  type: string;
  samples: ParsedSample[];
}

/** The text through prometheus_client's parser (it raises on anything malformed). */
function parseWithPrometheus(text: string): ParsedFamily[] {
  const script = `
import json, sys
from prometheus_client.parser import text_string_to_metric_families
out = []
for f in text_string_to_metric_families(sys.stdin.read()):
    out.append({'name': f.name, 'type': f.type, 'samples': [{'name': s.name, 'labels': s.labels, 'value': s.value} for s in f.samples]})
print(json.dumps(out))
`;
  return JSON.parse(execFileSync(PYTHON, ['-c', script], { input: text, encoding: 'utf8' })) as ParsedFamily[];
}

function sample(families: ParsedFamily[], name: string, labels: Record<string, string>): number | undefined {
  for (const f of families) {
    for (const s of f.samples) {
      if (s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v)) return s.value;
    }
  }
  return undefined;
}

describe('GET /metrics', { skip }, () => {
  const tmp = makeTmpDir('svt-metrics-');
  let d: Running;
  let port = 0;
  let dbPort = 0;
  const AUTH = 'admin:s3cret';

  before(async () => {
    port = await freePort();
    dbPort = await freePort();
    d = await startWithConfig(
      tmp.dir,
      `[inet_http_server]
port = 127.0.0.1:${port}
username = admin
password = s3cret

[program:talker]
command = /bin/sh -c 'printf 0123456789 && printf abc >&2 && exec sleep 1000'

[program:crasher]
command = /bin/sh -c 'sleep 1.2; exit 3'
startsecs = 1
autorestart = true

[program:db]
command = node ${join(FIXTURES, 'late-listen.mjs')} ${dbPort} 0
healthcheck = tcp://127.0.0.1:${dbPort}
healthcheck_interval = 0.3

[program:off]
command = sleep 1000
autostart = false
`,
      'ours',
      'metrics = true',
    );
  });
  after(async () => {
    await d?.close();
    tmp.cleanup();
  });

  it('asks for the same password on both servers; serves the Prometheus text type', async () => {
    const sock = { socketPath: join(tmp.dir, 's.sock') };
    // The unix socket has no password in this config; the TCP one does.
    assert.equal((await get({ port }, '/metrics')).status, 401);
    assert.equal((await get({ port }, '/metrics', 'admin:wrong')).status, 401);
    const tcp = await get({ port }, '/metrics', AUTH);
    assert.equal(tcp.status, 200);
    assert.equal(tcp.type, 'text/plain; version=0.0.4; charset=utf-8');
    const unix = await get(sock, '/metrics');
    assert.equal(unix.status, 200);
    assert.match(unix.body, /^supervisor_up 1$/m);
  });

  it('parses with prometheus_client and says what the children did', async () => {
    await waitFor(
      async () => {
        const f = parseWithPrometheus((await get({ port }, '/metrics', AUTH)).body);
        return (
          (sample(f, 'supervisor_process_restarts_total', { name: 'crasher' }) ?? 0) >= 1 &&
          sample(f, 'supervisor_process_healthy', { name: 'db' }) === 1 &&
          sample(f, 'supervisor_process_log_bytes_total', { name: 'talker', channel: 'stdout' }) === 10
        );
      },
      { timeoutMs: 30_000, message: 'a restart, a healthy db and the talker output in /metrics' },
    );
    const f = parseWithPrometheus((await get({ port }, '/metrics', AUTH)).body);
    const names = new Set(f.map((x) => x.name));
    for (const n of [
      'supervisor_up',
      'supervisor_process_state',
      'supervisor_process_up',
      'supervisor_process_start_time_seconds',
      'supervisor_process_restarts', // the parser names a counter family without _total
      'supervisor_process_exit_status',
      'supervisor_process_cpu_seconds',
      'supervisor_process_resident_memory_bytes',
      'supervisor_process_healthy',
      'supervisor_process_log_bytes',
    ]) {
      assert.ok(names.has(n), `family ${n} in ${[...names].join(', ')}`);
    }
    assert.equal(sample(f, 'supervisor_process_state', { group: 'talker', name: 'talker', state: 'RUNNING' }), 1);
    assert.equal(sample(f, 'supervisor_process_state', { name: 'talker', state: 'STOPPED' }), 0);
    assert.equal(sample(f, 'supervisor_process_state', { name: 'off', state: 'STOPPED' }), 1);
    assert.equal(sample(f, 'supervisor_process_up', { name: 'talker' }), 1);
    assert.equal(sample(f, 'supervisor_process_up', { name: 'off' }), 0);
    assert.equal(sample(f, 'supervisor_process_start_time_seconds', { name: 'off' }), 0);
    assert.ok(Math.abs(sample(f, 'supervisor_process_start_time_seconds', { name: 'talker' })! - Date.now() / 1000) < 120);
    assert.equal(sample(f, 'supervisor_process_log_bytes_total', { name: 'talker', channel: 'stderr' }), 3);
    assert.ok(sample(f, 'supervisor_process_resident_memory_bytes', { name: 'db' })! > 1_000_000, 'node has more than 1 MB resident');
    assert.equal(sample(f, 'supervisor_process_resident_memory_bytes', { name: 'off' }), 0);
    assert.ok(sample(f, 'supervisor_process_cpu_seconds_total', { name: 'db' })! > 0, 'node used some CPU starting');
    assert.equal(sample(f, 'supervisor_process_healthy', { name: 'talker' }), undefined, 'no healthcheck, no health sample');
    const exit = sample(f, 'supervisor_process_exit_status', { name: 'crasher' });
    assert.ok(exit === 3 || exit === 0, String(exit));
  });
});

describe('GET /metrics without metrics = true', () => {
  const tmp = makeTmpDir('svt-nometrics-');
  let d: Running;
  before(async () => {
    d = await startWithConfig(tmp.dir, `[program:x]\ncommand = sleep 1000\n`);
  });
  after(async () => {
    await d?.close();
    tmp.cleanup();
  });

  it('is a 404, as in Supervisor', async () => {
    assert.equal((await get({ socketPath: join(tmp.dir, 's.sock') }, '/metrics')).status, 404);
  });
});
