/**
 * The one typed client of the supervisor.* / system.* API. The classic subcommands and the
 * dashboard use only this, so they work the same against our daemon and the real supervisord.
 */
import type { RpcFault } from '../protocol/faults.ts';
import type {
  ConfigInfo,
  LogChannel,
  ProcessInfo,
  ProcessResult,
  ReloadDiff,
  SupervisorStateInfo,
  TailResult,
} from '../protocol/types.ts';
import type { XmlRpcValue } from '../xmlrpc/types.ts';

/** Why a call did not get an XML-RPC answer. `fault`s are RpcFault, not this. */
export type ClientErrorKind =
  | 'refused' // ECONNREFUSED: "<url> refused connection"
  | 'nofile' // unix socket missing: "<url> no such file"
  | 'auth' // HTTP 401: "Server requires authentication"
  | 'http' // another non-200 status
  | 'protocol' // not XML-RPC (HTML page, garbage, truncated)
  | 'timeout'
  | 'network' // anything else at the socket level (incl. ssh failures)
  | 'url'; // the serverurl's scheme is not unix://, http:// or ssh://

export class ClientError extends Error {
  readonly kind: ClientErrorKind;
  readonly url: string;
  readonly status: number | undefined;
  constructor(kind: ClientErrorKind, url: string, message: string, status?: number) {
    super(message);
    this.name = 'ClientError';
    this.kind = kind;
    this.url = url;
    this.status = status;
  }
}

export interface ConnectOptions {
  /** unix:///path, http://host:port, ssh://[user@]host[:port]/path/to/sock */
  serverurl: string;
  username?: string | null;
  password?: string | null;
  /** Per-call timeout in ms (0 = none). Deferred calls (start/stop with wait) can take long. */
  timeoutMs?: number;
  /** ssh program and options for ssh:// URLs (default: SUPERVISOR_TUI_SSH_COMMAND split on blanks, else `ssh`). */
  sshCommand?: string[];
  /** ssh:// only: the first tunnel start may ask on the terminal (host key, password); later ones never do. */
  sshInteractive?: boolean;
}

export interface CallOptions {
  /** Overrides ConnectOptions.timeoutMs for this call (0 = none). */
  timeoutMs?: number;
}

/** A live /logtail or /mainlogtail stream. */
export interface LogStream {
  close(): void;
}

export interface LogStreamHandlers {
  onData(chunk: Buffer): void;
  /** Called once: the stream ended or was close()d (err undefined), or failed (a 404 is ClientError kind 'http'). */
  onEnd(err?: ClientError): void;
}

export type MulticallResult = XmlRpcValue | RpcFault;

export interface SupervisorClient {
  readonly serverurl: string;
  /** True when the server is on this host (unix socket or loopback TCP): /proc stats apply. */
  readonly isLocal: boolean;

  call(method: string, params?: XmlRpcValue[], options?: CallOptions): Promise<XmlRpcValue>;
  multicall(calls: readonly { methodName: string; params?: XmlRpcValue[] }[]): Promise<MulticallResult[]>;

  getAPIVersion(): Promise<string>;
  /** The deprecated alias supervisorctl's upcheck calls. */
  getVersion(): Promise<string>;
  getSupervisorVersion(): Promise<string>;
  getIdentification(): Promise<string>;
  getState(): Promise<SupervisorStateInfo>;
  getPID(): Promise<number>;
  readLog(offset: number, length: number): Promise<string>;
  clearLog(): Promise<boolean>;
  shutdown(): Promise<boolean>;
  restart(): Promise<boolean>;
  reloadConfig(): Promise<ReloadDiff>;
  addProcessGroup(name: string): Promise<boolean>;
  removeProcessGroup(name: string): Promise<boolean>;

  startProcess(name: string, wait?: boolean): Promise<boolean>;
  startProcessGroup(name: string, wait?: boolean): Promise<ProcessResult[]>;
  startAllProcesses(wait?: boolean): Promise<ProcessResult[]>;
  stopProcess(name: string, wait?: boolean): Promise<boolean>;
  stopProcessGroup(name: string, wait?: boolean): Promise<ProcessResult[]>;
  stopAllProcesses(wait?: boolean): Promise<ProcessResult[]>;
  signalProcess(name: string, signal: string | number): Promise<boolean>;
  signalProcessGroup(name: string, signal: string | number): Promise<ProcessResult[]>;
  signalAllProcesses(signal: string | number): Promise<ProcessResult[]>;

  getProcessInfo(name: string): Promise<ProcessInfo>;
  getAllProcessInfo(): Promise<ProcessInfo[]>;
  getAllConfigInfo(): Promise<ConfigInfo[]>;

  readProcessLog(name: string, channel: LogChannel, offset: number, length: number): Promise<string>;
  tailProcessLog(name: string, channel: LogChannel, offset: number, length: number): Promise<TailResult>;
  clearProcessLogs(name: string): Promise<boolean>;
  clearAllProcessLogs(): Promise<ProcessResult[]>;
  sendProcessStdin(name: string, chars: string): Promise<boolean>;
  sendRemoteCommEvent(type: string, data: string): Promise<boolean>;

  listMethods(): Promise<string[]>;
  methodHelp(name: string): Promise<string>;
  methodSignature(name: string): Promise<string[]>;

  /** GET /logtail/<namespec>/<channel> as a stream: the last 1024 bytes, then new output. */
  tailStream(namespec: string, channel: LogChannel, handlers: LogStreamHandlers): LogStream;
  /** GET /mainlogtail. */
  mainTailStream(handlers: LogStreamHandlers): LogStream;
  /** GET any other streaming path of the server (e.g. our daemon's /supervisortui/feed?…), with the same auth and transport. */
  stream(path: string, handlers: LogStreamHandlers): LogStream;

  /**
   * ssh:// servers only: run a short shell command on the server host over the tunnel's
   * connection and return its stdout (the dashboard reads /proc this way). Absent otherwise.
   */
  readonly runRemote?: (command: string) => Promise<string>;

  /** Release sockets and any ssh tunnel. */
  close(): void;
}
