/** Import time of each entry mode of the built CLI, in a fresh node each time, and the bin's whole start. */
import { execFile } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { REPO, OURS_BIN } from './paths.ts';
import type { Samples } from './samples.ts';

export const ENTRY_MODULES: Record<string, string> = {
  daemon: 'dist/daemon/main.js',
  ctl: 'dist/src/ctl/main.js',
  check: 'dist/src/config/check-command.js',
  dashboard: 'dist/tui/main.js',
  'dashboard + Ink': 'dist/tui/run.js',
};

function run(args: string[]): Promise<string> {
  return new Promise((resolve, reject) =>
    execFile(process.execPath, args, { env: { ...process.env, NODE_ENV: 'production' } }, (err, stdout, stderr) => (err ? reject(new Error(`${args.join(' ')}: ${stderr || err.message}`)) : resolve(stdout))),
  );
}

export async function importTimes(s: Samples, runs: number): Promise<void> {
  for (let i = 0; i < runs; i++) {
    for (const [mode, rel] of Object.entries(ENTRY_MODULES)) {
      const url = pathToFileURL(join(REPO, rel)).href;
      const out = await run(['--input-type=module', '-e', `const t = performance.now(); await import(${JSON.stringify(url)}); console.log(performance.now() - t);`]);
      s.add(`import ${mode} entry, ms`, 'ours', Number(out.trim()));
    }
    const t0 = performance.now();
    await run([OURS_BIN, '--version']);
    s.add('`supervisor-tui --version` wall, ms', 'ours', performance.now() - t0);
    const t1 = performance.now();
    await run(['-e', '0']);
    s.add('`supervisor-tui --version` wall, ms', 'floor', performance.now() - t1);
  }
}
