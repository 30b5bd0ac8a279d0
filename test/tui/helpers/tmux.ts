/** A private tmux server (its own -L socket) running one shell window, driven like a person would. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export class Tmux {
  readonly socket: string;
  readonly session = 'e2e';
  /** The dashboard's own state and config dirs, unless a test gives its own: never the runner's ~/.local/state or ~/.config. */
  private home: string | null = null;

  constructor(socket: string) {
    this.socket = socket;
  }

  private run(args: string[]): string {
    return execFileSync('tmux', ['-L', this.socket, ...args], { encoding: 'utf8' });
  }

  /** A plain shell whose prompt is `prompt`, `cols`x`rows`. */
  start(cols: number, rows: number, cwd: string, prompt: string, env: Record<string, string>): void {
    this.home = mkdtempSync(join(tmpdir(), 'svtui-tmux-home-'));
    const isolated = { XDG_STATE_HOME: join(this.home, 'state'), XDG_CONFIG_HOME: join(this.home, 'config') };
    const assigns = Object.entries({ ...isolated, ...env, PS1: prompt }).map(([k, v]) => `${k}='${v}'`);
    this.run(['-f', '/dev/null', 'new-session', '-d', '-s', this.session, '-x', String(cols), '-y', String(rows), '-c', cwd, `env ${assigns.join(' ')} sh`]);
  }

  /** Type a command line and press Enter. */
  line(text: string): void {
    this.run(['send-keys', '-t', this.session, '-l', text]);
    this.run(['send-keys', '-t', this.session, 'Enter']);
  }

  /** Send keys literally (`-l`) or as tmux key names (Escape, F9, PageDown…). */
  keys(text: string, literal = true): void {
    this.run(['send-keys', '-t', this.session, ...(literal ? ['-l'] : []), text]);
  }

  /** Bytes into the pane's input as they are (send-keys -H), e.g. a terminal's mouse report. */
  bytes(data: string): void {
    this.run(['send-keys', '-t', this.session, '-H', ...[...Buffer.from(data, 'utf8')].map((b) => b.toString(16).padStart(2, '0'))]);
  }

  /** A tmux format about the pane, e.g. `#{mouse_sgr_flag}` (is SGR mouse reporting on). */
  format(f: string): string {
    return this.run(['display-message', '-p', '-t', this.session, f]).trim();
  }

  capture(): string {
    return this.run(['capture-pane', '-p', '-t', this.session]);
  }

  lines(): string[] {
    return this.capture().split('\n');
  }

  alternateOn(): boolean {
    return this.run(['display-message', '-p', '-t', this.session, '#{alternate_on}']).trim() === '1';
  }

  resize(cols: number, rows: number): void {
    this.run(['resize-window', '-t', this.session, '-x', String(cols), '-y', String(rows)]);
  }

  kill(): void {
    try {
      this.run(['kill-server']);
    } catch {
      // already gone
    }
    if (this.home !== null) rmSync(this.home, { recursive: true, force: true });
    this.home = null;
  }
}
