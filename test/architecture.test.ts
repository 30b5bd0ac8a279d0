/**
 * The dependency rules of docs/architecture.md, checked over the real import graph of src/, daemon/
 * and tui/ (static imports, re-exports and every `import()`), and shown failing on a small graph
 * that breaks each rule on purpose.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ROOT } from './helpers/cli.ts';
import { checkRules, describeViolation, readGraph, type Edge, type Graph, type Rule } from './helpers/import-graph.ts';

const UI_PACKAGES = ['pkg:ink', 'pkg:ink-*', 'pkg:react', 'pkg:react-*', 'pkg:@inkjs/*'];
/** The shared leaf modules anything may use. */
const LEAVES = ['src/protocol/', 'src/xmlrpc/', 'src/py/', 'src/error-text.ts'];
/** What the daemon's engine is: supervising, logs, events and the RPC methods, whatever the transport. */
const ENGINE = ['daemon/supervisor.ts', 'daemon/group.ts', 'daemon/lifecycle.ts', 'daemon/process/', 'daemon/events/', 'daemon/logs/', 'daemon/rpc/'];

export const RULES: readonly Rule[] = [
  {
    name: 'the daemon never loads React or Ink (from its entry, through every import())',
    from: ['daemon/main.ts'],
    forbidden: UI_PACKAGES,
    edges: 'runtime',
  },
  {
    name: 'src/ never loads React or Ink (only the CLI entry starts the dashboard)',
    from: ['src/'],
    except: ['src/cli/main.ts'],
    forbidden: UI_PACKAGES,
    edges: 'runtime',
  },
  { name: 'daemon/ never reaches tui/', from: ['daemon/'], forbidden: ['tui/'], edges: 'design' },
  {
    name: 'tui/ and src/ never reach daemon/ (clients use RPC; only the CLI entry starts the daemon)',
    from: ['tui/', 'src/'],
    except: ['src/cli/main.ts'],
    forbidden: ['daemon/'],
    edges: 'design',
  },
  {
    name: 'src/protocol/ reaches only the Python helpers (not src/config/, not daemon/)',
    from: ['src/protocol/'],
    forbidden: ['src/', 'daemon/', 'tui/'],
    allowed: ['src/protocol/', 'src/py/'],
    edges: 'design',
  },
  {
    name: 'the engine never reaches daemon/http/ or daemon/web/',
    from: ENGINE,
    forbidden: ['daemon/http/', 'daemon/web/'],
    edges: 'design',
  },
  {
    name: 'src/client/ reaches only the protocol (no config file, no commands)',
    from: ['src/client/'],
    forbidden: ['src/', 'daemon/', 'tui/'],
    allowed: ['src/client/', ...LEAVES],
    edges: 'design',
  },
  {
    name: 'src/config/ reaches no client, command, daemon or dashboard',
    from: ['src/config/'],
    forbidden: ['src/client/', 'src/connect/', 'src/ctl/', 'src/cli/', 'daemon/', 'tui/'],
    edges: 'design',
  },
  {
    name: 'src/py/ imports nothing of ours',
    from: ['src/py/'],
    forbidden: ['src/', 'daemon/', 'tui/'],
    allowed: ['src/py/'],
    edges: 'design',
  },
  {
    name: 'daemon/http/ reaches daemon/web/ only where the server routes to it',
    from: ['daemon/http/'],
    except: ['daemon/http/server.ts', 'daemon/http/serve.ts'],
    forbidden: ['daemon/web/'],
    edges: 'design',
  },
];

test('the real import graph keeps every rule', () => {
  const graph = readGraph(ROOT, ['src', 'daemon', 'tui']);
  const violations = checkRules(graph, RULES).map(describeViolation);
  assert.deepEqual(violations, []);
  // The walk saw the whole tree, the CLI's dynamic imports among it.
  assert.ok(graph.size > 150, `read ${graph.size} files`);
  const cli = graph.get('src/cli/main.ts') ?? [];
  assert.ok(cli.some((e) => e.dynamic && e.to === 'daemon/main.ts') && cli.some((e) => e.dynamic && e.to === 'tui/main.ts'), 'src/cli/main.ts loads the modes by import()');
});

