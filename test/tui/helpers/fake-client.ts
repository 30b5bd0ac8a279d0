/**
 * An in-memory SupervisorClient for driving the App without a server: processes with states,
 * start/stop/signal that change them and record the call order, a log per process.
 */
import { ClientError, type LogStream, type LogStreamHandlers, type MulticallResult, type SupervisorClient } from '../../../src/client/types.ts';
import { Faults, RpcFault } from '../../../src/protocol/faults.ts';
import { makeNamespec, ProcessStates, stateName, type ConfigInfo, type LogChannel, type ProcessInfo, type ReloadDiff, type TailResult } from '../../../src/protocol/index.ts';
import type { XmlRpcValue } from '../../../src/xmlrpc/types.ts';

export interface FakeProcess {
  group: string;
  name: string;
  prio: number;
  state: number;
  log: string;
}

export class FakeClient implements SupervisorClient {
  readonly serverurl = 'unix:///fake.sock';
  readonly isLocal: boolean = false;
  calls: string[] = [];
  down = false;
  diff: ReloadDiff = { added: [], changed: [], removed: [] };
  procs: FakeProcess[];
  /** Its processes started a minute before it was made; its clock runs with ours, as a server's does. */
  private readonly startedAt = Math.floor(Date.now() / 1000) - 60;
  get now(): number {
    return Math.floor(Date.now() / 1000);
  }

  constructor(procs: FakeProcess[]) {
    this.procs = procs;
  }

  private find(namespec: string): FakeProcess {
    const p = this.procs.find((x) => makeNamespec(x.group, x.name) === namespec);
    if (!p) throw RpcFault.of('BAD_NAME', namespec);
    return p;
  }

  private check(): void {
    if (this.down) throw new ClientError('refused', this.serverurl, `${this.serverurl} refused connection`);
  }

  private info(p: FakeProcess): ProcessInfo {
    const running = p.state === ProcessStates.RUNNING;
    return {
      name: p.name,
      group: p.group,
      start: running ? this.startedAt : 0,
      stop: 0,
      now: this.now,
      state: p.state,
      statename: stateName(p.state),
      spawnerr: '',
      exitstatus: 0,
      logfile: '',
      stdout_logfile: '',
      stderr_logfile: '',
      pid: running ? 100 + this.procs.indexOf(p) : 0,
      description: running ? 'pid, uptime 0:01:00' : 'Not started',
    };
  }

  /** Like a real supervisord: no supervisortui.* (or any other method called by name). */
  async call(method: string): Promise<XmlRpcValue> {
    this.check();
    throw new RpcFault(Faults.UNKNOWN_METHOD, `UNKNOWN_METHOD: ${method}`);
  }
  async multicall(calls: { methodName: string }[]): Promise<MulticallResult[]> {
    this.check();
    return calls.map((c) => {
      if (c.methodName === 'supervisor.getState') return { statecode: 1, statename: 'RUNNING' };
      if (c.methodName === 'supervisor.getAllProcessInfo') return this.procs.map((p) => this.info(p)) as unknown as XmlRpcValue;
      return new RpcFault(Faults.UNKNOWN_METHOD, 'UNKNOWN_METHOD');
    });
  }
  async getAPIVersion() {
    return '3.0';
  }
  async getVersion() {
    return '3.0';
  }
  async getSupervisorVersion() {
    this.check();
    return '4.2.5';
  }
  async getIdentification() {
    return 'supervisor';
  }
  async getState() {
    return { statecode: 1, statename: 'RUNNING' as const };
  }
  async getPID() {
    return 1;
  }
  async readLog() {
    return '';
  }
  async clearLog() {
    return true;
  }
  async shutdown() {
    return true;
  }
  async restart() {
    return true;
  }
  async reloadConfig() {
    this.calls.push('reloadConfig');
    return this.diff;
  }
  async addProcessGroup(name: string) {
    this.calls.push(`add ${name}`);
    return true;
  }
  async removeProcessGroup(name: string) {
    this.calls.push(`remove ${name}`);
    return true;
  }
  async startProcess(name: string) {
    const p = this.find(name);
    this.calls.push(`start ${name}`);
    if (p.state === ProcessStates.RUNNING) throw RpcFault.of('ALREADY_STARTED', name);
    p.state = ProcessStates.RUNNING;
    return true;
  }
  async startProcessGroup(): Promise<never> {
    throw new Error('not used');
  }
  async startAllProcesses(): Promise<never> {
    throw new Error('not used');
  }
  async stopProcess(name: string) {
    const p = this.find(name);
    this.calls.push(`stop ${name}`);
    if (p.state !== ProcessStates.RUNNING) throw RpcFault.of('NOT_RUNNING', name);
    p.state = ProcessStates.STOPPED;
    return true;
  }
  async stopProcessGroup(name: string) {
    this.calls.push(`stopGroup ${name}`);
    return [];
  }
  async stopAllProcesses(): Promise<never> {
    throw new Error('not used');
  }
  async signalProcess(name: string, signal: string | number) {
    this.find(name);
    this.calls.push(`signal ${signal} ${name}`);
    return true;
  }
  async signalProcessGroup(): Promise<never> {
    throw new Error('not used');
  }
  async signalAllProcesses(): Promise<never> {
    throw new Error('not used');
  }
  async getProcessInfo(name: string) {
    return this.info(this.find(name));
  }
  async getAllProcessInfo() {
    this.check();
    return this.procs.map((p) => this.info(p));
  }
  async getAllConfigInfo(): Promise<ConfigInfo[]> {
    this.check();
    return this.procs.map((p) => ({ name: p.name, group: p.group, group_prio: p.prio, process_prio: p.prio }) as ConfigInfo);
  }
  async readProcessLog(name: string, _channel: LogChannel, offset: number, length: number) {
    const log = this.find(name).log;
    return log.slice(offset, length === 0 ? undefined : offset + length);
  }
  /** supervisord's tailFile: the last `length` bytes (one char = one byte here) and the size. */
  async tailProcessLog(name: string, _channel: LogChannel, offset: number, length: number): Promise<TailResult> {
    const log = this.find(name).log;
    const sz = log.length;
    let overflow = false;
    if (sz > offset + length) {
      overflow = true;
      offset = sz - 1;
    }
    if (offset + length > sz) {
      if (offset > sz - 1) length = 0;
      offset = sz - length;
    }
    offset = Math.max(0, offset);
    return [length <= 0 ? '' : log.slice(offset, offset + length), sz, overflow];
  }
  async clearProcessLogs(name: string) {
    this.find(name).log = '';
    this.calls.push(`clear ${name}`);
    return true;
  }
  async clearAllProcessLogs() {
    return [];
  }
  async sendProcessStdin() {
    return true;
  }
  async sendRemoteCommEvent() {
    return true;
  }
  async listMethods() {
    return [];
  }
  async methodHelp() {
    return '';
  }
  async methodSignature() {
    return [];
  }
  /** Like a server without /logtail: the pane falls back to polling. */
  tailStream(_n: string, _c: LogChannel, handlers: LogStreamHandlers): LogStream {
    queueMicrotask(() => handlers.onEnd(new ClientError('http', this.serverurl, 'Not Found', 404)));
    return { close: () => {} };
  }
  mainTailStream(handlers: LogStreamHandlers): LogStream {
    return this.tailStream('', 'stdout', handlers);
  }
  stream(_path: string, handlers: LogStreamHandlers): LogStream {
    return this.tailStream('', 'stdout', handlers);
  }
  close(): void {}
}
