/**
 * One server of a fleet as a supervisorctl session of its own: a Ctl whose output is kept
 * until the fleet prints it with the server's name in front, and which never prompts.
 */
import { errorText } from '../../error-text.ts';
import type { FleetServer, Secrets } from '../../fleet/index.ts';
import { Ctl, type Connect, type Output, type Terminal } from '../context.ts';
import { Exit } from '../exit-status.ts';

/** Output in the order written, stdout and stderr apart. */
export class BufferedOutput implements Output {
  readonly entries: { err: boolean; text: string }[] = [];
  write(text: string): void {
    this.entries.push({ err: false, text });
  }
  writeErr(text: string): void {
    this.entries.push({ err: true, text });
  }
}

/** A server's session has no keyboard: confirmations and credential prompts answer "no". */
export const NO_TERMINAL: Terminal = {
  readLine: async () => null,
  onInterrupt: () => () => {},
  isTTY: false,
  history: () => [],
  close: () => {},
};

export interface Member {
  server: FleetServer;
  ctl: Ctl;
  out: BufferedOutput;
  /** Its password could not be had: the error is in `out`, nothing is to be sent to it. */
  failed: boolean;
}

/** The session, its password fetched first (a failed password_command is that server's error line). */
export async function openMember(server: FleetServer, secrets: Secrets, connect: Connect, color: boolean): Promise<Member> {
  const out = new BufferedOutput();
  let password: string | null = null;
  let failure: string | null = null;
  try {
    password = await secrets.password(server);
  } catch (err) {
    failure = errorText(err);
  }
  const settings = { serverurl: server.serverurl, username: server.username, password, prompt: 'supervisor', historyFile: null };
  const ctl = new Ctl(settings, connect, out, NO_TERMINAL, false, color);
  if (failure !== null) {
    ctl.out(`error: ${failure}`);
    ctl.exit.set(Exit.GENERIC);
  }
  return { server, ctl, out, failed: failure !== null };
}

/** Every line the server's session wrote, each behind `prefix`; a last line without newline gets one. */
export function flushPrefixed(m: Member, prefix: string, to: Output): void {
  for (const e of m.out.entries) {
    const text = e.text.endsWith('\n') ? e.text.slice(0, -1) : e.text;
    const lines = text.split('\n').map((l) => prefix + l + '\n').join('');
    if (e.err) to.writeErr(lines);
    else to.write(lines);
  }
  m.out.entries.length = 0;
}

/** A fleet's exit status: 0 when every server's is, else the largest. */
export function combinedExit(codes: readonly number[]): number {
  return Math.max(Exit.SUCCESS, ...codes);
}
