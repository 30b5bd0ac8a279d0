/** Render the dashboard's Screen into a fake terminal of a given size through the real FrameOutput. */
import './no-ci.ts';
import { render } from 'ink';
import { Screen } from '../../../tui/components/Screen.tsx';
import type { ViewState } from '../../../tui/state.ts';
import { FrameOutput } from '../../../tui/term/frame-output.ts';
import { makeTheme, type Theme } from '../../../tui/theme.ts';
import { StubStdin, StubTerminal } from './terminal.ts';

export interface Rendered {
  term: StubTerminal;
  output: FrameOutput;
  show(state: ViewState): Promise<void>;
  unmount(): void;
}

/** Ink throttles to maxFps; wait past one frame so the write has happened. */
export const settle = () => new Promise((r) => setTimeout(r, 60));

export async function renderScreen(state: ViewState, cols: number, rows: number, theme: Theme = makeTheme({ color: true, ascii: false })): Promise<Rendered> {
  const term = new StubTerminal(cols, rows);
  const output = new FrameOutput(term);
  const stdin = new StubStdin();
  const now = 0;
  const inst = render(<Screen state={state} theme={theme} now={now} />, {
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
    async show(s: ViewState) {
      inst.rerender(<Screen state={s} theme={theme} now={now} />);
      await settle();
    },
    unmount() {
      inst.unmount();
      output.dispose();
    },
  };
}
