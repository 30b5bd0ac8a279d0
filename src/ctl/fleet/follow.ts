/** `tail -f` and `maintail -f` over a fleet: every server's streams merged, lines behind `server:name`. */
import type { LogChannel } from '../../protocol/types.ts';
import { colorPrefix } from '../color.ts';
import { words } from '../command.ts';
import { Ctl } from '../context.ts';
import { reportError } from '../controller.ts';
import { follow, type Source } from '../cmd-logs.ts';
import { Exit } from '../exit-status.ts';
import { codePoints, pad } from '../format.ts';
import { selectProcesses, uniqueNamespecs } from '../selection.ts';
import { planTail } from '../tail-args.ts';
import { flushPrefixed, type Member } from './member.ts';
import type { FleetIo } from './run.ts';

interface Labelled {
  label: string;
  source: Omit<Source, 'prefix'>;
}

async function followLabelled(items: Labelled[], members: Member[], io: FleetIo): Promise<void> {
  for (const m of members) flushPrefixed(m, `${m.server.name}: `, io.output);
  if (items.length === 0) return;
  const width = Math.max(...items.map((x) => codePoints(x.label)));
  const first = members[0]!.ctl.settings;
  const ctl = new Ctl(first, io.connect, io.output, io.terminal, false, io.color);
  await follow(
    ctl,
    items.map((x, i) => {
      const label = `${pad(x.label, width)} | `;
      return { ...x.source, prefix: io.color ? colorPrefix(label, i) : label };
    }),
  );
}

export async function followFleet(live: Member[], members: Member[], io: FleetIo, argsOf: (m: Member) => string): Promise<void> {
  const perMember = await Promise.all(
    live.map(async (m): Promise<Labelled[]> => {
      const plan = planTail(words(argsOf(m)));
      if (plan.kind !== 'follow' && plan.kind !== 'follow-many') {
        // The same usage errors as one server gives (too few arguments, bad channel…).
        if (plan.kind === 'error') {
          m.ctl.out(plan.message);
          m.ctl.exit.set(Exit.GENERIC);
        }
        return [];
      }
      const names = plan.kind === 'follow' ? [plan.name] : plan.names;
      try {
        const client = m.ctl.client();
        const { matched, errors } = selectProcesses(await client.getAllProcessInfo(), names);
        for (const e of errors) {
          m.ctl.err(e);
          m.ctl.exit.set(Exit.GENERIC);
        }
        return uniqueNamespecs(matched).map((spec) => ({
          label: `${m.server.name}:${spec}`,
          source: { base: m.server.serverurl, path: `/logtail/${spec}/${plan.channel}`, open: (h) => client.tailStream(spec, plan.channel as LogChannel, h) },
        }));
      } catch (err) {
        reportError(m.ctl, err);
        return [];
      }
    }),
  );
  await followLabelled(perMember.flat(), members, io);
}

export async function followFleetMain(live: Member[], members: Member[], io: FleetIo): Promise<void> {
  await followLabelled(
    live.map((m) => {
      const client = m.ctl.client();
      return { label: m.server.name, source: { base: m.server.serverurl, path: '/mainlogtail', open: (h) => client.mainTailStream(h) } };
    }),
    members,
    io,
  );
}
