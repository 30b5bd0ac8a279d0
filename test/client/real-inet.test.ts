/** The client over TCP with basic auth against the real supervisord: auth, 401, streams. */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createClient } from '../../src/client/client.ts';
import { ClientError } from '../../src/client/types.ts';
import { waitFor } from '../helpers/wait.ts';
import { rejection } from './rejection.ts';
import { supervisordSkipReason } from '../helpers/daemon.ts';
import { startSupervisord, type RealSupervisord } from './real-supervisord.ts';

const skip = supervisordSkipReason();
let sv: RealSupervisord;
let url: string;

before(async () => {
  if (skip) return;
  sv = await startSupervisord({
    programs: `[program:talker]\ncommand=sh -c 'i=0; while true; do i=$((i+1)); echo "line $i"; sleep 0.1; done'\nstartsecs=0\nstopwaitsecs=1\n`,
    inet: { username: 'admin', password: 's3cret' },
  });
  url = sv.httpUrl as string;
});

after(async () => {
  await sv?.stop();
});

test('calls with the right credentials succeed', { skip }, async () => {
  const c = createClient({ serverurl: url, username: 'admin', password: 's3cret', timeoutMs: 5000 });
  try {
    assert.equal(c.isLocal, true);
    assert.equal(await c.getVersion(), '3.0');
    const infos = await c.getAllProcessInfo();
    assert.deepEqual(infos.map((p) => p.name), ['talker']);
    const pids = await Promise.all([c.getPID(), c.getPID(), c.getPID()]);
    assert.equal(new Set(pids).size, 1);
  } finally {
    c.close();
  }
});

test('401 is ClientError auth "Server requires authentication" (wrong password, no password, username only)', { skip }, async () => {
  for (const creds of [{ username: 'admin', password: 'wrong' }, {}, { username: 'admin' }]) {
    const c = createClient({ serverurl: url, ...creds });
    try {
      const err = await rejection(c.getState());
      assert.equal(err.kind, 'auth');
      assert.equal(err.status, 401);
      assert.equal(err.message, 'Server requires authentication');
    } finally {
      c.close();
    }
  }
});

test('tailStream with auth receives lines; without auth ends with ClientError auth', { skip }, async () => {
  const c = createClient({ serverurl: url, username: 'admin', password: 's3cret' });
  const chunks: Buffer[] = [];
  const s = c.tailStream('talker', 'stdout', { onData: (b) => chunks.push(b), onEnd: () => undefined });
  try {
    await waitFor(() => /line \d+\n/.test(Buffer.concat(chunks).toString()), { message: 'a line over TCP' });
  } finally {
    s.close();
    c.close();
  }
  const anon = createClient({ serverurl: url });
  const err = await new Promise<ClientError | undefined>((resolve) => anon.tailStream('talker', 'stdout', { onData: () => undefined, onEnd: resolve }));
  anon.close();
  assert.ok(err instanceof ClientError);
  assert.equal(err.kind, 'auth');
});
