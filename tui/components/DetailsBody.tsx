/** The details view's body: follows the table clock while its process is RUNNING (its description's uptime ticks). */
import { ProcessStates } from '../../src/protocol/index.ts';
import { useClock } from '../clock/use-clock.ts';
import { detailsLines, findProcess } from '../details/lines.ts';
import type { ViewState } from '../state.ts';
import type { Theme } from '../theme.ts';
import { Lines } from './Lines.tsx';

export interface DetailsBodyProps {
  state: ViewState;
  target: string;
  scroll: number;
  cols: number;
  height: number;
  theme: Theme;
}

export function DetailsBody({ state: s, target, scroll, cols, height, theme }: DetailsBodyProps) {
  const running = findProcess(s, target).info?.state === ProcessStates.RUNNING;
  const now = useClock(running && !s.paused);
  return <Lines lines={detailsLines(s, target, scroll, cols, height, theme, now)} width={cols} />;
}
