import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseArgs } from '../../src/ctl/options.ts';
import { planMaintail, planTail } from '../../src/ctl/tail-args.ts';
import { parseLine } from '../../src/ctl/controller.ts';
import { selectProcesses } from '../../src/ctl/selection.ts';
import { completions, currentWord } from '../../src/ctl/complete.ts';
import { ExitStatus } from '../../src/ctl/exit-status.ts';
import { Faults } from '../../src/protocol/faults.ts';
import { pyFaultStr } from '../../src/py/fault.ts';
import { pyBytesRepr } from '../../src/py/python.ts';
import { ChunkDecoder, LinePrefixer } from '../../src/ctl/stream-text.ts';
import { wantColor } from '../../src/ctl/color.ts';

test('global options stop at the first word; the command keeps its own options', () => {
  const r = parseArgs(['-c', 'x.conf', 'tail', '-f', 'web', 'stderr']);
  assert.equal(r.kind, 'run');
  if (r.kind !== 'run') return;
  assert.equal(r.options.configuration, 'x.conf');
  assert.deepEqual(r.command, ['tail', '-f', 'web', 'stderr']);
  const s = parseArgs(['status', '-c', 'other.conf']);
  assert.ok(s.kind === 'run' && s.options.configuration === undefined && s.command.join(' ') === 'status -c other.conf');
});

test('getopt forms: -cFILE, --long=value, unique prefixes, -- ends options', () => {
  const r = parseArgs(['-cfoo', '--ser=unix:///s.sock', '--user', 'bob', '-p-secret', '-i', '--', '-x']);
  assert.ok(r.kind === 'run');
  if (r.kind !== 'run') return;
  assert.equal(r.options.configuration, 'foo');
  assert.equal(r.options.serverurl, 'unix:///s.sock');
  assert.equal(r.options.username, 'bob');
  assert.equal(r.options.password, '-secret');
  assert.equal(r.options.interactive, true);
  assert.deepEqual(r.command, ['-x']);
});

test('option errors carry supervisorctl text', () => {
  const err = (argv: string[]) => {
    const r = parseArgs(argv);
    return r.kind === 'usage-error' ? r.message : r.kind;
  };
  assert.equal(err(['-x']), 'option -x not recognized');
  assert.equal(err(['--foo']), 'option --foo not recognized');
  assert.equal(err(['-c']), 'option -c requires argument');
  assert.equal(err(['--serverurl']), 'option --serverurl requires argument');
  assert.equal(err(['--help=1']), 'option --help must not have an argument');
  assert.equal(err(['-s', 'foo', 'status']), "invalid value for -s 'foo': value 'foo' is not a URL");
  assert.equal(err(['--s', 'x']), "invalid value for --serverurl 'x': value 'x' is not a URL");
  assert.equal(err(['-i', '-i']), "conflicting command line option '-i'");
  assert.equal(err(['-h', '-s', 'x']), 'help');
  assert.equal(err(['-?']), 'help');
});

test('ours: -s repeated is a fleet, -s name=URL names a server, --context/--servers only by full name', () => {
  const r = parseArgs(['-s', 'unix:///a', '--serverurl=web=unix:///b', 'status']);
  assert.ok(r.kind === 'run');
  if (r.kind !== 'run') return;
  assert.deepEqual(r.options.serverurls, ['unix:///a', 'web=unix:///b']);
  assert.equal(r.options.serverurl, undefined);
  const one = parseArgs(['-s', 'web=unix:///b']);
  assert.ok(one.kind === 'run' && one.options.serverurl === 'unix:///b');
  const ctx = parseArgs(['--context', 'prod', '--servers=x.conf', '--co', 'c.conf']);
  assert.ok(ctx.kind === 'run' && ctx.options.context === 'prod' && ctx.options.serversFile === 'x.conf' && ctx.options.configuration === 'c.conf');
  assert.deepEqual(parseArgs(['--cont', 'x']), { kind: 'usage-error', message: 'option --cont not recognized' });
  assert.deepEqual(parseArgs(['-s', 'web=foo']), { kind: 'usage-error', message: "invalid value for -s 'web=foo': value 'foo' is not a URL" });
});

