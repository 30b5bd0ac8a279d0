/**
 * The supervisor.* namespace (compat §5.3): every public method of Supervisor 4.2.5 with its
 * checks in Supervisor's order, return shapes and faults. Engine effects go through RpcEngine.
 */
import { Faults, RpcFault } from '../../src/protocol/faults.ts';
import { makeNamespec, splitNamespec } from '../../src/protocol/namespec.ts';
import { parseSignal } from '../../src/protocol/signals.ts';
import { ProcessStates, RUNNING_STATES, SIGNALLABLE_STATES, STOPPED_STATES, SupervisorStates } from '../../src/protocol/states.ts';
import { API_VERSION, SUPERVISOR_VERSION, type LogChannel, type ProcessInfo, type TailResult } from '../../src/protocol/types.ts';
import type { XmlRpcValue } from '../../src/xmlrpc/types.ts';
import { describeProcess } from '../process/describe.ts';
import { method, type MethodSpec } from './dispatch.ts';
import type { RpcEngine, RpcGroup, RpcProcess } from './engine-port.ts';
import { PENDING, forEachProcess, resultsValue, settle } from './group-ops.ts';

/** Byte-range reads of log files (daemon/logs), with compat §5.4 semantics. */
export interface LogReader {
  /** read*Log: BAD_ARGUMENTS for bad ranges; the bytes of the range. */
  readRange(path: string, offset: number, length: number): Promise<Buffer>;
  /** tail*Log: [bytes, newOffset, overflow]. */
  tail(path: string, offset: number, length: number): Promise<[Buffer, number, boolean]>;
}

const INT32_MAX = 2147483647;
const INT32_MIN = -2147483648;

/** Supervisor's capped_int: timestamps travel as 32-bit ints. */
export function cappedInt(v: number): number {
  return Math.min(INT32_MAX, Math.max(INT32_MIN, Math.trunc(v)));
}

export function processInfo(proc: RpcProcess, nowSeconds: number): ProcessInfo {
  const s = proc.snapshot();
  const stdout = proc.logfile('stdout') ?? '';
  return {
    name: proc.name,
    group: proc.group,
    start: cappedInt(s.laststart),
    stop: cappedInt(s.laststop),
    now: cappedInt(nowSeconds),
    state: ProcessStates[s.state],
    statename: s.state,
    spawnerr: s.spawnerr,
    exitstatus: s.exitstatus ?? 0,
    logfile: stdout,
    stdout_logfile: stdout,
    stderr_logfile: proc.logfile('stderr') ?? '',
    pid: s.pid,
    description: describeProcess({
      name: proc.name,
      state: s.state,
      pid: s.pid,
      laststart: s.laststart,
      laststop: s.laststop,
      spawnerr: s.spawnerr,
      now: nowSeconds,
    }),
  };
}

function asValue(v: object): XmlRpcValue {
  return v as unknown as XmlRpcValue;
}

