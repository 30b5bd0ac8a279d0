/**
 * Before the dashboard takes the screen: one call to the server, so that what needs the person at
 * the terminal happens on the plain terminal, as supervisorctl does it. A 401 asks for username and
 * password (up to 3 times); an ssh:// URL may ask for a host key or password (ssh itself asks); a
 * permanent failure (bad URL, refused login) ends here with what to do. A server that is down or
 * slow is the dashboard's business: it shows that and retries.
 */
import { createClient } from '../src/client/client.ts';
import { ClientError, type SupervisorClient } from '../src/client/types.ts';
import { classifyFailure } from '../src/live/failure.ts';

export interface Credentials {
  serverurl: string;
  username: string | null;
  password: string | null;
}

export interface Asker {
  readLine(prompt: string, opts?: { hidden?: boolean }): Promise<string | null>;
  close(): void;
}

export type FirstContact = { ok: true; client: SupervisorClient; conn: Credentials } | { ok: false; message: string };

/** How long the first call may take before the dashboard opens anyway (it then shows "connecting…"). */
const PROBE_MS = 2000;

export async function firstContact(conn: Credentials, timeoutMs: number, ask: () => Asker | null): Promise<FirstContact> {
  let current = conn;
  let asker: Asker | null = null;
  try {
    for (let attempt = 0; ; attempt++) {
      const client = createClient({ ...current, timeoutMs, sshInteractive: current.serverurl.startsWith('ssh://') });
      const outcome = await probe(client, current.serverurl.startsWith('ssh://'));
      if (outcome === 'ok' || outcome === 'later') return { ok: true, client, conn: current };
      const f = classifyFailure(outcome);
      // Down or unreachable for now: the dashboard shows it and retries (keeping an ssh tunnel that is up).
      if (!f.permanent) return { ok: true, client, conn: current };
      client.close();
      if (outcome instanceof ClientError && outcome.kind === 'auth' && attempt < 3) {
        asker ??= ask();
        if (asker === null) return { ok: false, message: `${f.text}\n${f.hint ?? ''}`.trimEnd() };
        const username = await asker.readLine('Username:');
        if (username === null) return { ok: false, message: f.text };
        const password = await asker.readLine('Password:', { hidden: true });
        if (password === null) return { ok: false, message: f.text };
        current = { ...current, username, password };
        continue;
      }
      return { ok: false, message: `${f.text}\n${f.hint ?? ''}`.trimEnd() };
    }
  } finally {
    asker?.close();
  }
}

/** 'ok', 'later' (no answer yet: the dashboard goes on waiting), or the failure. */
async function probe(client: SupervisorClient, ssh: boolean): Promise<'ok' | 'later' | unknown> {
  const call = client.getSupervisorVersion().then(
    () => 'ok' as const,
    (err: unknown) => err,
  );
  // Over ssh the person may be typing a password: wait for ssh, however long it takes.
  if (ssh) return call;
  let timer: NodeJS.Timeout | undefined;
  const later = new Promise<'later'>((r) => (timer = setTimeout(() => r('later'), PROBE_MS)));
  try {
    return await Promise.race([call, later]);
  } finally {
    clearTimeout(timer);
  }
}
