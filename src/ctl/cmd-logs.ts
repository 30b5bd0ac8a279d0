/** tail, maintail, fg (compat §8.4, §8.6), and multi-process `tail -f`. */
import { ClientError, type LogStream, type LogStreamHandlers } from '../client/types.ts';
import { Faults, RpcFault } from '../protocol/faults.ts';
import { ProcessStates } from '../protocol/states.ts';
import type { LogChannel } from '../protocol/types.ts';
import { colorPrefix } from './color.ts';
import { argumentError, printHelp, words, type Command } from './command.ts';
import type { Ctl } from './context.ts';
import { Exit } from './exit-status.ts';
import { codePoints, pad } from './format.ts';
import { pyFaultStr } from '../py/fault.ts';
import { selectProcesses, uniqueNamespecs } from './selection.ts';
import { ChunkDecoder, LinePrefixer } from './stream-text.ts';
import { planMaintail, planTail } from './tail-args.ts';
import { upcheck } from './upcheck.ts';

const HEADER = '==> Press Ctrl-C to exit <==';

/** The stderr line supervisorctl's HTTP client prints when a stream fails. */
function streamErrorText(err: ClientError): string {
  if (err.status !== undefined && err.status !== 200) return `Cannot read, status code ${err.status}`;
  if (err.kind === 'refused') return "Cannot connect, error: <class 'ConnectionRefusedError'> ([Errno 111] Connection refused)";
  if (err.kind === 'nofile') return "Cannot connect, error: <class 'FileNotFoundError'> ([Errno 2] No such file or directory)";
  return `Cannot connect, error: <class 'OSError'> (${err.message})`;
}

export interface Source {
  /** The server's URL, for a failed stream's line; the command's server when absent. */
  base?: string;
  path: string;
  open(handlers: LogStreamHandlers): LogStream;
  /** Prefix for each line; null copies the stream as it comes. */
  prefix: string | null;
}

/**
 * Prints the header, then copies the streams to stdout until they all end or Ctrl-C (which prints
 * an empty line). Ctrl-C is caught from before the header, which is what a user (or test) reacts to.
 */
export function follow(ctl: Ctl, sources: readonly Source[]): Promise<void> {
  return new Promise((resolve) => {
    let open = sources.length;
    const streams: LogStream[] = [];
    let finished = false;
    const finish = (): void => {
      if (finished) return;
      finished = true;
      dispose();
      for (const s of streams) s.close();
      resolve();
    };
    const dispose = ctl.terminal.onInterrupt(() => {
      ctl.out('');
      finish();
    });
    ctl.out(HEADER);
    for (const source of sources) {
      const decoder = new ChunkDecoder();
      const lines = source.prefix === null ? null : new LinePrefixer(source.prefix);
      streams.push(
        source.open({
          onData(chunk) {
            const text = decoder.decode(chunk);
            ctl.output.write(lines === null ? text : lines.push(text));
          },
          onEnd(err) {
            // close() after Ctrl-C also ends a stream: nothing more to show then.
            if (finished) return;
            if (lines !== null) ctl.output.write(lines.flush());
            if (err !== undefined) ctl.err(`${source.base ?? ctl.settings.serverurl}${source.path} ${streamErrorText(err)}`);
            if (--open === 0) finish();
          },
        }),
      );
    }
    if (open === 0) finish();
  });
}

async function readLogText(ctl: Ctl, who: string, read: () => Promise<string>, badName: boolean): Promise<void> {
  try {
    ctl.out(await read());
  } catch (err) {
    ctl.exit.set(Exit.GENERIC);
    const code = err instanceof RpcFault ? err.faultCode : null;
    if (code === Faults.NO_FILE) ctl.out(`${who}: ERROR (no log file)`);
    else if (code === Faults.FAILED) ctl.out(`${who}: ERROR (unknown error reading log)`);
    else if (badName && code === Faults.BAD_NAME) ctl.out(`${who}: ERROR (no such process name)`);
    else throw err;
  }
}

