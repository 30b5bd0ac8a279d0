/**
 * The shell and `status` at a real terminal (tmux): colour, tab completion of commands and
 * names, history_file, Ctrl-C out of `tail -f` back to the prompt, and the 401 credential prompt
 * with the password not echoed.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLI_ARGS, ROOT } from '../helpers/cli.ts';
import { freePort } from '../helpers/daemon.ts';
import { skipReason } from '../helpers/tools.ts';
import { waitFor } from '../helpers/wait.ts';
import { realSkipReason, settle, startServer, type Server } from './golden.ts';

const SOCKET = `svt-ctl-${process.pid}`;

function tmux(...args: string[]): string {
  return execFileSync('tmux', ['-L', SOCKET, ...args], { encoding: 'utf8' });
}

/** The pane's text (tmux drops trailing blanks of each line); with escapes when `sgr`. */
function screen(session: string, sgr = false): string {
  return tmux('capture-pane', '-p', ...(sgr ? ['-e'] : []), '-t', session).replace(/\n+$/, '\n');
}

async function waitScreen(session: string, re: RegExp, sgr = false): Promise<string> {
  return waitFor(() => (re.test(screen(session, sgr)) ? screen(session, sgr) : null), {
    // generous: the first start after an edit recompiles under tsx, on a shared, loaded machine
    timeoutMs: 30_000,
    message: `screen matching ${re}; screen:\n${screen(session, sgr)}`,
  });
}

function startShell(session: string, args: string[], env: Record<string, string> = {}): void {
  const envs = Object.entries({ NODE_ENV: 'production', ...env }).map(([k, v]) => `${k}=${v}`);
  // The pane stays after the command ends, so its last screen can be read.
  const cmd = ['env', '-u', 'NO_COLOR', '-u', 'CI', ...envs, process.execPath, ...CLI_ARGS, ...args].map((w) => `'${w}'`).join(' ') + '; sleep 60';
  tmux('new-session', '-d', '-s', session, '-x', '140', '-y', '40', '-c', ROOT, cmd);
}

describe('at a terminal', () => {
  const skip = realSkipReason() || skipReason('tmux', 'tmux');
  let server: Server | null = null;
  before(async () => {
    if (skip) return;
    server = await startServer('real', 'basic.conf');
    await settle(server, (s) => / FATAL /.test(s));
  });
  after(async () => {
    if (!skip) {
      try {
        tmux('kill-server');
      } catch {
        // no session left
      }
    }
    await server?.stop();
  });

  test('status in colour on a terminal, plain with NO_COLOR', { skip }, async () => {
    startShell('st', ['-c', server!.conf, 'status']);
    const coloured = await waitScreen('st', /talker/, true);
    assert.match(coloured, /\x1b\[32mRUNNING\x1b\[(0|39)m/);
    assert.match(coloured, /\x1b\[31mFATAL/);
    startShell('nc', ['-c', server!.conf, 'status'], { NO_COLOR: '1' });
    const plain = await waitScreen('nc', /talker/, true);
    assert.doesNotMatch(plain, /\x1b\[3[12]m/);
  });

  test('shell: completion, history file, tail -f and Ctrl-C back to the prompt, Ctrl-C to leave', { skip }, async () => {
    const history = join(server!.dir, 'history');
    writeFileSync(history, 'pid\n');
    startShell('sh', ['-c', server!.conf, '-r', history, 'shell']);
    await waitScreen('sh', /supervisor>$/m);
    tmux('send-keys', '-t', 'sh', 'vers', 'Tab');
    await waitScreen('sh', /supervisor> version$/m);
    tmux('send-keys', '-t', 'sh', 'Enter');
    await waitScreen('sh', /^4\.2\.5$/m);
    tmux('send-keys', '-t', 'sh', 'status tal', 'Tab');
    await waitScreen('sh', /supervisor> status talker$/m);
    tmux('send-keys', '-t', 'sh', 'Enter');
    // This command's own output and the prompt after it: the status printed at start-up also shows talker.
    await waitScreen('sh', /status talker\s*\ntalker +RUNNING[^\n]*\nsupervisor>\s*$/m);
    tmux('send-keys', '-t', 'sh', 'stop grp:', 'Tab', 'Tab');
    await waitScreen('sh', /grp:\*/);
    tmux('send-keys', '-t', 'sh', 'C-u');
    tmux('send-keys', '-t', 'sh', 'tail -f talker', 'Enter');
    await waitScreen('sh', /out line 3\n/);
    tmux('send-keys', '-t', 'sh', 'C-c');
    await waitScreen('sh', /out line 3\n\nsupervisor>$/m);
    // history: the file's entry, then this session's lines
    tmux('send-keys', '-t', 'sh', 'Up', 'Up', 'Up', 'Up');
    await waitScreen('sh', /supervisor> pid$/m);
    tmux('send-keys', '-t', 'sh', 'C-u', 'C-c');
    await waitFor(() => existsSync(history) && readFileSync(history, 'utf8').includes('tail -f talker'), { message: 'history saved' });
    // lines as typed, completion's trailing space included (GNU readline keeps it too)
    assert.deepEqual(readFileSync(history, 'utf8').split('\n').filter(Boolean), ['pid', 'version ', 'status talker ', 'tail -f talker']);
  });

  test('a 401 in the shell asks for username and password, without echo', { skip }, async () => {
    const port = String(await freePort());
    const inet = await startServer('real', 'inet.conf', { PORT: port });
    try {
      const bare = join(inet.dir, 'bare.conf');
      writeFileSync(bare, `[supervisorctl]\nserverurl=http://127.0.0.1:${port}\n`);
      startShell('pw', ['-c', bare, 'shell']);
      await waitScreen('pw', /Username:$/m);
      tmux('send-keys', '-t', 'pw', 'user', 'Enter');
      await waitScreen('pw', /Password:$/m);
      tmux('send-keys', '-t', 'pw', 'secret', 'Enter');
      await waitScreen('pw', /^sleeper +RUNNING/m);
      assert.doesNotMatch(screen('pw'), /secret/);
      tmux('send-keys', '-t', 'pw', 'quit', 'Enter');
      // A one-shot command at a terminal without a password asks too (supervisorctl just fails).
      startShell('pw1', ['-c', bare, 'version']);
      await waitScreen('pw1', /Username:$/m);
      tmux('send-keys', '-t', 'pw1', 'user', 'Enter');
      await waitScreen('pw1', /Password:$/m);
      tmux('send-keys', '-t', 'pw1', 'secret', 'Enter');
      await waitScreen('pw1', /^4\.2\.5$/m);
      assert.doesNotMatch(screen('pw1'), /secret/);
    } finally {
      await inet.stop();
    }
  });
});