test('--no-color', () => {
  const r = parseArgs(['--no-color', 'status']);
  assert.ok(r.kind === 'run' && r.options.noColor);
});

test('tail arguments in supervisorctl order', () => {
  assert.deepEqual(planTail([]), { kind: 'error', message: 'Error: too few arguments', help: true });
  assert.deepEqual(planTail(['a', 'b', 'c', 'd']), { kind: 'error', message: 'Error: too many arguments', help: true });
  assert.deepEqual(planTail(['web']), { kind: 'read', name: 'web', channel: 'stdout', bytes: 1600 });
  assert.deepEqual(planTail(['web', 'STDERR']), { kind: 'read', name: 'web', channel: 'stderr', bytes: 1600 });
  assert.deepEqual(planTail(['-100', 'web']), { kind: 'read', name: 'web', channel: 'stdout', bytes: 100 });
  assert.deepEqual(planTail(['-0', 'web', 'stderr']), { kind: 'read', name: 'web', channel: 'stderr', bytes: 0 });
  assert.deepEqual(planTail(['web', 'bogus']), { kind: 'error', message: "Error: bad channel 'bogus'", help: false });
  assert.deepEqual(planTail(['-x', 'web']), { kind: 'error', message: 'Error: bad argument -x', help: false });
  assert.deepEqual(planTail(['-f']), { kind: 'error', message: 'Error: tail requires process name', help: false });
  assert.deepEqual(planTail(['-f', 'web', 'stderr']), { kind: 'follow', name: 'web', channel: 'stderr' });
  assert.deepEqual(planTail(['-f', 'web']), { kind: 'follow', name: 'web', channel: 'stdout' });
  // ours: several names or a group with -f
  assert.deepEqual(planTail(['-f', 'web:*', 'worker_01']), { kind: 'follow-many', names: ['web:*', 'worker_01'], channel: 'stdout' });
  assert.deepEqual(planTail(['-f', 'a', 'b', 'c', 'stderr']), { kind: 'follow-many', names: ['a', 'b', 'c'], channel: 'stderr' });
  assert.deepEqual(planTail(['-f', 'web:']), { kind: 'follow-many', names: ['web:'], channel: 'stdout' });
  assert.deepEqual(planTail(['-f', 'web:web_00']), { kind: 'follow', name: 'web:web_00', channel: 'stdout' });
});

test('maintail arguments', () => {
  assert.deepEqual(planMaintail([]), { kind: 'read', bytes: 1600 });
  assert.deepEqual(planMaintail(['-f']), { kind: 'follow' });
  assert.deepEqual(planMaintail(['-5']), { kind: 'read', bytes: 5 });
  assert.deepEqual(planMaintail(['x']), { kind: 'error', message: 'Error: bad argument x', help: false });
  assert.deepEqual(planMaintail(['-x']), { kind: 'error', message: 'Error: bad argument -x', help: false });
  assert.deepEqual(planMaintail(['a', 'b']), { kind: 'error', message: 'Error: too many arguments', help: true });
});

test('command lines split like cmd.Cmd', () => {
  assert.deepEqual(parseLine('  status  a b '), { command: 'status', arg: 'a b', line: 'status  a b' });
  assert.deepEqual(parseLine('?start'), { command: 'help', arg: 'start', line: 'help start' });
  assert.deepEqual(parseLine('tail-f x'), { command: 'tail', arg: '-f x', line: 'tail-f x' });
  assert.deepEqual(parseLine('!ls'), { command: '', arg: '!ls', line: '!ls' });
});

