/**
 * The supervisor.* namespace (compat §5.3): every public method of Supervisor 4.2.5 with its
 * checks in Supervisor's order, return shapes and faults, over the engine's in-process API.
 */
import { unlinkSync } from 'node:fs';
import { RpcFault } from '../../src/protocol/faults.ts';
import { parseSignal } from '../../src/protocol/signals.ts';
import { RUNNING_STATES, SIGNALLABLE_STATES, STOPPED_STATES, SupervisorStates } from '../../src/protocol/states.ts';
import { API_VERSION, SUPERVISOR_VERSION, type LogChannel, type ProcessInfo } from '../../src/protocol/types.ts';
import { INT32_MAX, INT32_MIN } from '../../src/xmlrpc/encode.ts';
import type { XmlRpcValue } from '../../src/xmlrpc/types.ts';
import { readLogRange, tailLogFile } from '../logs/read-log.ts';
import type { ManagedProcess, ProcessGroup, Supervisor } from '../supervisor.ts';
import { configInfo } from './config-info.ts';
import { method, type MethodSpec } from './dispatch.ts';
import { forEachProcess, resultFor, resultsValue } from './group-ops.ts';

const STOP_REPORT_MS = 2000;

/** Supervisor's capped_int: times travel as 32-bit ints. */
function cappedInt(v: number): number {
  return Math.min(INT32_MAX, Math.max(INT32_MIN, Math.trunc(v)));
}

function infoValue(info: ProcessInfo): XmlRpcValue {
  return { ...info, start: cappedInt(info.start), stop: cappedInt(info.stop), now: cappedInt(info.now) };
}

function logPath(proc: ManagedProcess, channel: LogChannel): string | null {
  const p = channel === 'stdout' ? proc.stdoutLogfile : proc.stderrLogfile;
  return p === '' ? null : p;
}

