/**
 * The repository's import graph, read with the TypeScript parser (static imports, re-exports,
 * `import()` calls), and a checker for dependency rules over it. test/architecture.test.ts states
 * the rules; this file only knows how to read imports and follow them.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

/** One import: the repo-relative file it names, or `pkg:<name>` for a package. */
export interface Edge {
  readonly to: string;
  /** `import type` / `export type`: gone at run time, still a dependency of the design. */
  readonly typeOnly: boolean;
  /** `import()`: loaded when the code runs there, not at start. */
  readonly dynamic: boolean;
}

/** file → its imports. Nodes are repo-relative paths (`daemon/main.ts`) or `pkg:<name>`. */
export type Graph = ReadonlyMap<string, readonly Edge[]>;

const SOURCE = /\.(ts|tsx|mts|mjs)$/;
const BUILTINS = new Set(builtinModules);

function packageOf(spec: string): string | null {
  if (spec.startsWith('node:') || BUILTINS.has(spec.split('/')[0]!)) return null;
  const parts = spec.split('/');
  return spec.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]!;
}

interface RawImport {
  spec: string | null;
  typeOnly: boolean;
  dynamic: boolean;
  line: number;
}

function rawImports(file: string, text: string): RawImport[] {
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, file.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const out: RawImport[] = [];
  const line = (n: ts.Node) => sf.getLineAndCharacterOfPosition(n.getStart(sf)).line + 1;
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = node.importClause;
      // `import { type A, type B } from` loads nothing either.
      const allTypes =
        clause !== undefined &&
        (clause.isTypeOnly ||
          (clause.name === undefined && clause.namedBindings !== undefined && ts.isNamedImports(clause.namedBindings) && clause.namedBindings.elements.length > 0 && clause.namedBindings.elements.every((e) => e.isTypeOnly)));
      out.push({ spec: node.moduleSpecifier.text, typeOnly: allTypes, dynamic: false, line: line(node) });
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      out.push({ spec: node.moduleSpecifier.text, typeOnly: node.isTypeOnly, dynamic: false, line: line(node) });
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      const arg = node.arguments[0];
      out.push({ spec: arg && ts.isStringLiteralLike(arg) ? arg.text : null, typeOnly: false, dynamic: true, line: line(node) });
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
      out.push({ spec: node.argument.literal.text, typeOnly: true, dynamic: false, line: line(node) });
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}

function sourceFiles(root: string, dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(join(root, dir))) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    const rel = join(dir, name);
    if (statSync(join(root, rel)).isDirectory()) out.push(...sourceFiles(root, rel));
    else if (SOURCE.test(name) && !name.endsWith('.d.ts')) out.push(rel);
  }
  return out;
}

/**
 * The import graph of every source file under `dirs` (repo-relative), following relative imports
 * wherever they lead. Throws on what a walk cannot follow: an `import()` of a computed name, or a
 * relative import of a file that does not exist — a rule checked over a guess proves nothing.
 */
export function readGraph(root: string, dirs: readonly string[]): Graph {
  const graph = new Map<string, Edge[]>();
  const queue = dirs.flatMap((d) => sourceFiles(root, d));
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (graph.has(file)) continue;
    const edges: Edge[] = [];
    graph.set(file, edges);
    for (const imp of rawImports(file, readFileSync(join(root, file), 'utf8'))) {
      if (imp.spec === null) throw new Error(`${file}:${imp.line}: import() of a computed name: the architecture test cannot follow it`);
      if (imp.spec.startsWith('.')) {
        const target = relative(root, resolve(root, dirname(file), imp.spec));
        if (!existsSync(join(root, target))) throw new Error(`${file}:${imp.line}: ${imp.spec} does not exist`);
        edges.push({ to: target, typeOnly: imp.typeOnly, dynamic: imp.dynamic });
        queue.push(target);
      } else {
        const pkg = packageOf(imp.spec);
        if (pkg !== null) edges.push({ to: `pkg:${pkg}`, typeOnly: imp.typeOnly, dynamic: imp.dynamic });
      }
    }
  }
  return graph;
}

/** A path prefix (`daemon/`), an exact file (`daemon/main.ts`) or a package (`pkg:ink`, `pkg:ink-*`). */
export type Pattern = string;

export function matches(node: string, pattern: Pattern): boolean {
  if (pattern.endsWith('*')) return node.startsWith(pattern.slice(0, -1));
  if (pattern.endsWith('/')) return node.startsWith(pattern);
  return node === pattern;
}

export interface Rule {
  readonly name: string;
  /** Where the walk starts: every file of the graph matching one of these. */
  readonly from: readonly Pattern[];
  /** Start files exempt from the rule (and not walked through). */
  readonly except?: readonly Pattern[];
  /** What must not be reached. */
  readonly forbidden: readonly Pattern[];
  /** Files the forbidden set does not cover (e.g. a folder's own files). */
  readonly allowed?: readonly Pattern[];
  /** 'runtime': only what loads (type-only imports skipped); 'design': every import. */
  readonly edges: 'runtime' | 'design';
  /** Only the start files' own imports, not what those reach. */
  readonly direct?: boolean;
}

/** One broken rule: the chain of imports from a start file to what it must not reach. */
export interface Violation {
  readonly rule: string;
  readonly chain: readonly string[];
}

const any = (node: string, patterns: readonly Pattern[] | undefined): boolean => (patterns ?? []).some((p) => matches(node, p));

export function checkRules(graph: Graph, rules: readonly Rule[]): Violation[] {
  const out: Violation[] = [];
  for (const rule of rules) {
    const starts = [...graph.keys()].filter((f) => any(f, rule.from) && !any(f, rule.except)).sort();
    // Breadth first from all starts at once, so each forbidden node is reported once, by its shortest chain.
    const parent = new Map<string, string | null>(starts.map((s) => [s, null]));
    const queue = [...starts];
    const reported = new Set<string>();
    while (queue.length > 0) {
      const node = queue.shift()!;
      for (const e of graph.get(node) ?? []) {
        if (rule.edges === 'runtime' && e.typeOnly) continue;
        if (parent.has(e.to)) continue;
        parent.set(e.to, node);
        if (any(e.to, rule.forbidden) && !any(e.to, rule.allowed)) {
          if (!reported.has(e.to)) {
            reported.add(e.to);
            const chain = [e.to];
            for (let p: string | null = node; p !== null; p = parent.get(p) ?? null) chain.unshift(p);
            out.push({ rule: rule.name, chain });
          }
          continue;
        }
        if (!rule.direct && !any(e.to, rule.except)) queue.push(e.to);
      }
    }
  }
  return out;
}

export function describeViolation(v: Violation): string {
  return `${v.rule}: ${v.chain.join(' → ')}`;
}
