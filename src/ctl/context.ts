/**
 * What every command works with: the connection settings, a lazily created client, the output
 * streams, the terminal (for confirmations, passwords and Ctrl-C) and the exit status.
 */
import type { ConnectOptions, SupervisorClient } from '../client/types.ts';
import { ExitStatus } from './exit-status.ts';

export interface Settings {
  serverurl: string;
  username: string | null;
  password: string | null;
  prompt: string;
  historyFile: string | null;
}

export type Connect = (opts: ConnectOptions) => SupervisorClient;

/** Line input and Ctrl-C, shared by the shell prompt, confirmations, `fg` and `tail -f`. */
export interface Terminal {
  /** Reads one line (without its newline) after printing `prompt`; null at end of input or Ctrl-C. */
  readLine(prompt: string, opts?: { hidden?: boolean }): Promise<string | null>;
  /** Ctrl-C goes to the most recently registered handler until it is disposed. */
  onInterrupt(handler: () => void): () => void;
  /** Whether a person is at the keyboard (stdin and stdout are terminals). */
  readonly isTTY: boolean;
  /** Lines entered so far, most recent first (saved to history_file by the shell). */
  history(): string[];
  close(): void;
}

/** A session with no keyboard: confirmations and credential prompts read end-of-input. */
export const NO_TERMINAL: Terminal = {
  readLine: async () => null,
  onInterrupt: () => () => {},
  isTTY: false,
  history: () => [],
  close: () => {},
};

export interface Output {
  write(text: string): void;
  writeErr(text: string): void;
}

export class Ctl {
  readonly exit = new ExitStatus();
  private current: SupervisorClient | null = null;

  constructor(
    public settings: Settings,
    private readonly connect: Connect,
    readonly output: Output,
    readonly terminal: Terminal,
    /** Shell mode: confirmations for shutdown/reload, credentials asked for on a 401. */
    readonly interactive: boolean,
    /** Colour state words and tail prefixes. */
    readonly color: boolean,
  ) {}

  client(): SupervisorClient {
    this.current ??= this.connect({
      serverurl: this.settings.serverurl,
      username: this.settings.username,
      password: this.settings.password,
    });
    return this.current;
  }

  /** New server or credentials (open, the 401 prompt): the next call reconnects. */
  reconfigure(change: Partial<Settings>): void {
    this.settings = { ...this.settings, ...change };
    this.closeClient();
  }

  closeClient(): void {
    this.current?.close();
    this.current = null;
  }

  /** One line on stdout: supervisorctl prints results and errors alike there. */
  out(line: string): void {
    this.output.write(line + '\n');
  }

  err(line: string): void {
    this.output.writeErr(line + '\n');
  }
}
