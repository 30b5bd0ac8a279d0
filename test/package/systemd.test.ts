/**
 * The systemd unit shipped in the package (systemd/): `systemd-analyze verify` accepts it and the
 * drop-in for Debian's supervisor.service, and the unit's own command lines — ExecStart as written
 * (only the config path pointed at a test config), ExecReload with $MAINPID, and the stop systemd
 * performs from KillSignal/KillMode — start, reload and stop a real daemon with real programs.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { createClient } from '../../src/client/client.ts';
import { binShim } from '../helpers/bin-shim.ts';
import { writeConfig } from '../helpers/config-file.ts';
import { ROOT, runProcess } from '../helpers/cli.ts';
import { makeTmpDir } from '../helpers/tmp.ts';
import { which } from '../helpers/tools.ts';
import { commandArgv, readUnitFile, unitValue } from '../helpers/unit-file.ts';
import { waitFor } from '../helpers/wait.ts';

const UNIT = join(ROOT, 'systemd', 'supervisor-tui.service');
const DROP_IN = join(ROOT, 'systemd', 'supervisor.service.d', 'supervisor-tui.conf');
const DEBIAN_UNIT = '/lib/systemd/system/supervisor.service';
const DEBIAN_CONF = '/etc/supervisor/supervisord.conf';
const verifySkip = which('systemd-analyze') === null ? 'systemd-analyze not installed (apt-get install -y systemd)' : which('man') === null ? 'man not installed (apt-get install -y man-db), needed to check Documentation=' : false;

// Documentation= names our man pages: verify runs `man` on them, so it finds them in the repo's man/.
const verifyEnv = { ...process.env, MANPATH: `${join(ROOT, 'man')}:` };

test('systemd-analyze verify: the unit', { skip: verifySkip }, async () => {
  const r = await runProcess('systemd-analyze', ['verify', UNIT], { env: verifyEnv });
  assert.equal(r.stderr, '');
  assert.equal(r.code, 0);
});

test('systemd-analyze verify: Debian\'s supervisor.service with the drop-in', { skip: verifySkip || (existsSync(DEBIAN_UNIT) ? false : `${DEBIAN_UNIT} absent (apt-get install -y supervisor)`) }, async (t) => {
  const { dir, cleanup } = makeTmpDir('svtui-unit-');
  t.after(cleanup);
  copyFileSync(DEBIAN_UNIT, join(dir, 'supervisor.service'));
  mkdirSync(join(dir, 'supervisor.service.d'));
  copyFileSync(DROP_IN, join(dir, 'supervisor.service.d', 'supervisor-tui.conf'));
  const r = await runProcess('systemd-analyze', ['verify', 'supervisor.service'], { env: { ...verifyEnv, SYSTEMD_UNIT_PATH: `${dir}:` } });
  assert.equal(r.stderr, '');
  assert.equal(r.code, 0);
});

test('the drop-in runs exactly the unit\'s ExecStart in supervisord\'s place', () => {
  const dropIn = readUnitFile(DROP_IN);
  assert.deepEqual(dropIn.get('Service')?.get('ExecStart'), [unitValue(readUnitFile(UNIT), 'Service', 'ExecStart')]);
  assert.match(readFileSync(DROP_IN, 'utf8'), /^ExecStart=$/m, 'clears Debian\'s ExecStart first');
});

/** Pids and process groups of every live process on the machine (a zombie has exited; reaping it is init's job). */
function processGroups(): Map<number, number> {
  const out = new Map<number, number>();
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const [state, , , pgid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (state !== 'Z') out.set(Number(pid), Number(pgid));
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

test('ExecStart, ExecReload and the stop of the unit on a real config', { timeout: 180_000 }, async (t) => {
  const unit = readUnitFile(UNIT);
  const execStart = unitValue(unit, 'Service', 'ExecStart');
  const execReload = unitValue(unit, 'Service', 'ExecReload');
  assert.equal(unit.get('Service')?.get('ExecStop'), undefined, 'stop is KillSignal to the daemon, not a command');
  const killSignal = unitValue(unit, 'Service', 'KillSignal') as NodeJS.Signals;
  assert.equal(unitValue(unit, 'Service', 'KillMode'), 'mixed', 'the stop signal goes to the daemon alone, which stops its programs in order');
  const timeoutStopMs = Number(unitValue(unit, 'Service', 'TimeoutStopSec')) * 1000;
  assert.ok(execStart.includes(DEBIAN_CONF));

  const { dir, cleanup } = makeTmpDir('svtui-unit-run-');
  t.after(cleanup);
  const { env } = binShim(dir);
  const { conf, sock } = writeConfig(dir, [
    '[program:web]',
    'command=sleep 1000',
    'startsecs=0',
    // Ignores SIGTERM: the daemon must SIGKILL it after stopwaitsecs, well within TimeoutStopSec.
    '[program:stubborn]',
    `command=sh -c 'trap "" TERM; sleep 1000 & wait; wait'`,
    'startsecs=0',
    'stopwaitsecs=2',
    'stopasgroup=true',
    'killasgroup=true',
  ]);
  const argv = commandArgv(execStart.replace(DEBIAN_CONF, conf));
  const daemon = spawn(argv[0]!, argv.slice(1), { env, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  daemon.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const exited = new Promise<number | null>((resolve) => daemon.on('exit', (code) => resolve(code)));
  const client = createClient({ serverurl: `unix://${sock}` });
  t.after(() => {
    client.close();
    if (daemon.exitCode === null) daemon.kill('SIGKILL');
  });
  const mainPid = daemon.pid!;
  const running = async () => {
    const infos = await client.getAllProcessInfo();
    return infos.length === 2 && infos.every((p) => p.statename === 'RUNNING') ? new Map(infos.map((p) => [p.name, p.pid])) : null;
  };
  const before = await waitFor(() => running().catch(() => null), { message: `programs running (${stderr})`, timeoutMs: 60_000 });
  assert.equal(await client.getPID(), mainPid, 'systemd\'s MAINPID is the daemon itself (env and the bin exec, nothing forks)');

  await t.test('ExecReload: same daemon, the same programs running again', async () => {
    const reload = commandArgv(execReload, { MAINPID: String(mainPid) });
    execFileSync(reload[0]!, reload.slice(1));
    const after = await waitFor(
      async () => {
        const now = await running().catch(() => null);
        return now !== null && [...now].every(([name, pid]) => pid !== before.get(name)) ? now : null;
      },
      { message: 'programs restarted by the reload', timeoutMs: 60_000 },
    );
    assert.deepEqual([...after.keys()].sort(), ['stubborn', 'web']);
    assert.equal(await client.getPID(), mainPid);
    assert.equal(daemon.exitCode, null);
    assert.match(readFileSync(join(dir, 'sd.log'), 'utf8'), /received SIGHUP indicating restart request/);
  });

  await t.test('stop: KillSignal to the daemon alone; it exits 0 and no program or grandchild is left', async () => {
    const children = await running();
    assert.ok(children);
    const groups = new Set(children.values());
    process.kill(mainPid, killSignal);
    const timer = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), timeoutStopMs).unref());
    assert.equal(await Promise.race([exited, timer]), 0, `exit within TimeoutStopSec (${stderr})`);
    const left = [...processGroups()].filter(([, pgid]) => groups.has(pgid));
    assert.deepEqual(left, [], 'nothing left in the programs\' process groups');
  });
});
