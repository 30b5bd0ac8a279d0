/**
 * Our daemon for the interop tests while daemon/main.ts (the lifecycle, another helper's) is not
 * implemented: load the config, start the engine, serve it over HTTP, shut down on SIGTERM or the
 * shutdown RPC. usage: node --import tsx stand-in-daemon.ts -c <config>
 */
import { loadConfig } from '../../src/config/reader.ts';
import { serveSupervisor } from '../../daemon/http/serve.ts';
import { ActivityLog } from '../../daemon/logs/activity-log.ts';
import { Supervisor } from '../../daemon/supervisor.ts';

async function run(confPath: string): Promise<number> {
  const config = loadConfig(confPath);
  const sv = config.supervisord;
  const log = new ActivityLog({ path: sv.logfile, level: sv.loglevel, maxbytes: sv.logfile_maxbytes, backups: sv.logfile_backups });
  log.open();
  for (;;) {
    const engine = new Supervisor({ config, log, readConfig: () => loadConfig(confPath) });
    const servers = await serveSupervisor(engine, config, (line) => process.stderr.write(`${line}\n`));
    log.log('info', `supervisord started with pid ${process.pid}`);
    engine.start();
    const onTerm = (): void => engine.shutdown();
    process.on('SIGTERM', onTerm);
    const outcome = await engine.whenStopped();
    process.off('SIGTERM', onTerm);
    await servers.close();
    await engine.close();
    if (outcome === 'shutdown') return 0;
  }
}

const i = process.argv.indexOf('-c');
run(process.argv[i + 1] ?? 'supervisord.conf').then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`Error: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(2);
  },
);