async function followMany(ctl: Ctl, names: string[], channel: LogChannel): Promise<void> {
  const { matched, errors } = selectProcesses(await ctl.client().getAllProcessInfo(), names);
  for (const e of errors) {
    ctl.err(e);
    ctl.exit.set(Exit.GENERIC);
  }
  const specs = uniqueNamespecs(matched);
  if (specs.length === 0) return;
  const width = Math.max(...specs.map(codePoints));
  const client = ctl.client();
  await follow(
    ctl,
    specs.map((spec, i) => {
      const label = `${pad(spec, width)} | `;
      return {
        path: `/logtail/${spec}/${channel}`,
        open: (h: LogStreamHandlers) => client.tailStream(spec, channel, h),
        prefix: ctl.color ? colorPrefix(label, i) : label,
      };
    }),
  );
}

export const tail: Command = async (ctl, arg) => {
  if (!(await upcheck(ctl))) return;
  const plan = planTail(words(arg));
  const client = ctl.client();
  switch (plan.kind) {
    case 'error':
      return argumentError(ctl, 'tail', plan);
    case 'read':
      return readLogText(ctl, plan.name, () => client.readProcessLog(plan.name, plan.channel, -plan.bytes, 0), true);
    case 'follow':
      return follow(ctl, [
        { path: `/logtail/${plan.name}/${plan.channel}`, open: (h) => client.tailStream(plan.name, plan.channel, h), prefix: null },
      ]);
    case 'follow-many':
      return followMany(ctl, plan.names, plan.channel);
  }
};

export const maintail: Command = async (ctl, arg) => {
  if (!(await upcheck(ctl))) return;
  const plan = planMaintail(words(arg));
  const client = ctl.client();
  switch (plan.kind) {
    case 'error':
      return argumentError(ctl, 'maintail', plan);
    case 'read':
      return readLogText(ctl, 'supervisord', () => client.readLog(-plan.bytes, 0), false);
    case 'follow':
      return follow(ctl, [{ path: '/mainlogtail', open: (h) => client.mainTailStream(h), prefix: null }]);
  }
};

function faultText(err: unknown): string {
  if (err instanceof RpcFault) return pyFaultStr(err.faultCode, err.faultString);
  throw err;
}

/** Streams both channels and sends each typed line to the process's stdin. */
export const fg: Command = async (ctl, arg) => {
  if (!(await upcheck(ctl))) return;
  const names = words(arg);
  if (names.length === 0) {
    ctl.out('ERROR: no process name supplied');
    ctl.exit.set(Exit.GENERIC);
    printHelp(ctl, 'fg');
    return;
  }
  if (names.length > 1) {
    ctl.out('ERROR: too many process names supplied');
    ctl.exit.set(Exit.GENERIC);
    return;
  }
  const name = names[0]!;
  const client = ctl.client();
  try {
    const info = await client.getProcessInfo(name);
    if (info.state !== ProcessStates.RUNNING) {
      ctl.out('ERROR: process not running');
      ctl.exit.set(Exit.GENERIC);
      return;
    }
  } catch (err) {
    if (err instanceof RpcFault && err.faultCode === Faults.BAD_NAME) {
      ctl.out('ERROR: bad process name supplied');
      ctl.exit.set(Exit.GENERIC);
    } else {
      ctl.out('ERROR: ' + faultText(err));
    }
    return;
  }
  // The first read is pending (and so catches Ctrl-C) before the header appears.
  let next = ctl.terminal.readLine('');
  ctl.out(HEADER);
  const streams = (['stdout', 'stderr'] as const).map((channel) => {
    const decoder = new ChunkDecoder();
    return client.tailStream(name, channel, {
      onData: (chunk) => ctl.output.write(decoder.decode(chunk)),
      onEnd: (err) => {
        if (err !== undefined) ctl.err(`${ctl.settings.serverurl}/logtail/${name}/${channel} ${streamErrorText(err)}`);
      },
    });
  });
  try {
    for (;; next = ctl.terminal.readLine('')) {
      const line = await next;
      if (line === null) break;
      try {
        await client.sendProcessStdin(name, line + '\n');
      } catch (err) {
        ctl.out(err instanceof RpcFault && err.faultCode === Faults.NOT_RUNNING ? 'Process got killed' : 'ERROR: ' + faultText(err));
        break;
      }
      if ((await client.getProcessInfo(name)).state !== ProcessStates.RUNNING) {
        ctl.out('Process got killed');
        break;
      }
    }
    ctl.out('Exiting foreground');
  } finally {
    for (const s of streams) s.close();
  }
};
