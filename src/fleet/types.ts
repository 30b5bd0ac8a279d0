/** A fleet: the servers a command or the dashboard works on, as the servers file or `-s` name them. */

/** Where a password comes from: none, the file itself, or a command's output (run when first needed). */
export type Secret =
  | { kind: 'none' }
  | { kind: 'value'; value: string }
  /** timeoutMs: password_command_timeout; the command (its whole process group) is killed past it. */
  | { kind: 'command'; command: string; file: string; line: number; timeoutMs: number };

export interface FleetServer {
  /** Unique in the fleet; what `NAME@SERVER`, `@web*` and the SERVER column use. */
  name: string;
  serverurl: string;
  username: string | null;
  password: Secret;
}

/** Colours a context may have in the header (the theme's named colours). */
export const CONTEXT_COLORS = ['red', 'green', 'yellow', 'blue', 'magenta', 'cyan', 'white', 'gray'] as const;
export type ContextColor = (typeof CONTEXT_COLORS)[number];

export interface FleetContext {
  name: string;
  /** Server names, in the order given. */
  servers: string[];
  readonly: boolean;
  color: ContextColor | null;
}

export interface ServersFile {
  file: string;
  servers: ReadonlyMap<string, FleetServer>;
  contexts: ReadonlyMap<string, FleetContext>;
  /** A password is written in the file (the loader warns when others can read it). */
  hasPassword: boolean;
}

export interface Fleet {
  /** The context's name, or null for an ad-hoc fleet (`-s` repeated). */
  context: string | null;
  servers: FleetServer[];
  readonly: boolean;
  color: ContextColor | null;
}

/** A bad servers file, argument or secret: one line, naming the file and line where there is one. */
export class FleetError extends Error {
  override readonly name = 'FleetError';
}
