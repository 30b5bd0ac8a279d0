/** A private sshd on a loopback port (temporary host key and authorized key), for ssh:// tests. */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { join } from 'node:path';
import { freePort, supervisordSkipReason } from './daemon.ts';
import { which } from './tools.ts';
import { waitFor } from './wait.ts';

const SSHD = '/usr/sbin/sshd';

function portAccepts(p: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect({ host: '127.0.0.1', port: p }, () => {
      s.destroy();
      resolve(true);
    });
    s.on('error', () => resolve(false));
  });
}

/** sshd for `root` with a fresh key pair in `d`; `skip` says why not when it cannot run (also when supervisord is absent). */
export async function startSshd(d: string): Promise<{ skip: string | false; sshd: ChildProcess | null; port: number; sshCommand: string[] }> {
  let sshd: ChildProcess | null = null;
  let port = 0;
  const no = (skip: string) => ({ skip, sshd, port, sshCommand: [] as string[] });
  if (!existsSync(SSHD)) return no('sshd not installed (apt-get install -y openssh-server)');
  if (which('ssh') === null || which('ssh-keygen') === null) return no('ssh client not installed (apt-get install -y openssh-client)');
  const unsupported = supervisordSkipReason();
  if (unsupported) return no(unsupported);
  // sshd refuses to start without its privilege separation directory; the package's service creates it.
  if (!existsSync('/run/sshd') && process.getuid?.() === 0) mkdirSync('/run/sshd', { mode: 0o755 });
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(d, 'host_key')]);
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(d, 'client_key')]);
  writeFileSync(join(d, 'authorized_keys'), readFileSync(join(d, 'client_key.pub')), { mode: 0o600 });
  port = await freePort();
  writeFileSync(
    join(d, 'sshd_config'),
    [
      `Port ${port}`, 'ListenAddress 127.0.0.1', `HostKey ${join(d, 'host_key')}`, `PidFile ${join(d, 'sshd.pid')}`,
      `AuthorizedKeysFile ${join(d, 'authorized_keys')}`, 'StrictModes no', 'PasswordAuthentication no',
      'KbdInteractiveAuthentication no', 'PubkeyAuthentication yes', 'PermitRootLogin yes', 'UsePAM no',
      'AllowTcpForwarding yes', 'AllowStreamLocalForwarding yes', '',
    ].join('\n'),
  );
  let stderr = '';
  sshd = spawn(SSHD, ['-D', '-e', '-f', join(d, 'sshd_config')], { stdio: ['ignore', 'ignore', 'pipe'] });
  sshd.stderr?.setEncoding('utf8').on('data', (s: string) => (stderr += s));
  try {
    await waitFor(
      async () => {
        if (sshd?.exitCode !== null) throw new Error(stderr.trim());
        return portAccepts(port);
      },
      { timeoutMs: 10_000, message: 'sshd listening' },
    );
  } catch (err) {
    return no(`sshd could not start: ${err instanceof Error ? err.message : String(err)}`);
  }
  const sshCommand = ['ssh', '-F', '/dev/null', '-i', join(d, 'client_key'), '-o', 'UserKnownHostsFile=/dev/null', '-o', 'StrictHostKeyChecking=no'];
  return { skip: false, sshd, port, sshCommand };
}
