/** The floor for our idle RSS: a bare `node` HTTP server on a unix socket, nothing else loaded. */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rssAnonMiB, rssMiB } from './proc.ts';
import type { Samples } from './samples.ts';

const SERVER = "require('node:http').createServer((q, s) => s.end('ok')).listen(process.argv[1])";

export async function bareNodeServer(s: Samples, settleMs: number): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'bnf-'));
  const sock = join(dir, 's.sock');
  const child = spawn(process.execPath, ['-e', SERVER, sock], { stdio: 'ignore' });
  try {
    const deadline = Date.now() + 20_000;
    while (!existsSync(sock)) {
      if (Date.now() > deadline) throw new Error('bare node server did not listen');
      await new Promise((r) => setTimeout(r, 5));
    }
    await new Promise((r) => setTimeout(r, settleMs));
    s.add('RSS idle N=0, MiB', 'floor', rssMiB(child.pid!));
    s.add('RssAnon (private) idle N=0, MiB', 'floor', rssAnonMiB(child.pid!));
  } finally {
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
    rmSync(dir, { recursive: true, force: true });
  }
}