/** A graph from `file -> target` lines: `~>` is an import(), `-t>` an `import type`. */
function fixture(lines: readonly string[]): Graph {
  const graph = new Map<string, Edge[]>();
  for (const line of lines) {
    const [from, arrow, to] = line.split(' ') as [string, string, string];
    const edges = graph.get(from) ?? [];
    edges.push({ to, dynamic: arrow === '~>', typeOnly: arrow === '-t>' });
    graph.set(from, edges);
    if (!to.startsWith('pkg:') && !graph.has(to)) graph.set(to, []);
  }
  return graph;
}

test('each rule fails on a graph that breaks it on purpose', () => {
  const broken = fixture([
    // The daemon reaches Ink through an import() two steps away.
    'daemon/main.ts -> daemon/lifecycle.ts',
    'daemon/lifecycle.ts ~> daemon/pretty.ts',
    'daemon/pretty.ts -> pkg:ink',
    // A command renders with React.
    'src/ctl/main.ts -> src/ctl/format.ts',
    'src/ctl/format.ts -> pkg:react',
    // The daemon borrows the dashboard's formatter.
    'daemon/supervisor.ts -> tui/format.ts',
    // The dashboard reaches into the daemon instead of calling it over RPC.
    'tui/effects/poller.ts -> daemon/process/state-machine.ts',
    // The protocol reads the config.
    'src/protocol/signals.ts -> src/config/values.ts',
    // The engine knows about its HTTP server.
    'daemon/process/process.ts -> daemon/http/respond.ts',
    // The client reads a config file.
    'src/client/client.ts -> src/connect/resolve.ts',
    'src/connect/resolve.ts -> src/config/reader.ts',
    // The config imports a command's helper.
    'src/config/reader.ts -> src/ctl/format.ts',
    // A Python helper imports the protocol.
    'src/py/python.ts -> src/protocol/faults.ts',
    // An HTTP helper imports the web page.
    'daemon/http/logtail.ts -> daemon/web/layout.ts',
  ]);
  const found = checkRules(broken, RULES);
  const byRule = new Map(RULES.map((r) => [r.name, found.filter((v) => v.rule === r.name).map((v) => v.chain.join(' → '))]));
  const expect = (i: number, chains: string[]) => assert.deepEqual(byRule.get(RULES[i]!.name), chains, RULES[i]!.name);
  expect(0, ['daemon/main.ts → daemon/lifecycle.ts → daemon/pretty.ts → pkg:ink']);
  expect(1, ['src/ctl/format.ts → pkg:react']);
  expect(2, ['daemon/supervisor.ts → tui/format.ts']);
  expect(3, ['tui/effects/poller.ts → daemon/process/state-machine.ts']);
  expect(4, ['src/protocol/signals.ts → src/config/values.ts']);
  expect(5, ['daemon/process/process.ts → daemon/http/respond.ts']);
  expect(6, ['src/client/client.ts → src/connect/resolve.ts']);
  expect(7, ['src/config/reader.ts → src/ctl/format.ts']);
  expect(8, ['src/py/python.ts → src/protocol/faults.ts']);
  expect(9, ['daemon/http/logtail.ts → daemon/web/layout.ts']);
  assert.equal(found.length, 10, found.map(describeViolation).join('\n'));
});

test('what the rules allow: type-only imports load nothing, the CLI entry starts every mode, the server routes to the web page', () => {
  const fine = fixture([
    'daemon/main.ts -> daemon/http/serve.ts',
    'daemon/http/serve.ts -> daemon/http/server.ts',
    'daemon/http/server.ts -> daemon/web/handler.ts',
    'daemon/web/handler.ts -> daemon/http/respond.ts',
    'daemon/web/handler.ts -> src/client/results.ts',
    'daemon/events/payload.ts -t> pkg:react',
    'src/cli/main.ts ~> daemon/main.ts',
    'src/cli/main.ts ~> tui/main.ts',
    'tui/main.ts -> pkg:ink',
    'tui/main.ts -> src/connect/resolve.ts',
    'src/connect/resolve.ts -> src/config/reader.ts',
    'src/config/reader.ts -> src/py/path.ts',
    'src/protocol/signals.ts -> src/py/python.ts',
    'src/client/client.ts -> src/protocol/faults.ts',
  ]);
  assert.deepEqual(checkRules(fine, RULES).map(describeViolation), []);
});
