/**
 * Issue 9 ("the shape of the core"): no import circle anywhere in shared/. madge reported 14
 * around meeting.ts, decide.ts, evolve.ts and countdown.ts: the feature modules (sittings.ts,
 * speaking.ts …) imported meeting.ts and decide.ts for their types while those imported the
 * features back. The shared types now live in leaves — actor.ts, decision.ts and one
 * `<feature>-types.ts` per feature — and the modules that defined them re-export them.
 * Reads the import lines with tests/support/import-graph.ts (type-only imports count, as in madge).
 */
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { importCircles, importGraph, relativeImports } from '../../tests/support/import-graph';

const DOMAIN = dirname(fileURLToPath(import.meta.url));
const SHARED = resolve(DOMAIN, '..');
const show = (path: string[]): string => path.map((file) => relative(SHARED, file)).join(' → ');
const FEATURES = ['sittings', 'speaking', 'staff-requests', 'wall-mode', 'countdown', 'void-confirmation'];

describe('issue 9: no import circle in shared/', () => {
  const graph = importGraph(SHARED);
  const importsOf = (file: string): string[] => (graph.get(join(DOMAIN, file)) ?? []).map((to) => relative(DOMAIN, to)).sort();

  it('finds a circle of type-only imports, and none in a tree', () => {
    const file = (name: string): string => join(DOMAIN, name);
    const sources: Record<string, string> = {
      'a.ts': "import type { B } from './b';\nimport { d } from './d';\n",
      'b.ts': "import type {\n  C,\n} from './c';\n",
      'c.ts': "export type { A } from './a';\n",
      'd.ts': '',
    };
    const circular = new Map(Object.entries(sources).map(([name, source]) => [file(name), relativeImports(file(name), source)]));
    expect(importCircles(circular).map(show)).toEqual([
      'domain/a.ts → domain/b.ts → domain/c.ts → domain/a.ts',
      'domain/b.ts → domain/c.ts → domain/a.ts → domain/b.ts',
      'domain/c.ts → domain/a.ts → domain/b.ts → domain/c.ts',
    ]);
    circular.set(file('c.ts'), []);
    expect(importCircles(circular)).toEqual([]);
  });

  it('reads the real graph (so the check below is not vacuous)', () => {
    expect(graph.size).toBeGreaterThan(50);
    expect(importsOf('decide.ts')).toEqual(expect.arrayContaining([...FEATURES.map((f) => `${f}.ts`), 'evolve.ts', 'decision.ts']));
    for (const feature of FEATURES) expect(importsOf(`${feature}.ts`)).toEqual(expect.arrayContaining(['meeting.ts', `${feature}-types.ts`]));
  });

  it('no module of shared/ imports itself back, directly or through others', () => {
    expect(importCircles(graph).map(show)).toEqual([]);
  });

  it('the type leaves stay leaves: they import only actor.ts (and decision.ts the event and error types)', () => {
    expect(importsOf('actor.ts')).toEqual([]);
    for (const feature of FEATURES) expect([feature, importsOf(`${feature}-types.ts`)]).toEqual([feature, ['actor.ts']]);
    expect(importsOf('decision.ts')).toEqual(['actor.ts', 'errors.ts', 'meeting.ts']);
  });

  it('meeting.ts names the feature types through the leaves, never the feature modules or decide/evolve', () => {
    const imported = importsOf('meeting.ts');
    for (const module of [...FEATURES, 'decide', 'decision', 'evolve']) expect(imported).not.toContain(`${module}.ts`);
  });
});
