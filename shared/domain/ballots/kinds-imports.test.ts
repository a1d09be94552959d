/**
 * Issue 9 ("the shape of the core"): kinds.ts is the one place that knows every ballot kind, so
 * it imports the per-kind modules and none of them may import it back. The box type and the
 * box helpers they share live in the leaf box-papers.ts. This reads the import lines of the
 * source files (tests/support/import-graph.ts, type-only imports included) and fails on any
 * import circle that runs through this folder; shared/domain/imports.test.ts does so for shared/.
 */
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { importCircles, importGraph, importPath, relativeImports } from '../../../tests/support/import-graph';

const BALLOTS = dirname(fileURLToPath(import.meta.url));
const SHARED = resolve(BALLOTS, '../..');
const KINDS = join(BALLOTS, 'kinds.ts');

const show = (path: string[]): string => path.map((file) => relative(SHARED, file)).join(' → ');

describe('issue 9: no import circle through the ballot kinds', () => {
  const graph = importGraph(SHARED);

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
    expect(importCircles(graph, ballots).map(show)).toEqual([]);
  });

  it('box-papers.ts, which holds the box type, stays a leaf', () => {
    expect(graph.get(join(BALLOTS, 'box-papers.ts'))).toEqual([]);
  });
});
