/**
 * Issue 9 ("the shape of the core"): kinds.ts is the one place that knows every ballot kind, so
 * it imports the per-kind modules and none of them may import it back. The box type and the
 * box helpers they share live in the leaf box-papers.ts. This reads the import lines of the
 * source files (type-only imports included: a circle of types is still a circle to a reader
 * and to tools such as madge) and fails on any import circle that runs through this folder.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const BALLOTS = dirname(fileURLToPath(import.meta.url));
const SHARED = resolve(BALLOTS, '../..');
const KINDS = join(BALLOTS, 'kinds.ts');

/** Every `from './x'`, `import './x'` and `import('./x')` of a file, resolved to .ts paths. */
function relativeImports(file: string, source: string): string[] {
  const specifiers = [...source.matchAll(/(?:\bfrom\s*|\bimport\s*\(?\s*)['"](\.{1,2}\/[^'"]+)['"]/g)].map((m) => m[1] ?? '');
  return specifiers.map((specifier) => resolve(dirname(file), specifier.endsWith('.ts') ? specifier : `${specifier}.ts`));
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.ts') && !name.endsWith('.test.ts') && !name.endsWith('.d.ts'))
    .map((name) => join(dir, name));
}

/** The import graph of shared/ (non-test sources), edges only to files that exist there. */
function importGraph(): Map<string, string[]> {
  const files = sourceFiles(SHARED);
  const known = new Set(files);
  const graph = new Map<string, string[]>();
  for (const file of files) graph.set(file, relativeImports(file, readFileSync(file, 'utf8')).filter((to) => known.has(to)));
  return graph;
}

/** A path from `from` to `to` along imports, or null. */
function importPath(graph: Map<string, string[]>, from: string, to: string): string[] | null {
  const cameFrom = new Map<string, string>([[from, from]]);
  const queue = [from];
  for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
    if (next === to) {
      const path = [to];
      for (let at = to; at !== from; ) path.unshift((at = cameFrom.get(at) ?? from));
      return path;
    }
    for (const imported of graph.get(next) ?? []) {
      if (!cameFrom.has(imported)) {
        cameFrom.set(imported, next);
        queue.push(imported);
      }
    }
  }
  return null;
}

const show = (path: string[]): string => path.map((file) => relative(SHARED, file)).join(' → ');

describe('issue 9: no import circle through the ballot kinds', () => {
  const graph = importGraph();

  it('reads import lines, type-only and multi-line ones included', () => {
    const source = "import type { A } from './kinds';\nimport {\n  b,\n} from '../quorum';\nexport { c } from './box-papers';\n";
    expect(relativeImports(KINDS, source).map((file) => relative(SHARED, file))).toEqual([
      'domain/ballots/kinds.ts',
      'domain/quorum.ts',
      'domain/ballots/box-papers.ts',
    ]);
  });

  it('kinds.ts imports the per-kind modules (so a check of them is not vacuous)', () => {
    const imported = (graph.get(KINDS) ?? []).map((file) => relative(BALLOTS, file));
    for (const kind of ['motion.ts', 'batch.ts', 'slate.ts', 'election.ts', 'list-vote.ts', 'rating.ts', 'box-papers.ts']) {
      expect(imported).toContain(kind);
    }
  });

  it('no module that kinds.ts imports, directly or not, imports kinds.ts back', () => {
    const circles = (graph.get(KINDS) ?? []).map((imported) => importPath(graph, imported, KINDS)).filter((path) => path !== null);
    expect(circles.map((path) => `kinds.ts → ${show(path)}`)).toEqual([]);
  });

  it('no import circle at all among the modules of shared/domain/ballots/', () => {
    const ballots = [...graph.keys()].filter((file) => dirname(file) === BALLOTS);
    const circles: string[] = [];
    for (const file of ballots) {
      for (const imported of graph.get(file) ?? []) {
        const back = importPath(graph, imported, file);
        if (back !== null) circles.push(`${relative(SHARED, file)} → ${show(back)}`);
      }
    }
    expect(circles).toEqual([]);
  });

  it('box-papers.ts, which holds the box type, stays a leaf', () => {
    expect(graph.get(join(BALLOTS, 'box-papers.ts'))).toEqual([]);
  });
});