export function supervisorMethods(sv: Supervisor): [string, MethodSpec][] {
  /** Supervisor's _update(): every supervisor.* call but sendRemoteCommEvent faults while stopping. */
  const checkRunning = (): void => {
    if (SupervisorStates[sv.mood] < SupervisorStates.RUNNING) throw RpcFault.of('SHUTDOWN_STATE');
  };
  const groupOrFault = (name: string): ProcessGroup => {
    const g = sv.getGroup(name);
    if (g === undefined) throw RpcFault.of('BAD_NAME', name);
    return g;
  };
  const isRunning = (p: ManagedProcess): boolean => RUNNING_STATES.has(p.state);
  const lastStopReport = new WeakMap<ManagedProcess, number>();

  function startOne(namespec: string, wait: boolean): XmlRpcValue | Promise<XmlRpcValue> {
    checkRunning();
    const { group, process: proc } = sv.resolve(namespec);
    if (proc === null) return startGroup(group, wait);
    proc.checkCommand(); // NO_FILE / NOT_EXECUTABLE before anything else, as Supervisor
    if (STOPPED_STATES.has(proc.state) && proc.state !== 'UNKNOWN') sv.startDependencies(proc); // depends_on: those first, logged
    proc.start(); // ALREADY_STARTED / FAILED (unknown state); STOPPING is refused too (compat §2.2 bug)
    if (proc.spawnerr !== '') throw RpcFault.of('SPAWN_ERROR', namespec);
    if (!wait || proc.state === 'RUNNING') return true;
    return proc
      .waitFor((p) => p.spawnerr !== '' || p.state !== 'STARTING')
      .then(() => {
        if (proc.spawnerr !== '') throw RpcFault.of('SPAWN_ERROR', namespec);
        if (proc.state !== 'RUNNING') throw RpcFault.of('ABNORMAL_TERMINATION', namespec);
        return true;
      });
  }

  function startGroup(group: ProcessGroup, wait: boolean): Promise<XmlRpcValue> {
    return forEachProcess(group.byPriority(), (p) => !isRunning(p), (ns) => startOne(ns, wait)).then(resultsValue);
  }

  function stopOne(namespec: string, wait: boolean): XmlRpcValue | Promise<XmlRpcValue> {
    checkRunning();
    const { group, process: proc } = sv.resolve(namespec);
    if (proc === null) return stopGroup(group, wait);
    proc.stop(); // NOT_RUNNING unless RUNNING/STARTING/BACKOFF; FAILED when signalling failed
    if (!wait || STOPPED_STATES.has(proc.state)) return true;
    stopReport(proc);
    const timer = setInterval(() => stopReport(proc), STOP_REPORT_MS);
    return proc
      .waitFor((p) => STOPPED_STATES.has(p.state))
      .then(() => true)
      .finally(() => clearInterval(timer));
  }

  /** Supervisor's stop_report(): `waiting for <name> to stop`, at most every 2 s per process. */
  function stopReport(proc: ManagedProcess): void {
    const now = Date.now();
    if (proc.state !== 'STOPPING' || now < (lastStopReport.get(proc) ?? -Infinity) + STOP_REPORT_MS) return;
    lastStopReport.set(proc, now);
    sv.log.log('info', `waiting for ${proc.name} to stop`);
  }

  function stopGroup(group: ProcessGroup, wait: boolean): Promise<XmlRpcValue> {
    return stopMany(group.byPriority(), wait);
  }

  /** Group/all stop: a process whose dependents (depends_on) are in the same batch stops after they have. */
  function stopMany(procs: readonly ManagedProcess[], wait: boolean): Promise<XmlRpcValue> {
    const batch = new Set(procs.filter(isRunning));
    const stopInOrder = (p: ManagedProcess): XmlRpcValue | Promise<XmlRpcValue> => {
      const first = sv.deps.dependents(p).filter((d) => batch.has(d) && !STOPPED_STATES.has(d.state));
      if (first.length === 0) return stopOne(p.namespec, wait);
      return Promise.all(first.map((d) => d.waitFor((q) => STOPPED_STATES.has(q.state)))).then(() => stopOne(p.namespec, wait));
    };
    return forEachProcess(procs, isRunning, (ns) => stopInOrder(sv.getProcess(ns))).then(resultsValue);
  }

  function signalOne(namespec: string, signal: string | number): XmlRpcValue {
    checkRunning();
    const { group, process: proc } = sv.resolve(namespec);
    if (proc === null) return signalMany(group.byPriority(), signal);
    let num: number;
    try {
      num = parseSignal(String(signal)).number;
    } catch {
      throw RpcFault.of('BAD_SIGNAL', String(signal));
    }
    proc.signal(num); // NOT_RUNNING unless RUNNING/STARTING/STOPPING; FAILED
    return true;
  }

  /** Signals finish at once: every outcome is known when the loop ends. */
  function signalMany(procs: readonly ManagedProcess[], signal: string | number): XmlRpcValue {
    const results = procs
      .filter((p) => SIGNALLABLE_STATES.has(p.state))
      .map((p) => {
        try {
          signalOne(p.namespec, signal);
          return resultFor(p);
        } catch (err) {
          return resultFor(p, err);
        }
      });
    return resultsValue(results);
  }

  function readProcessLog(namespec: string, channel: LogChannel, offset: number, length: number): Promise<string> {
    checkRunning();
    const path = logPath(sv.getProcess(namespec), channel);
    if (path === null) throw RpcFault.of('NO_FILE');
    return readLogRange(path, offset, length);
  }

  async function tailProcessLog(namespec: string, channel: LogChannel, offset: number, length: number): Promise<XmlRpcValue> {
    checkRunning();
    return tailLogFile(logPath(sv.getProcess(namespec), channel), offset, length);
  }

  function clearOne(namespec: string): true {
    checkRunning();
    const proc = sv.getProcess(namespec);
    try {
      proc.clearLogs();
    } catch {
      throw RpcFault.of('FAILED', namespec);
    }
    return true;
  }

  const getVersion = method([], () => API_VERSION);
  const readLog = method(['int', 'int'], (offset, length) => {
    const path = sv.mainLogPath();
    if (path === null) throw RpcFault.of('NO_FILE');
    return readLogRange(path, offset, length);
  });
  const readStdout = method(['string', 'int', 'int'], (name, offset, length) => readProcessLog(name, 'stdout', offset, length));
  const tailStdout = method(['string', 'int', 'int'], (name, offset, length) => tailProcessLog(name, 'stdout', offset, length));
  const clearProcessLogs = method(['string'], (name) => clearOne(name));

  return [
    ['supervisor.getAPIVersion', getVersion],
    ['supervisor.getVersion', getVersion],
    ['supervisor.getSupervisorVersion', method([], () => SUPERVISOR_VERSION)],
    ['supervisor.getIdentification', method([], () => sv.identifier)],
    ['supervisor.getState', method([], () => ({ ...sv.stateInfo() }))],
    ['supervisor.getPID', method([], () => sv.pid)],
    ['supervisor.readLog', readLog],
    ['supervisor.readMainLog', readLog],
    [
      'supervisor.clearLog',
      method([], () => {
        const path = sv.mainLogPath();
        if (path === null) throw RpcFault.of('NO_FILE');
        try {
          unlinkSync(path);
        } catch (err) {
          throw RpcFault.of((err as NodeJS.ErrnoException).code === 'ENOENT' ? 'NO_FILE' : 'FAILED');
        }
        sv.log.log('info', 'reopening log file');
        sv.log.reopen();
        return true;
      }),
    ],
    [
      'supervisor.shutdown',
      method([], () => {
        sv.shutdown();
        return true;
      }),
    ],
    [
      'supervisor.restart',
      method([], () => {
        sv.restart();
        return true;
      }),
    ],
    [
      'supervisor.reloadConfig',
      method([], async () => {
        const diff = await sv.reloadConfig(); // CANT_REREAD with the parser's message
        return [[diff.added, diff.changed, diff.removed]];
      }),
    ],
    [
      'supervisor.addProcessGroup',
      method(['string'], (name) => {
        sv.addGroup(name); // BAD_NAME / ALREADY_ADDED
        return true;
      }),
    ],
    [
      'supervisor.removeProcessGroup',
      method(['string'], (name) => {
        sv.removeGroup(name); // BAD_NAME / STILL_RUNNING
        return true;
      }),
    ],
    ['supervisor.startProcess', method(['string', 'wait'], (name, wait) => startOne(name, wait))],
    ['supervisor.startProcessGroup', method(['string', 'wait'], (name, wait) => startGroup(groupOrFault(name), wait))],
    [
      'supervisor.startAllProcesses',
      method(['wait'], (wait) => forEachProcess(sv.allProcesses('priority'), (p) => !isRunning(p), (ns) => startOne(ns, wait)).then(resultsValue)),
    ],
    ['supervisor.stopProcess', method(['string', 'wait'], (name, wait) => stopOne(name, wait))],
    ['supervisor.stopProcessGroup', method(['string', 'wait'], (name, wait) => stopGroup(groupOrFault(name), wait))],
    [
      'supervisor.stopAllProcesses',
      method(['wait'], (wait) => stopMany(sv.allProcesses('priority'), wait)),
    ],
    ['supervisor.signalProcess', method(['string', 'signal'], (name, signal) => signalOne(name, signal))],
    ['supervisor.signalProcessGroup', method(['string', 'signal'], (name, signal) => signalMany(groupOrFault(name).byPriority(), signal))],
    ['supervisor.signalAllProcesses', method(['signal'], (signal) => signalMany(sv.allProcesses('priority'), signal))],
    ['supervisor.getProcessInfo', method(['string'], (name) => infoValue(sv.getProcess(name).info()))],
    [
      'supervisor.getAllProcessInfo',
      method([], () => {
        const now = sv.now();
        return sv.allProcesses('lexical').map((p) => infoValue(p.info(now)));
      }),
    ],
    [
      'supervisor.getAllConfigInfo',
      method([], () => {
        const rows = configInfo(
          sv.pendingConfig,
          (g) => sv.isActive(g),
          (g, pc, channel) => {
            const live = sv.getGroup(g)?.processes.find((p) => p.config === pc);
            return live === undefined ? null : channel === 'stdout' ? live.stdoutLogfile : live.stderrLogfile;
          },
        );
        // Spread into literals: an interface has no index signature, a struct needs one.
        return rows.map((r) => ({ ...r }));
      }),
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
        const results = [];
        for (const p of sv.allProcesses('priority')) {
          // One process per turn of the event loop, as Supervisor's deferred callback does one per tick.
          await new Promise<void>((r) => setImmediate(r));
          try {
            clearOne(p.namespec);
            results.push(resultFor(p));
          } catch (err) {
            results.push(resultFor(p, err));
          }
        }
        return resultsValue(results);
      }),
    ],
    [
      'supervisor.sendProcessStdin',
      method(['string', 'any'], (name, chars) => {
        if (typeof chars !== 'string' && !Buffer.isBuffer(chars)) {
          // A struct with a `toString` member makes String() throw: fall back to the plain tag.
          let text: string;
          try {
            text = String(chars);
          } catch {
            text = Object.prototype.toString.call(chars);
          }
          throw RpcFault.of('INCORRECT_PARAMETERS', text);
        }
        sv.getProcess(name).writeStdin(chars); // NOT_RUNNING / NO_FILE
        return true;
      }),
    ],
    [
      'supervisor.sendRemoteCommEvent',
      method(
        ['string', 'string'],
        (type, data) => {
          sv.sendRemoteCommEvent(type, data);
          return true;
        },
        { needsRunning: false },
      ),
    ],
  ];
}
