/**
 * Every question the config reader asks the machine, behind one interface, so the same reader
 * runs against the real system (real-world.ts: the daemon, `check`) or a described one (the corpus tests).
 */

export interface UserEntry {
  /** null when the id resolves but has no passwd name (a described world can say so). */
  readonly name: string | null;
  readonly uid: number;
  readonly gid: number;
  readonly home: string | null;
}

export interface World {
  cwd(): string;
  /** `platform.node()`, for %(host_node_name)s. */
  hostname(): string;
  /** supervisord's environment at start: the source of the ENV_* expansions. */
  env(): Readonly<Record<string, string>>;
  /** supervisord's own uid. */
  uid(): number;
  /** Default childlogdir (`tempfile.gettempdir()`). */
  tempdir(): string;
  /** Text of a file (UTF-8); throws when it cannot be read. */
  readFile(path: string): string;
  /** Whether anything exists at `path` (os.path.lexists). */
  exists(path: string): boolean;
  isDirectory(path: string): boolean;
  /** Python glob.glob(pattern), unsorted. */
  glob(pattern: string): string[];
  userByName(name: string): UserEntry | null;
  userByUid(uid: number): UserEntry | null;
  /** gid of a group name, or null. */
  groupByName(name: string): number | null;
  groupExists(gid: number): boolean;
  /** Whether `module` imports and has the attribute chain `attrs` (rpcinterface/result_handler/ctlplugin factories). */
  canImport(module: string, attrs: readonly string[]): boolean;
}
