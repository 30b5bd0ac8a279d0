/**
 * Keys typed into a tmux pane through one control-mode client (`tmux -C attach`), as a terminal
 * sends them: `tmux send-keys` from the bench forks the bench's node and starts a tmux client per
 * key, and on a busy box that alone took up to 80 ms before the key reached the pane.
 */
import { spawn } from 'node:child_process';

export interface TmuxKeys {
  /** Sends one tmux key name (`Space`, `j`, `C-l`) to the session's active pane. */
  send(key: string): void;
  close(): void;
}

export async function tmuxKeys(server: string, session: string): Promise<TmuxKeys> {
  const client = spawn('tmux', ['-L', server, '-C', 'attach', '-t', session], { stdio: ['pipe', 'pipe', 'ignore'] });
  // Its notifications (%begin/%end, %output of the pane) are not needed: read and dropped.
  client.stdout.resume();
  await new Promise<void>((resolve, reject) => {
    client.once('error', reject);
    client.stdout.once('data', () => resolve());
  });
  return {
    send(key) {
      client.stdin.write(`send-keys -t ${session} ${key}\n`);
    },
    close() {
      client.stdin.end();
      client.kill();
    },
  };
}
