/**
 * A tmux pane's output as its terminal receives it (`pipe-pane` into a FIFO), replayed into a
 * virtual screen, so a bench can wait for a line to show without asking tmux: polling
 * `capture-pane` spawns a tmux client each time, ~10 per key on a box whose two cores the
 * dashboard, tmux and the servers share.
 */
import { execFileSync } from 'node:child_process';
import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { VirtualScreen } from '../../tui/term/virtual-screen.ts';

export interface PaneStream {
  /** Resolves with the wall time (timeOrigin + now) at which line `row` first matched `re`. */
  waitForLine(row: number, re: RegExp, timeoutMs: number): Promise<number>;
  close(): void;
}

/** `tmux` runs a tmux command on the bench's server; `dir` holds the FIFO. Sends Ctrl-L so the screen starts whole. */
export async function paneStream(tmux: (...args: string[]) => string, dir: string, cols: number, rows: number): Promise<PaneStream> {
  const fifo = join(dir, 'pane.fifo');
  execFileSync('mkfifo', [fifo]);
  const screen = new VirtualScreen(cols, rows);
  const stream = createReadStream(fifo, { encoding: 'utf8' });
  let waiter: { row: number; re: RegExp; resolve(at: number): void } | null = null;
  const check = () => {
    if (waiter !== null && waiter.re.test(screen.lines[waiter.row]!.chars.join(''))) {
      const w = waiter;
      waiter = null;
      w.resolve(performance.timeOrigin + performance.now());
    }
  };
  stream.on('data', (chunk) => {
    screen.write(String(chunk));
    check();
  });
  const opened = new Promise<void>((resolve, reject) => {
    stream.once('open', () => resolve());
    stream.once('error', reject);
  });
  tmux('pipe-pane', '-O', `exec cat > ${fifo}`);
  await opened;
  tmux('send-keys', 'C-l');
  return {
    waitForLine(row, re, timeoutMs) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiter = null;
          reject(new Error(`line ${row} did not match ${re} in ${timeoutMs} ms: ${JSON.stringify(screen.lines[row]!.chars.join(''))}`));
        }, timeoutMs);
        waiter = {
          row,
          re,
          resolve: (at) => {
            clearTimeout(timer);
            resolve(at);
          },
        };
        check();
      });
    },
    close() {
      try {
        tmux('pipe-pane');
      } catch {
        // the pane is gone
      }
      stream.destroy();
    },
  };
}
