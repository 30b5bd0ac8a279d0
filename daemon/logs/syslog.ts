/**
 * SyslogSink: sends lines to syslog through one long-lived `logger` process (util-linux), since Node has
 * no unix datagram sockets for /dev/log. One syslog message per line, as Supervisor's SyslogHandler does.
 */
import { spawn, type ChildProcess } from 'node:child_process';

export class SyslogSink {
  private child: ChildProcess | null;
  private failed = false;

  /** `tag` is the syslog identifier; onError is called once if `logger` cannot run or dies. */
  constructor(
    tag: string,
    private readonly onError: (err: Error) => void = () => {},
  ) {
    this.child = spawn('logger', ['-t', tag], { stdio: ['pipe', 'ignore', 'ignore'] });
    this.child.on('error', (err) => this.fail(new Error(`cannot send to syslog: logger: ${err.message}`)));
    this.child.on('exit', () => this.fail(new Error('cannot send to syslog: logger exited')));
    this.child.stdin?.on('error', () => {});
  }

  /** Send each line of `text` (trailing newline ignored) as one message. */
  send(text: string): void {
    if (this.child === null || this.failed) return;
    const lines = text.replace(/\n$/, '').split('\n');
    this.child.stdin?.write(lines.join('\n') + '\n');
  }

  close(): void {
    const c = this.child;
    this.child = null;
    c?.removeAllListeners('exit');
    c?.stdin?.end();
  }

  private fail(err: Error): void {
    if (this.failed || this.child === null) return;
    this.failed = true;
    this.onError(err);
  }
}
