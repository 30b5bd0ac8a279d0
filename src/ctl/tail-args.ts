/**
 * `tail` and `maintail` arguments, checked in supervisorctl's order (compat §8.4), plus ours:
 * `tail -f` over several names or a `group:*` (the last word may still be the channel).
 */
import type { LogChannel } from '../protocol/types.ts';
import { pyIntOrNull, pyRepr } from '../py/python.ts';

export type TailPlan =
  | { kind: 'error'; message: string; help: boolean }
  | { kind: 'read'; name: string; channel: LogChannel; bytes: number }
  | { kind: 'follow'; name: string; channel: LogChannel }
  | { kind: 'follow-many'; names: string[]; channel: LogChannel };

function isChannel(word: string): boolean {
  const w = word.toLowerCase();
  return w === 'stdout' || w === 'stderr';
}

export function planTail(args: readonly string[]): TailPlan {
  if (args.length < 1) return { kind: 'error', message: 'Error: too few arguments', help: true };
  const follow = args[0] === '-f';
  if (follow) {
    const rest = args.slice(1);
    const channel = rest.length >= 2 && isChannel(rest[rest.length - 1]!) ? (rest.pop()!.toLowerCase() as LogChannel) : 'stdout';
    if (rest.length >= 2 || (rest.length === 1 && rest[0]!.includes(':') && /:\*?$/.test(rest[0]!))) {
      return { kind: 'follow-many', names: rest, channel };
    }
  }
  if (args.length > 3) return { kind: 'error', message: 'Error: too many arguments', help: true };
  const rest = [...args];
  const modifier = rest[0]!.startsWith('-') ? rest.shift()! : null;
  let name: string;
  let channel: string;
  if (rest.length === 1) {
    name = rest[0]!;
    channel = 'stdout';
  } else if (rest.length > 0) {
    name = rest[0]!;
    channel = rest[rest.length - 1]!.toLowerCase();
    if (!isChannel(channel)) return { kind: 'error', message: `Error: bad channel ${pyRepr(channel)}`, help: false };
  } else {
    return { kind: 'error', message: 'Error: tail requires process name', help: false };
  }
  const ch = channel as LogChannel;
  if (modifier === null) return { kind: 'read', name, channel: ch, bytes: 1600 };
  if (modifier === '-f') return { kind: 'follow', name, channel: ch };
  const bytes = pyIntOrNull(modifier.slice(1));
  if (bytes === null) return { kind: 'error', message: `Error: bad argument ${modifier}`, help: false };
  return { kind: 'read', name, channel: ch, bytes };
}

export type MaintailPlan = { kind: 'error'; message: string; help: boolean } | { kind: 'read'; bytes: number } | { kind: 'follow' };

export function planMaintail(args: readonly string[]): MaintailPlan {
  if (args.length > 1) return { kind: 'error', message: 'Error: too many arguments', help: true };
  if (args.length === 0) return { kind: 'read', bytes: 1600 };
  const arg = args[0]!;
  if (!arg.startsWith('-')) return { kind: 'error', message: `Error: bad argument ${arg}`, help: false };
  if (arg === '-f') return { kind: 'follow' };
  const bytes = pyIntOrNull(arg.slice(1));
  if (bytes === null) return { kind: 'error', message: `Error: bad argument ${arg}`, help: false };
  return { kind: 'read', bytes };
}
