/**
 * The SupervisorClient: supervisor.* / system.* over XML-RPC with typed results, plus the
 * /logtail streams. Transport by serverurl scheme: unix://, http:// (basic auth), ssh://.
 */
import { RpcFault } from '../protocol/faults.ts';
import type { ConfigInfo, LogChannel, ProcessInfo, ProcessResult, ReloadDiff, SupervisorStateInfo, TailResult } from '../protocol/types.ts';
import { decodeResponse, XmlRpcParseError } from '../xmlrpc/decode.ts';
import { encodeMethodCall } from '../xmlrpc/encode.ts';
import type { XmlRpcValue } from '../xmlrpc/types.ts';
import { statusError } from './errors.ts';
import { HttpTransport, type HttpTarget } from './http-transport.ts';
import * as R from './results.ts';
import { SshTunnel, sshCommandFromEnv } from './ssh-tunnel.ts';
import {
  ClientError,
  type CallOptions,
  type ConnectOptions,
  type LogStream,
  type LogStreamHandlers,
  type MulticallResult,
  type SupervisorClient,
} from './types.ts';
import { isLocalEndpoint, parseServerUrl, ServerUrlError, type Endpoint } from './url.ts';

/** Calls that hold the response until processes have changed state (compat §5.5): no timeout. */
const WAITING_CALLS = new Map<string, number>([
  // method → index of its `wait` parameter (-1: always waits)
  ['supervisor.startProcess', 1],
  ['supervisor.startProcessGroup', 1],
  ['supervisor.startAllProcesses', 0],
  ['supervisor.stopProcess', 1],
  ['supervisor.stopProcessGroup', 1],
  ['supervisor.stopAllProcesses', 0],
  ['supervisor.clearAllProcessLogs', -1],
]);

function waits(method: string, params: readonly XmlRpcValue[]): boolean {
  const i = WAITING_CALLS.get(method);
  return i !== undefined && (i < 0 || params[i] !== false);
}

function multicallWaits(calls: { methodName: string; params?: XmlRpcValue[] }[]): boolean {
  return calls.some((c) => waits(c.methodName, c.params ?? []));
}

function basicAuth(username: string | null | undefined, password: string | null | undefined): string | null {
  // As supervisorctl: the header is sent only when both are set.
  if (username === null || username === undefined || password === null || password === undefined) return null;
  return `Basic ${Buffer.from(`${username}:${password}`, 'utf8').toString('base64')}`;
}

function tcpHostHeader(host: string, port: number): string {
  const h = host.includes(':') ? `[${host}]` : host;
  return port === 80 ? h : `${h}:${port}`;
}

function logtailPath(namespec: string, channel: LogChannel): string {
  // Names cannot hold '/', ':' separates group and process; escape the rest (supervisord unescapes).
  return `/logtail/${encodeURIComponent(namespec).replace(/%3A/gi, ':')}/${channel}`;
}

class Client implements SupervisorClient {
  readonly serverurl: string;
  readonly isLocal: boolean;
  private readonly timeoutMs: number;
  private readonly transport: HttpTransport | null;
  private readonly urlError: ClientError | null;
  private readonly tunnel: SshTunnel | null = null;
  readonly runRemote?: (command: string) => Promise<string>;

  constructor(opts: ConnectOptions) {
    this.serverurl = opts.serverurl;
    this.timeoutMs = opts.timeoutMs ?? 0;
    let endpoint: Endpoint | null = null;
    let urlError: ClientError | null = null;
    try {
      endpoint = parseServerUrl(opts.serverurl);
    } catch (err) {
      if (!(err instanceof ServerUrlError)) throw err;
      urlError = new ClientError('url', opts.serverurl, err.message);
    }
    this.urlError = urlError;
    this.isLocal = endpoint !== null && isLocalEndpoint(endpoint);
    if (endpoint === null) {
      this.transport = null;
      return;
    }
    const authorization = basicAuth(opts.username, opts.password);
    const url = opts.serverurl;
    if (endpoint.kind === 'unix') {
      const target: HttpTarget = { socketPath: endpoint.path, hostHeader: 'localhost' };
      this.transport = new HttpTransport({ url, authorization, target: () => Promise.resolve(target) });
    } else if (endpoint.kind === 'tcp') {
      const target: HttpTarget = { host: endpoint.host, port: endpoint.port, hostHeader: tcpHostHeader(endpoint.host, endpoint.port) };
      this.transport = new HttpTransport({ url, authorization, target: () => Promise.resolve(target) });
    } else {
      const remote = endpoint.remote;
      const tunnel = new SshTunnel(url, endpoint, opts.sshCommand ?? sshCommandFromEnv(), this.timeoutMs > 0 ? Math.max(this.timeoutMs, 15_000) : 30_000, opts.sshInteractive ?? false);
      this.tunnel = tunnel;
      this.runRemote = (command) => tunnel.exec(command);
      const hostHeader = remote.kind === 'unix' ? 'localhost' : tcpHostHeader(remote.host, remote.port);
      this.transport = new HttpTransport({
        url,
        authorization,
        target: async () => ({ socketPath: await tunnel.ready(), hostHeader }),
        explain: (err) => tunnel.explain(err),
      });
    }
  }

