/**
 * supervisortui.getProcessStats against our daemon run as a whole process with real children:
 * own and whole-tree RSS, the child tree, CPU time, and how it is listed and documented.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createClient } from '../../src/client/client.ts';
import { asProcessStatsReport } from '../../src/client/stats.ts';
import type { SupervisorClient } from '../../src/client/types.ts';
import { startDaemonProcess, type DaemonProcess, baseConfig } from '../helpers/daemon.ts';
import { makeTmpDir } from '../helpers/tmp.ts';
import { waitFor } from '../helpers/wait.ts';

const tmp = makeTmpDir('svst-');
const D = tmp.dir;
const sock = join(D, 's.sock');
let daemon: DaemonProcess;
let client: SupervisorClient;

const MIB = 1024 * 1024;

before(async () => {
  const conf = join(D, 'supervisord.conf');
  writeFileSync(
    conf,
    `${baseConfig(D, ['[unix_http_server]', `file=${sock}`]).join('\n')}

; A small shell whose child holds 48 MiB: the tree's RSS, not the shell's, is the program's size.
[program:tree]
command=/bin/sh -c 'python3 -c "b = bytearray(48 << 20); import time; time.sleep(1000)" & sleep 1000 & wait'
startsecs=0
; the whole tree goes at the end of the test, not only the shell
stopasgroup=true
killasgroup=true

; Burns a little CPU, then sleeps.
[program:busy]
command=/bin/sh -c 'i=0; while [ $i -lt 100000 ]; do i=$((i+1)); done; exec sleep 1000'
startsecs=0

[program:off]
command=sleep 1000
autostart=false
`,
  );
  client = createClient({ serverurl: `unix://${sock}`, timeoutMs: 20_000 });
  daemon = await startDaemonProcess('ours', conf, { ready: async () => (await client.getState()).statename === 'RUNNING' });
});

after(async () => {
  client?.close();
  await daemon?.stop();
  tmp.cleanup();
});

const stats = async () => asProcessStatsReport('supervisortui.getProcessStats', await client.call('supervisortui.getProcessStats'));

describe('supervisortui.getProcessStats', () => {
  it('counts the whole tree: the shell is small, its python child holds 48 MiB', async () => {
    const tree = await waitFor(
      async () => {
        const t = (await stats()).processes.find((p) => p.name === 'tree');
        return t !== undefined && t.tree_rss > 48 * MIB && t.children.length >= 2 ? t : null;
      },
      { timeoutMs: 20_000, intervalMs: 200, message: 'the python child to allocate' },
    );
    const info = await client.getProcessInfo('tree');
    assert.equal(tree.pid, info.pid);
    assert.equal(tree.group, 'tree');
    assert.ok(tree.rss > 0 && tree.rss < 16 * MIB, `the shell itself is small (${tree.rss})`);
    const py = tree.children.find((c) => c.comm.startsWith('python'));
    const sleep = tree.children.find((c) => c.comm === 'sleep');
    assert.ok(py && py.ppid === tree.pid && py.rss > 48 * MIB, JSON.stringify(tree.children));
    assert.ok(sleep && sleep.ppid === tree.pid);
    assert.equal(tree.tree_rss, tree.rss + tree.children.reduce((a, c) => a + c.rss, 0));
  });

  it('reports cumulative CPU time, zeros for a stopped process, and the host', async () => {
    const busy = await waitFor(
      async () => {
        const b = (await stats()).processes.find((p) => p.name === 'busy');
        // Once the loop has exec'd into sleep, the CPU it burnt stays in the process's own counter.
        return b !== undefined && b.children.length === 0 && b.cpu_time > 0 ? b : null;
      },
      { timeoutMs: 30_000, intervalMs: 200, message: 'busy to burn some CPU' },
    );
    assert.ok(busy.tree_cpu_time >= busy.cpu_time);
    const report = await stats();
    assert.deepEqual(
      report.processes.map((p) => p.name),
      (await client.getAllProcessInfo()).map((p) => p.name),
    );
    const off = report.processes.find((p) => p.name === 'off');
    assert.deepEqual(off, { name: 'off', group: 'off', pid: 0, cpu_time: 0, rss: 0, tree_cpu_time: 0, tree_rss: 0, children: [] });
    assert.ok(report.host.cpus >= 1 && report.host.cpu_total > report.host.cpu_busy && report.host.mem_total > report.host.mem_available);
    assert.ok(Math.abs(report.now - Date.now() / 1000) < 60);
  });

  it('is listed and documented in its own namespace', async () => {
    const names = await client.listMethods();
    assert.ok(names.includes('supervisortui.getProcessStats'));
    assert.match(await client.methodHelp('supervisortui.getProcessStats'), /child-process tree/);
    assert.deepEqual(await client.methodSignature('supervisortui.getProcessStats'), ['struct']);
  });
});
