/** Run the supervisor-tui bin from source, as a whole process. */
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { packageRoot } from '../../src/package-root.ts';

export const ROOT = packageRoot();
// tsx by absolute URL: a bare `--import tsx` resolves from the child's cwd, which tests often set to a temp dir.
const TSX = pathToFileURL(createRequire(join(ROOT, 'package.json')).resolve('tsx')).href;
export const CLI_ARGS = ['--import', TSX, join(ROOT, 'src/cli/main.ts')];

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export function runCli(args: string[], opts: SpawnOptions & { input?: string; timeoutMs?: number } = {}): Promise<CliResult> {
  return runProcess(process.execPath, [...CLI_ARGS, ...args], { ...opts, env: { ...(opts.env ?? process.env), ...CLI_ENV } });
}

// tsx finds tsconfig.json (and so the automatic JSX runtime) from the cwd; pin it for runs elsewhere.
export const CLI_ENV = { TSX_TSCONFIG_PATH: join(ROOT, 'tsconfig.json') };

export function spawnCli(args: string[], opts: SpawnOptions = {}): ChildProcess {
  return spawn(process.execPath, [...CLI_ARGS, ...args], { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'], ...opts, env: { ...(opts.env ?? process.env), ...CLI_ENV } });
}

export function runProcess(cmd: string, args: string[], opts: SpawnOptions & { input?: string; timeoutMs?: number } = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'], ...opts });
    let stdout = '';
    let stderr = '';
    child.stdout?.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr?.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 60_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
    // A child that exits without reading its stdin (zsh -n, a usage error) closes the pipe: not an error of the run.
    child.stdin?.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code !== 'EPIPE') reject(err);
    });
    child.stdin?.end(opts.input ?? '');
  });
}
