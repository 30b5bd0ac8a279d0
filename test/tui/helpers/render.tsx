/** Render the dashboard's Screen into a fake terminal of a given size through the real FrameOutput. */
import './no-ci.ts';
import { render } from 'ink';
import { Screen } from '../../../tui/components/Screen.tsx';
import type { ViewState } from '../../../tui/state.ts';
import { FrameOutput } from '../../../tui/term/frame-output.ts';
import { makeTheme, type Theme } from '../../../tui/theme.ts';
import { StubStdin, StubTerminal } from './terminal.ts';
import { ClockContext } from '../../../tui/clock/use-clock.ts';
import { ManualClock } from './clock.ts';
import { waitFor } from '../../helpers/wait.ts';

/** The table clock of the fixtures: the second their `now` names (an hour after their start). */
export const FIXTURE_NOW_MS = 1_700_003_600_000;

export interface Rendered {
  term: StubTerminal;
  output: FrameOutput;
  /** The table clock the screen's uptimes are derived from. */
  clock: ManualClock;
  show(state: ViewState): Promise<void>;
  /** Move the table clock (a tick) and wait for the frame. */
  tick(ms: number): Promise<void>;
  unmount(): void;
}

/** Ink throttles to maxFps; wait past one frame so the write has happened. */
export const settle = () => new Promise((r) => setTimeout(r, 60));

export async function renderScreen(state: ViewState, cols: number, rows: number, theme: Theme = makeTheme({ color: true, ascii: false })): Promise<Rendered> {
  const term = new StubTerminal(cols, rows);
  const output = new FrameOutput(term);
  const stdin = new StubStdin();
  const now = 0;
  const clock = new ManualClock(FIXTURE_NOW_MS);
  const screen = (s: ViewState) => (
    <ClockContext.Provider value={clock}>
      <Screen state={s} theme={theme} now={now} />
    </ClockContext.Provider>
  );
  const inst = render(screen(state), {
    stdout: output as unknown as NodeJS.WriteStream,
    stdin: stdin as unknown as NodeJS.ReadStream,
    exitOnCtrlC: false,
    patchConsole: false,
    incrementalRendering: true,
  });
  await settle();
  return {
    term,
    output,
    clock,
    async show(s: ViewState) {
      inst.rerender(screen(s));
      await settle();
    },
    async tick(ms: number) {
      clock.set(ms);
      // A tick always changes a shown uptime: wait for its frame (a fixed wait lost it under load).
      await waitFor(() => term.bytes > 0, { timeoutMs: 10_000, intervalMs: 5, message: 'the frame of the tick' });
    },
    unmount() {
      inst.unmount();
      output.dispose();
    },
  };
}