  private transportOrFail(): HttpTransport {
    if (this.transport === null) throw this.urlError as ClientError;
    return this.transport;
  }

  async call(method: string, params: XmlRpcValue[] = [], options: CallOptions = {}): Promise<XmlRpcValue> {
    const timeout = options.timeoutMs ?? (waits(method, params) ? 0 : this.timeoutMs);
    return this.rpc(method, params, timeout);
  }

  private async rpc(method: string, params: readonly XmlRpcValue[], timeoutMs: number): Promise<XmlRpcValue> {
    const transport = this.transportOrFail();
    const res = await transport.post('/RPC2', encodeMethodCall(method, params), timeoutMs);
    if (res.status !== 200) throw statusError(this.serverurl, res.status, res.reason);
    let value: XmlRpcValue | RpcFault;
    try {
      value = decodeResponse(res.body);
    } catch (err) {
      if (!(err instanceof XmlRpcParseError)) throw err;
      const type = res.contentType === '' ? 'no Content-Type' : `Content-Type ${res.contentType}`;
      throw new ClientError('protocol', this.serverurl, `${this.serverurl}: the server's answer is not XML-RPC (${type}: ${err.message})`, res.status);
    }
    if (value instanceof RpcFault) throw value;
    return value;
  }

  /** A call whose result is checked against the method's documented shape. */
  private async typed<T>(method: string, params: XmlRpcValue[], check: (method: string, v: XmlRpcValue) => T): Promise<T> {
    const v = await this.call(method, params);
    try {
      return check(method, v);
    } catch (err) {
      if (err instanceof R.ResultShapeError) throw new ClientError('protocol', this.serverurl, `${this.serverurl}: ${err.message}`);
      throw err;
    }
  }

  async multicall(calls: { methodName: string; params?: XmlRpcValue[] }[]): Promise<MulticallResult[]> {
    const structs = calls.map((c) => ({ methodName: c.methodName, params: c.params ?? [] }));
    const timeout = multicallWaits(calls) ? 0 : this.timeoutMs;
    const v = await this.rpc('system.multicall', [structs], timeout);
    if (!Array.isArray(v) || v.length !== calls.length) {
      throw new ClientError('protocol', this.serverurl, `${this.serverurl}: system.multicall returned ${Array.isArray(v) ? `${v.length} results for ${calls.length} calls` : 'no array'}`);
    }
    return v.map(R.multicallEntry);
  }

  getAPIVersion(): Promise<string> {
    return this.typed('supervisor.getAPIVersion', [], R.asString);
  }
  getVersion(): Promise<string> {
    return this.typed('supervisor.getVersion', [], R.asString);
  }
  getSupervisorVersion(): Promise<string> {
    return this.typed('supervisor.getSupervisorVersion', [], R.asString);
  }
  getIdentification(): Promise<string> {
    return this.typed('supervisor.getIdentification', [], R.asString);
  }
  getState(): Promise<SupervisorStateInfo> {
    return this.typed('supervisor.getState', [], R.asStateInfo);
  }
  getPID(): Promise<number> {
    return this.typed('supervisor.getPID', [], R.asNumber);
  }
  readLog(offset: number, length: number): Promise<string> {
    return this.typed('supervisor.readLog', [offset, length], R.asString);
  }
  clearLog(): Promise<boolean> {
    return this.typed('supervisor.clearLog', [], R.asBoolean);
  }
  shutdown(): Promise<boolean> {
    return this.typed('supervisor.shutdown', [], R.asBoolean);
  }
  restart(): Promise<boolean> {
    return this.typed('supervisor.restart', [], R.asBoolean);
  }
  reloadConfig(): Promise<ReloadDiff> {
    return this.typed('supervisor.reloadConfig', [], R.asReloadDiff);
  }
  addProcessGroup(name: string): Promise<boolean> {
    return this.typed('supervisor.addProcessGroup', [name], R.asBoolean);
  }
  removeProcessGroup(name: string): Promise<boolean> {
    return this.typed('supervisor.removeProcessGroup', [name], R.asBoolean);
  }

