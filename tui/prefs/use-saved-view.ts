/**
 * Saves the remembered part of the view (./view-prefs.ts) whenever it changes — shortly after, so
 * that holding `>` writes once — and at unmount or process exit, so a quit right after a change keeps it.
 */
import { useEffect, useRef } from 'react';
import { errorText } from '../../src/error-text.ts';
import type { ViewState } from '../state.ts';
import type { Store } from '../store.ts';
import { prefsOf, type ViewPrefs } from './view-prefs.ts';

const SAVE_DELAY_MS = 300;

export function useSavedView(store: Store, save: ((p: ViewPrefs) => void) | undefined): void {
  const saved = useRef<string | null>(null);
  const failed = useRef(false);
  useEffect(() => {
    if (!save) return;
    const write = () => {
      const p = prefsOf(store.get());
      const key = JSON.stringify(p);
      if (key === saved.current) return;
      saved.current = key;
      try {
        save(p);
      } catch (err) {
        // Said once: a read-only home should not flood the footer.
        if (!failed.current) store.dispatch({ type: 'message', text: `could not save the view: ${errorText(err)}`, error: true, at: Date.now() });
        failed.current = true;
      }
    };
    saved.current = JSON.stringify(prefsOf(store.get()));
    let timer: NodeJS.Timeout | null = null;
    // Compared by identity on every dispatch (cheap); the text comparison in write() skips no-op saves.
    const parts = (s: ViewState) => [s.sort, s.columns, s.collapsed, s.log.channel, s.log.wrap] as const;
    let last = parts(store.get());
    const off = store.subscribe(() => {
      const now = parts(store.get());
      if (now.every((v, i) => v === last[i])) return;
      last = now;
      if (timer) clearTimeout(timer);
      timer = setTimeout(write, SAVE_DELAY_MS);
    });
    // A SIGTERM whose cleanup hangs leaves through process.exit (run.tsx) without unmounting:
    // the exit handler still saves what the timer has not saved yet.
    const atExit = () => {
      if (timer) clearTimeout(timer);
      write();
    };
    process.on('exit', atExit);
    return () => {
      off();
      process.off('exit', atExit);
      atExit();
    };
  }, [store, save]);
}
