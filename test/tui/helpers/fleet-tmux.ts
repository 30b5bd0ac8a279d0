/** Driving the fleet dashboard in tmux: wait for the screen to show something, type at a prompt. */
import { waitFor } from '../../helpers/wait.ts';
import type { Tmux } from './tmux.ts';

export function screenWaiter(tmux: Tmux) {
  const screen = (re: RegExp, message: string, timeoutMs = 30_000) =>
    waitFor(() => re.test(tmux.capture()), { message: `${message} (screen:\n${tmux.capture()})`, timeoutMs });
  /** Opens a prompt, types, waits until the prompt shows the text (a fast Enter would join the paste), submits. */
  const prompt = async (key: string, text: string) => {
    tmux.keys(key);
    tmux.keys(text);
    await screen(new RegExp(`^ ${key === '/' ? '/' : ':'}${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`, 'm'), `prompt shows ${text}`);
    tmux.keys('Enter', false);
  };
  return { screen, prompt };
}