test('name selection: all, groups, processes, errors in argument order', () => {
  const infos = [
    { group: 'grp', name: 'g1' },
    { group: 'grp', name: 'g2' },
    { group: 'solo', name: 'solo' },
  ];
  assert.equal(selectProcesses(infos, []).matched.length, 3);
  assert.equal(selectProcesses(infos, ['solo', 'all']).matched.length, 3);
  const s = selectProcesses(infos, ['nosuch:*', 'grp:', 'g1', 'grp:g2']);
  assert.deepEqual(s.errors, ['nosuch: ERROR (no such group)', 'g1: ERROR (no such process)']);
  assert.deepEqual(s.matched.map((i) => i.name), ['g1', 'g2', 'g2']);
});

test('exit status: last set wins; tolerated faults and SUCCESS leave it', () => {
  const e = new ExitStatus();
  e.fromFault(Faults.ALREADY_STARTED, Faults.ALREADY_STARTED);
  e.fromFault(Faults.SUCCESS);
  assert.equal(e.code, 0);
  e.fromFault(Faults.SPAWN_ERROR);
  assert.equal(e.code, 7);
  e.fromFault(Faults.SUCCESS);
  assert.equal(e.code, 7);
  e.fromFault(Faults.BAD_NAME);
  assert.equal(e.code, 1);
  e.fromFault(Faults.NOT_RUNNING);
  assert.equal(e.code, 7);
});

test('completion: commands, processes, groups', () => {
  const vocab = ['help', 'start', 'status', 'stop'];
  const infos = [
    { group: 'grp', name: 'g1' },
    { group: 'grp', name: 'g2' },
    { group: 'web', name: 'web' },
  ];
  assert.deepEqual(completions('st', vocab, infos), ['start ', 'status ', 'stop ']);
  assert.deepEqual(completions('', vocab, infos), ['help ', 'start ', 'status ', 'stop ']);
  assert.deepEqual(completions('start ', vocab, infos), ['grp:g1 ', 'grp:* ', 'grp:g2 ', 'web ']);
  assert.deepEqual(completions('start w', vocab, infos), ['web ']);
  assert.deepEqual(completions('start web:', vocab, infos), ['web:web ', 'web:* ']);
  assert.deepEqual(completions('update g', vocab, infos), ['grp ']);
  assert.deepEqual(completions('help s', vocab, infos), ['start ', 'status ', 'stop ']);
  assert.equal(currentWord('stop grp:*'), 'grp:*');
});

test('Python reprs', () => {
  assert.equal(pyFaultStr(6, 'SHUTDOWN_STATE'), "<Fault 6: 'SHUTDOWN_STATE'>");
  assert.equal(pyBytesRepr(Uint8Array.from([0xff, 0x41, 0x0a, 0x27])), `b"\\xffA\\n'"`);
});

test('stream text: split characters wait, bad bytes are shown, prefixes per line', () => {
  const d = new ChunkDecoder();
  const euro = Buffer.from('€');
  assert.equal(d.decode(euro.subarray(0, 1)), '');
  assert.equal(d.decode(euro.subarray(1)), '€');
  assert.equal(d.decode(Buffer.from([0xff, 0x41])), "Undecodable: b'\\xffA'");
  const p = new LinePrefixer('web | ');
  assert.equal(p.push('a\nb'), 'web | a\n');
  assert.equal(p.push('c\nd\n'), 'web | bc\nweb | d\n');
  assert.equal(p.push('tail'), '');
  assert.equal(p.flush(), 'web | tail\n');
});

test('colour: TTY only, NO_COLOR and --no-color win, FORCE_COLOR for pipes', () => {
  assert.equal(wantColor({}, true, false), true);
  assert.equal(wantColor({}, false, false), false);
  assert.equal(wantColor({ NO_COLOR: '1' }, true, false), false);
  assert.equal(wantColor({}, true, true), false);
  assert.equal(wantColor({ FORCE_COLOR: '1' }, false, false), true);
});
