/**
 * `supervisor-tui completion bash`, run the way bash runs it: a real bash sources the script, and
 * its completion function is called with COMP_LINE/COMP_POINT as bash sets them on Tab. Process
 * names come from a real daemon (ours, from source); a server that never answers gives none.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { test, type TestContext } from 'node:test';
import { complete, needsServer } from '../../src/completion/candidates.ts';
import { VOCABULARY } from '../../src/ctl/controller.ts';
import { binShim } from '../helpers/bin-shim.ts';
import { writeConfig } from '../helpers/config-file.ts';
import { runCli, runProcess } from '../helpers/cli.ts';
import { startDaemonProcess } from '../helpers/daemon.ts';
import { makeTmpDir } from '../helpers/tmp.ts';
import { skipReason } from '../helpers/tools.ts';
import { createClient } from '../../src/client/client.ts';

const INFOS = [
  { name: 'web_a', group: 'web' },
  { name: 'web_b', group: 'web' },
  { name: 'solo', group: 'solo' },
];
const words = (line: string) => {
  const r = complete(line, VOCABULARY, INFOS);
  return r.kind === 'words' ? r.words : r.kind;
};

test('candidates: commands, options, own modes, process names, paths', () => {
  assert.deepEqual(words('st'), ['start', 'status', 'stop']);
  assert.deepEqual(words('ch'), ['check']);
  assert.deepEqual(words('--re'), ['--readonly']);
  assert.deepEqual(words('-c '), 'files');
  assert.deepEqual(words('-c x.conf -s '), [], 'a URL is not completed');
  assert.deepEqual(words('-c x.conf res'), ['restart']);
  assert.deepEqual(words('start '), ['solo', 'web:*', 'web:web_a', 'web:web_b']);
  assert.deepEqual(words('-c x.conf stop web:web_'), ['web:web_a', 'web:web_b']);
  assert.deepEqual(words('update '), ['solo', 'web']);
  assert.deepEqual(words('daemon --nod'), ['--nodaemon']);
  assert.deepEqual(words('daemon -c '), 'files');
  assert.deepEqual(words('daemon -n '), []);
  assert.deepEqual(words('check -'), ['--configuration', '--json', '--strict', '-c']);
  assert.deepEqual(words('completion '), ['bash', 'fish', 'zsh']);
  assert.deepEqual(words('completion bash '), []);
  assert.equal(needsServer('start '), true);
  assert.equal(needsServer('-c x.conf tail '), true);
  assert.equal(needsServer('sta'), false);
  assert.equal(needsServer('daemon -c '), false);
});

test('completion without a known shell: usage error, exit 2', async () => {
  const r = await runCli(['completion', 'tcsh']);
  assert.equal(r.code, 2);
  assert.equal(r.stderr, 'Error: completion does not know "tcsh"\nusage: supervisor-tui completion bash|zsh|fish\n');
});

/** A daemon with a group of two and a lone program, and a PATH where `supervisor-tui` runs this tree. */
async function fixture(t: TestContext): Promise<{ dir: string; env: NodeJS.ProcessEnv; conf: string }> {
  const { dir, cleanup } = makeTmpDir('svtui-compl-');
  t.after(cleanup);
  const { env } = binShim(dir);
  const { conf, sock } = writeConfig(dir, [
    '[group:web]',
    'programs=web_a,web_b',
    ...['web_a', 'web_b', 'solo'].flatMap((n) => [`[program:${n}]`, 'command=sleep 1000', 'autostart=false']),
  ]);
  const client = createClient({ serverurl: `unix://${sock}` });
  const daemon = await startDaemonProcess('ours', conf, { ready: async () => (await client.getState()).statename === 'RUNNING', timeoutMs: 30_000 });
  t.after(async () => {
    client.close();
    await daemon.stop();
  });
  return { dir, env, conf };
}

// Each Tab runs the program from source (tsx): seconds apiece on a loaded machine, so bash and fish
// are separate tests, each within the runner's per-test limit.
test('bash: the completion function in a real bash', { skip: skipReason('bash', 'bash') }, async (t) => {
  const { dir, env, conf } = await fixture(t);

  /** Sources the script in bash, "presses Tab" at the end of `line`, returns COMPREPLY. */
  const tab = async (line: string): Promise<string[]> => {
    const script = [
      'source <(supervisor-tui completion bash) || exit 9',
      `COMP_WORDBREAKS=$' \\t\\n"\\'><=;|&(:'`,
      'COMP_LINE="$1"; COMP_POINT=${#COMP_LINE}; read -ra COMP_WORDS <<<"$COMP_LINE"; COMP_CWORD=${#COMP_WORDS[@]}',
      '_supervisor_tui',
      'printf "%s\\n" "${COMPREPLY[@]}"',
    ].join('\n');
    const r = await runProcess('bash', ['--norc', '--noprofile', '-c', script, 'bash', line], { env, cwd: dir });
    assert.equal(r.code, 0, r.stderr);
    return r.stdout.split('\n').filter((l) => l !== '');
  };

  assert.deepEqual(await tab('supervisor-tui sto'), ['stop']);
  assert.deepEqual(await tab('supervisor-tui --no'), ['--no-color', '--no-mouse']);
  assert.deepEqual(await tab(`supervisor-tui -c ${conf} start `), ['solo', 'web:*', 'web:web_a', 'web:web_b']);
  // bash breaks words at ':': after `web:` only the rest of each name is offered.
  assert.deepEqual(await tab(`supervisor-tui -c ${conf} stop web:web`), ['web_a', 'web_b']);
  assert.deepEqual(await tab(`supervisor-tui -c ${join(dir, 'super')}`), [conf]);
  assert.deepEqual(await tab('supervisor-tui completion z'), ['zsh']);

  // A server that accepts and never answers: no names, and the shell gets its prompt back.
  const silent = join(dir, 'silent.sock');
  const server = createServer(() => {});
  await new Promise<void>((r) => server.listen(silent, r));
  t.after(() => server.close());
  assert.deepEqual(await tab(`supervisor-tui -s unix://${silent} start `), []);
  assert.deepEqual(await tab(`supervisor-tui -s unix://${join(dir, 'nothing.sock')} start `), []);

});

test('fish: complete -C on the sourced script', { skip: skipReason('fish', 'fish') }, async (t) => {
  const { dir, env, conf } = await fixture(t);
  const fish = async (line: string) => {
    const r = await runProcess('fish', ['--no-config', '-c', 'supervisor-tui completion fish | source; complete -C $argv[1]', line], { env, cwd: dir });
    assert.equal(r.code, 0, r.stderr);
    return r.stdout.split('\n').filter((l) => l !== '');
  };
  assert.deepEqual(await fish('supervisor-tui sto'), ['stop']);
  assert.deepEqual(await fish(`supervisor-tui -c ${conf} stop web:web`), ['web:web_a', 'web:web_b']);
  assert.deepEqual(await fish(`supervisor-tui -c ${join(dir, 'super')}`), [conf]);
});

test('zsh: the script parses (zsh -n)', { skip: skipReason('zsh', 'zsh') }, async (t) => {
  const { dir, cleanup } = makeTmpDir('svtui-zsh-');
  t.after(cleanup);
  const script = join(dir, '_supervisor-tui');
  writeFileSync(script, (await runCli(['completion', 'zsh'])).stdout);
  const r = await runProcess('zsh', ['-n', script]);
  assert.equal(r.stderr, '');
  assert.equal(r.code, 0);
});
