/**
 * A private sshd on a loopback port (temporary host key and authorized key) and the ssh command
 * line that reaches it, for tests of the ssh:// transport. Skips (with the reason) when sshd or
 * the ssh client is not installed.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { join } from 'node:path';
import { freePort } from './daemon.ts';
import { which } from './tools.ts';
import { waitFor } from './wait.ts';

const SSHD = '/usr/sbin/sshd';

export interface Sshd {
  port: number;
  /** ssh and its options (key, no host key checks), for ConnectOptions.sshCommand or SUPERVISOR_TUI_SSH_COMMAND. */
  sshCommand: string[];
  /** `ssh://root@127.0.0.1:<port><path>` */
  url(remotePath: string): string;
  stop(): void;
}

function portAccepts(p: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect({ host: '127.0.0.1', port: p }, () => {
      s.destroy();
      resolve(true);
    });
    s.on('error', () => resolve(false));
  });
}

/** Starts sshd with its keys in `dir`; a string is why it cannot run here. */
export async function startSshd(dir: string): Promise<Sshd | string> {
  if (!existsSync(SSHD)) return 'sshd not installed (apt-get install -y openssh-server)';
  if (which('ssh') === null || which('ssh-keygen') === null) return 'ssh client not installed (apt-get install -y openssh-client)';
  // sshd refuses to start without its privilege separation directory; the package's service creates it.
  if (!existsSync('/run/sshd') && process.getuid?.() === 0) mkdirSync('/run/sshd', { mode: 0o755 });
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(dir, 'host_key')]);
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(dir, 'client_key')]);
  writeFileSync(join(dir, 'authorized_keys'), readFileSync(join(dir, 'client_key.pub')), { mode: 0o600 });
  const port = await freePort();
  writeFileSync(
    join(dir, 'sshd_config'),
    [
      `Port ${port}`, 'ListenAddress 127.0.0.1', `HostKey ${join(dir, 'host_key')}`, `PidFile ${join(dir, 'sshd.pid')}`,
      `AuthorizedKeysFile ${join(dir, 'authorized_keys')}`, 'StrictModes no', 'PasswordAuthentication no',
      'KbdInteractiveAuthentication no', 'PubkeyAuthentication yes', 'PermitRootLogin yes', 'UsePAM no',
      'AllowTcpForwarding yes', 'AllowStreamLocalForwarding yes', 'MaxStartups 100', 'MaxSessions 100', '',
    ].join('\n'),
  );
  let stderr = '';
  const sshd: ChildProcess = spawn(SSHD, ['-D', '-e', '-f', join(dir, 'sshd_config')], { stdio: ['ignore', 'ignore', 'pipe'] });
  sshd.stderr?.setEncoding('utf8').on('data', (s: string) => (stderr += s));
  try {
    await waitFor(
      async () => {
        if (sshd.exitCode !== null) throw new Error(stderr.trim());
        return portAccepts(port);
      },
      { timeoutMs: 10_000, message: 'sshd listening' },
    );
  } catch (err) {
    sshd.kill('SIGTERM');
    return `sshd could not start: ${err instanceof Error ? err.message : String(err)}`;
  }
  const sshCommand = ['ssh', '-F', '/dev/null', '-i', join(dir, 'client_key'), '-o', 'UserKnownHostsFile=/dev/null', '-o', 'StrictHostKeyChecking=no'];
  return {
    port,
    sshCommand,
    url: (remotePath) => `ssh://root@127.0.0.1:${port}${remotePath}`,
    stop: () => void sshd.kill('SIGTERM'),
  };
}
