/** The header over a fleet: the context in its colour, the servers up and down, the processes summed. */
import { thousands } from '../format.ts';
import type { Seg } from '../segments.ts';
import { stateStyle, type Color, type Theme } from '../theme.ts';
import type { FleetView } from './model.ts';
import { fleetSummary } from './rows.ts';

export function fleetHeaderSegs(fleet: FleetView, theme: Theme, readonly: boolean): Seg[] {
  const sep = { text: ` ${theme.glyphs.sep} ` };
  const color = fleet.color === null || fleet.color === 'white' ? undefined : (fleet.color as Color);
  const segs: Seg[] = [{ text: ' ' + (fleet.context === null ? 'fleet' : `context ${fleet.context}`), bold: true, color: theme.color ? color : undefined, inverse: fleet.color !== null && !theme.color }];
  if (readonly) segs.push({ text: ' (readonly)', bold: true, color: theme.color ? color : undefined });
  const sum = fleetSummary(fleet);
  const down = fleet.members.some((m) => m.conn.status === 'down');
  segs.push(sep, { text: sum.servers, color: down && theme.color ? 'red' : undefined, bold: down });
  segs.push(sep, { text: `${thousands(sum.procs)} procs:` });
  for (const [state, n] of sum.counts) segs.push({ text: ' ' }, { text: `${thousands(n)} ${state.toLowerCase()}`, ...stateStyle(theme, state) });
  return segs;
}