/** Python's lexical order (code points), as sort() on str does. */
function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function supervisorMethods(engine: RpcEngine, logs: LogReader, now: () => number = () => Date.now() / 1000): [string, MethodSpec][] {
  const findGroup = (name: string): RpcGroup | undefined => engine.groups().find((g) => g.name === name);

  /** Supervisor's _getGroupAndProcess: [group, process] or [group, null] for `g:*`; BAD_NAME otherwise. */
  const lookup = (namespec: string): [RpcGroup, RpcProcess | null] => {
    const [groupName, procName] = splitNamespec(namespec);
    const group = findGroup(groupName);
    if (group === undefined) throw RpcFault.of('BAD_NAME', namespec);
    if (procName === null) return [group, null];
    const proc = group.processes().find((p) => p.name === procName);
    if (proc === undefined) throw RpcFault.of('BAD_NAME', namespec);
    return [group, proc];
  };
  const lookupProcess = (namespec: string): RpcProcess => {
    const [, proc] = lookup(namespec);
    if (proc === null) throw RpcFault.of('BAD_NAME', namespec);
    return proc;
  };
  const allProcesses = (): RpcProcess[] => engine.groups().flatMap((g) => [...g.processes()]);
  const stateOf = (p: RpcProcess) => p.snapshot().state;
  const checkRunning = (): void => {
    if (SupervisorStates[engine.mood()] < SupervisorStates.RUNNING) throw RpcFault.of('SHUTDOWN_STATE');
  };
  const subscribe = (l: () => void) => engine.onStateChange(l);

  function startOne(namespec: string, wait: boolean): XmlRpcValue | Promise<XmlRpcValue> {
    checkRunning();
    const [group, proc] = lookup(namespec);
    if (proc === null) return startGroup(group, wait);
    const bad = proc.checkCommand();
    if (bad !== null) throw bad;
    const state = stateOf(proc);
    if (RUNNING_STATES.has(state)) throw RpcFault.of('ALREADY_STARTED', namespec);
    if (state === 'UNKNOWN') throw RpcFault.of('FAILED', `${namespec} is in an unknown process state`);
    // 4.2.5 answers true for a STOPPING process and leaves it stopped (compat §2.2 bug): refuse instead.
    if (state === 'STOPPING') throw RpcFault.of('ALREADY_STARTED', namespec);
    proc.start();
    if (proc.snapshot().spawnerr !== '') throw RpcFault.of('SPAWN_ERROR', namespec);
    if (!wait || stateOf(proc) === 'RUNNING') return true;
    return settle(subscribe, () => {
      const s = proc.snapshot();
      if (s.spawnerr !== '') throw RpcFault.of('SPAWN_ERROR', namespec);
      if (s.state === 'RUNNING') return true;
      if (s.state !== 'STARTING') throw RpcFault.of('ABNORMAL_TERMINATION', namespec);
      return PENDING;
    });
  }

  function startGroup(group: RpcGroup, wait: boolean): Promise<XmlRpcValue> {
    return forEachProcess(group.processes(), (p) => !RUNNING_STATES.has(stateOf(p)), (ns) => startOne(ns, wait)).then(resultsValue);
  }

  function stopOne(namespec: string, wait: boolean): XmlRpcValue | Promise<XmlRpcValue> {
    checkRunning();
    const [group, proc] = lookup(namespec);
    if (proc === null) return stopGroup(group, wait);
    if (!RUNNING_STATES.has(stateOf(proc))) throw RpcFault.of('NOT_RUNNING', namespec);
    const msg = proc.stop();
    if (msg !== null) throw RpcFault.of('FAILED', msg);
    if (!wait || STOPPED_STATES.has(stateOf(proc))) return true;
    return settle(subscribe, () => (STOPPED_STATES.has(stateOf(proc)) ? true : PENDING));
  }

  function stopGroup(group: RpcGroup, wait: boolean): Promise<XmlRpcValue> {
    return forEachProcess(group.processes(), (p) => RUNNING_STATES.has(stateOf(p)), (ns) => stopOne(ns, wait)).then(resultsValue);
  }

  function signalOne(namespec: string, signal: string | number): XmlRpcValue {
    checkRunning();
    const [group, proc] = lookup(namespec);
    if (proc === null) return signalGroup(group, signal);
    let num: number;
    try {
      num = parseSignal(String(signal)).number;
    } catch {
      throw RpcFault.of('BAD_SIGNAL', String(signal));
    }
    if (!SIGNALLABLE_STATES.has(stateOf(proc))) throw RpcFault.of('NOT_RUNNING', namespec);
    const msg = proc.signal(num);
    if (msg !== null) throw RpcFault.of('FAILED', msg);
    return true;
  }

  /** Signals are synchronous: every outcome is known when the loop ends. */
  function signalAll(procs: readonly RpcProcess[], signal: string | number): XmlRpcValue {
    const results: XmlRpcValue[] = [];
    for (const p of procs) {
      if (!SIGNALLABLE_STATES.has(stateOf(p))) continue;
      const ns = makeNamespec(p.group, p.name);
      try {
        signalOne(ns, signal);
        results.push({ name: p.name, group: p.group, status: Faults.SUCCESS, description: 'OK' });
      } catch (err) {
        if (!(err instanceof RpcFault)) throw err;
        results.push({ name: p.name, group: p.group, status: err.faultCode, description: err.faultString });
      }
    }
    return results;
  }

  function signalGroup(group: RpcGroup, signal: string | number): XmlRpcValue {
    return signalAll(group.processes(), signal);
  }

  async function readProcessLog(namespec: string, channel: LogChannel, offset: number, length: number): Promise<string> {
    const proc = lookupProcess(namespec);
    const path = proc.logfile(channel);
    if (path === null) throw RpcFault.of('NO_FILE');
    return readFileRange(path, offset, length);
  }

  async function readFileRange(path: string, offset: number, length: number): Promise<string> {
    let data: Buffer;
    try {
      data = await logs.readRange(path, offset, length);
    } catch (err) {
      if (err instanceof RpcFault) throw err;
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw RpcFault.of('NO_FILE', path);
      throw RpcFault.of('FAILED');
    }
    // A range may cut a UTF-8 sequence: replacement characters, never an error (compat §5.4).
    return data.toString('utf8');
  }

  async function tailProcessLog(namespec: string, channel: LogChannel, offset: number, length: number): Promise<XmlRpcValue> {
    const proc = lookupProcess(namespec);
    const path = proc.logfile(channel);
    const none: TailResult = ['', 0, false];
    if (path === null) return none;
    try {
      const [data, size, overflow] = await logs.tail(path, offset, length);
      return [data.toString('utf8'), size, overflow];
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return none;
      throw err;
    }
  }

  function clearOne(namespec: string): true {
    checkRunning();
    const proc = lookupProcess(namespec);
    try {
      proc.clearLogs();
    } catch {
      throw RpcFault.of('FAILED', namespec);
    }
    return true;
  }

  const getProcessInfo = method(['string'], (name) => asValue(processInfo(lookupProcess(name), now())));
  const getVersion = method([], () => API_VERSION);
  const readLog = method(['int', 'int'], async (offset, length) => {
    const path = engine.mainLogfile();
    if (path === null) throw RpcFault.of('NO_FILE');
    return readFileRange(path, offset, length);
  });
  const readStdout = method(['string', 'int', 'int'], (name, offset, length) => readProcessLog(name, 'stdout', offset, length));
  const tailStdout = method(['string', 'int', 'int'], (name, offset, length) => tailProcessLog(name, 'stdout', offset, length));
  const clearProcessLogs = method(['string'], (name) => clearOne(name));

  return [
    ['supervisor.getAPIVersion', getVersion],
    ['supervisor.getVersion', getVersion],
    ['supervisor.getSupervisorVersion', method([], () => SUPERVISOR_VERSION)],
    ['supervisor.getIdentification', method([], () => engine.identifier())],
    [
      'supervisor.getState',
      method([], () => {
        const mood = engine.mood();
        return { statecode: SupervisorStates[mood], statename: mood };
      }),
    ],
    ['supervisor.getPID', method([], () => engine.pid)],
    ['supervisor.readLog', readLog],
    ['supervisor.readMainLog', readLog],
    [
      'supervisor.clearLog',
      method([], () => {
        if (engine.mainLogfile() === null) throw RpcFault.of('NO_FILE');
        try {
          engine.clearMainLog();
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw RpcFault.of('NO_FILE');
          throw RpcFault.of('FAILED');
        }
        return true;
      }),
    ],
    [
      'supervisor.shutdown',
      method([], () => {
        engine.requestShutdown();
        return true;
      }),
    ],
    [
      'supervisor.restart',
      method([], () => {
        engine.requestRestart();
        return true;
      }),
    ],
    [
      'supervisor.reloadConfig',
      method([], async () => {
        let diff;
        try {
          diff = await engine.reloadConfig();
        } catch (err) {
          throw RpcFault.of('CANT_REREAD', err instanceof Error ? err.message : String(err));
        }
        return [[diff.added, diff.changed, diff.removed]];
      }),
    ],
    [
      'supervisor.addProcessGroup',
      method(['string'], (name) => {
        const r = engine.addGroup(name);
        if (r === 'unknown') throw RpcFault.of('BAD_NAME', name);
        if (r === 'already-active') throw RpcFault.of('ALREADY_ADDED', name);
        return true;
      }),
    ],
    [
      'supervisor.removeProcessGroup',
      method(['string'], (name) => {
        const r = engine.removeGroup(name);
        if (r === 'unknown') throw RpcFault.of('BAD_NAME', name);
        if (r === 'still-running') throw RpcFault.of('STILL_RUNNING', name);
        return true;
      }),
    ],
    ['supervisor.startProcess', method(['string', 'wait'], (name, wait) => startOne(name, wait))],
    [
      'supervisor.startProcessGroup',
      method(['string', 'wait'], (name, wait) => {
        const group = findGroup(name);
        if (group === undefined) throw RpcFault.of('BAD_NAME', name);
        return startGroup(group, wait);
      }),
    ],
    [
      'supervisor.startAllProcesses',
      method(['wait'], (wait) => forEachProcess(allProcesses(), (p) => !RUNNING_STATES.has(stateOf(p)), (ns) => startOne(ns, wait)).then(resultsValue)),
    ],
    ['supervisor.stopProcess', method(['string', 'wait'], (name, wait) => stopOne(name, wait))],
    [
      'supervisor.stopProcessGroup',
      method(['string', 'wait'], (name, wait) => {
        const group = findGroup(name);
        if (group === undefined) throw RpcFault.of('BAD_NAME', name);
        return stopGroup(group, wait);
      }),
    ],
    [
      'supervisor.stopAllProcesses',
      method(['wait'], (wait) => forEachProcess(allProcesses(), (p) => RUNNING_STATES.has(stateOf(p)), (ns) => stopOne(ns, wait)).then(resultsValue)),
    ],
    ['supervisor.signalProcess', method(['string', 'signal'], (name, signal) => signalOne(name, signal))],
    [
      'supervisor.signalProcessGroup',
      method(['string', 'signal'], (name, signal) => {
        const group = findGroup(name);
        if (group === undefined) throw RpcFault.of('BAD_NAME', name);
        return signalGroup(group, signal);
      }),
    ],
    ['supervisor.signalAllProcesses', method(['signal'], (signal) => signalAll(allProcesses(), signal))],
    ['supervisor.getProcessInfo', getProcessInfo],
    [
      'supervisor.getAllProcessInfo',
      method([], () => {
        const t = now();
        const groups = [...engine.groups()].sort((a, b) => byCodePoint(a.name, b.name));
        return groups.flatMap((g) => [...g.processes()].sort((a, b) => byCodePoint(a.name, b.name)).map((p) => asValue(processInfo(p, t))));
      }),
    ],
    [
      'supervisor.getAllConfigInfo',
      method([], () => [...engine.configInfo()].sort((a, b) => byCodePoint(a.name, b.name)).map(asValue)),
    ],
    ['supervisor.readProcessStdoutLog', readStdout],
    ['supervisor.readProcessLog', readStdout],
    ['supervisor.readProcessStderrLog', method(['string', 'int', 'int'], (name, offset, length) => readProcessLog(name, 'stderr', offset, length))],
    ['supervisor.tailProcessStdoutLog', tailStdout],
    ['supervisor.tailProcessLog', tailStdout],
    ['supervisor.tailProcessStderrLog', method(['string', 'int', 'int'], (name, offset, length) => tailProcessLog(name, 'stderr', offset, length))],
    ['supervisor.clearProcessLogs', clearProcessLogs],
    ['supervisor.clearProcessLog', clearProcessLogs],
    [
      'supervisor.clearAllProcessLogs',
      method([], async () => {
        const results: XmlRpcValue[] = [];
        for (const p of allProcesses()) {
          // One process per tick, as Supervisor's deferred callback does: never a long synchronous run.
          await new Promise<void>((r) => setImmediate(r));
          const ns = makeNamespec(p.group, p.name);
          try {
            clearOne(ns);
            results.push({ name: p.name, group: p.group, status: Faults.SUCCESS, description: 'OK' });
          } catch (err) {
            if (!(err instanceof RpcFault)) throw err;
            results.push({ name: p.name, group: p.group, status: err.faultCode, description: err.faultString });
          }
        }
        return results;
      }),
    ],
    [
      'supervisor.sendProcessStdin',
      method(['string', 'any'], (name, chars) => {
        if (typeof chars !== 'string' && !Buffer.isBuffer(chars)) throw RpcFault.of('INCORRECT_PARAMETERS', String(chars));
        const proc = lookupProcess(name);
        const s = proc.snapshot();
        if (s.pid === 0 || s.killing) throw RpcFault.of('NOT_RUNNING', name);
        try {
          proc.writeStdin(typeof chars === 'string' ? Buffer.from(chars, 'utf8') : chars);
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code === 'EPIPE') throw RpcFault.of('NO_FILE', name);
          throw err;
        }
        return true;
      }),
    ],
    [
      'supervisor.sendRemoteCommEvent',
      method(
        ['string', 'string'],
        (type, data) => {
          engine.sendRemoteCommEvent(type, data);
          return true;
        },
        { needsRunning: false },
      ),
    ],
  ];
}