  startProcess(name: string, wait = true): Promise<boolean> {
    return this.typed('supervisor.startProcess', [name, wait], R.asBoolean);
  }
  startProcessGroup(name: string, wait = true): Promise<ProcessResult[]> {
    return this.typed('supervisor.startProcessGroup', [name, wait], R.asProcessResults);
  }
  startAllProcesses(wait = true): Promise<ProcessResult[]> {
    return this.typed('supervisor.startAllProcesses', [wait], R.asProcessResults);
  }
  stopProcess(name: string, wait = true): Promise<boolean> {
    return this.typed('supervisor.stopProcess', [name, wait], R.asBoolean);
  }
  stopProcessGroup(name: string, wait = true): Promise<ProcessResult[]> {
    return this.typed('supervisor.stopProcessGroup', [name, wait], R.asProcessResults);
  }
  stopAllProcesses(wait = true): Promise<ProcessResult[]> {
    return this.typed('supervisor.stopAllProcesses', [wait], R.asProcessResults);
  }
  signalProcess(name: string, signal: string | number): Promise<boolean> {
    return this.typed('supervisor.signalProcess', [name, signal], R.asBoolean);
  }
  signalProcessGroup(name: string, signal: string | number): Promise<ProcessResult[]> {
    return this.typed('supervisor.signalProcessGroup', [name, signal], R.asProcessResults);
  }
  signalAllProcesses(signal: string | number): Promise<ProcessResult[]> {
    return this.typed('supervisor.signalAllProcesses', [signal], R.asProcessResults);
  }

  getProcessInfo(name: string): Promise<ProcessInfo> {
    return this.typed('supervisor.getProcessInfo', [name], R.asProcessInfo);
  }
  getAllProcessInfo(): Promise<ProcessInfo[]> {
    return this.typed('supervisor.getAllProcessInfo', [], R.asProcessInfos);
  }
  getAllConfigInfo(): Promise<ConfigInfo[]> {
    return this.typed('supervisor.getAllConfigInfo', [], R.asConfigInfos);
  }

  readProcessLog(name: string, channel: LogChannel, offset: number, length: number): Promise<string> {
    const method = channel === 'stderr' ? 'supervisor.readProcessStderrLog' : 'supervisor.readProcessStdoutLog';
    return this.typed(method, [name, offset, length], R.asString);
  }
  tailProcessLog(name: string, channel: LogChannel, offset: number, length: number): Promise<TailResult> {
    const method = channel === 'stderr' ? 'supervisor.tailProcessStderrLog' : 'supervisor.tailProcessStdoutLog';
    return this.typed(method, [name, offset, length], R.asTailResult);
  }
  clearProcessLogs(name: string): Promise<boolean> {
    return this.typed('supervisor.clearProcessLogs', [name], R.asBoolean);
  }
  clearAllProcessLogs(): Promise<ProcessResult[]> {
    return this.typed('supervisor.clearAllProcessLogs', [], R.asProcessResults);
  }
  sendProcessStdin(name: string, chars: string): Promise<boolean> {
    return this.typed('supervisor.sendProcessStdin', [name, chars], R.asBoolean);
  }
  sendRemoteCommEvent(type: string, data: string): Promise<boolean> {
    return this.typed('supervisor.sendRemoteCommEvent', [type, data], R.asBoolean);
  }

  listMethods(): Promise<string[]> {
    return this.typed('system.listMethods', [], R.asStringArray);
  }
  methodHelp(name: string): Promise<string> {
    return this.typed('system.methodHelp', [name], R.asString);
  }
  methodSignature(name: string): Promise<string[]> {
    return this.typed('system.methodSignature', [name], R.asStringArray);
  }

  tailStream(namespec: string, channel: LogChannel, handlers: LogStreamHandlers): LogStream {
    return this.streamOrFail(logtailPath(namespec, channel), handlers);
  }
  mainTailStream(handlers: LogStreamHandlers): LogStream {
    return this.streamOrFail('/mainlogtail', handlers);
  }
  stream(path: string, handlers: LogStreamHandlers): LogStream {
    return this.streamOrFail(path, handlers);
  }

  private streamOrFail(path: string, handlers: LogStreamHandlers): LogStream {
    if (this.transport === null) {
      const err = this.urlError as ClientError;
      queueMicrotask(() => handlers.onEnd(err));
      return { close: () => undefined };
    }
    return this.transport.stream(path, handlers);
  }

  close(): void {
    this.transport?.close();
    this.tunnel?.close();
  }
}

/** A client for one server. Never throws: a bad URL fails each call with ClientError kind 'url'. */
export function createClient(opts: ConnectOptions): SupervisorClient {
  return new Client(opts);
}
