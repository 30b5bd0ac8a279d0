import { spawn } from 'node:child_process';

/** Create a named pipe with mkfifo(1) (Node has no mkfifo); rejects if it fails. */
export function makeFifo(path: string): Promise<void> {
  return new Promise((resolve, reject) => {
    spawn('mkfifo', [path], { stdio: 'ignore' })
      .once('error', reject)
      .once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`mkfifo ${path} exited with ${code}`))));
  });
}
