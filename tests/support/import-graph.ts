/**
 * Issue 9 ("the shape of the core"): the import graph of a source folder, read from the import
 * lines themselves (type-only imports included: a circle of types is still a circle to a reader
 * and to tools such as madge). Used by shared/domain/ballots/kinds-imports.test.ts and
 * shared/domain/imports.test.ts, which fail on import circles.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/** Every `from './x'`, `import './x'` and `import('./x')` of a file, resolved to .ts paths. */
export function relativeImports(file: string, source: string): string[] {
  const specifiers = [...source.matchAll(/(?:\bfrom\s*|\bimport\s*\(?\s*)['"](\.{1,2}\/[^'"]+)['"]/g)].map((m) => m[1] ?? '');
  return specifiers.map((specifier) => resolve(dirname(file), specifier.endsWith('.ts') ? specifier : `${specifier}.ts`));
}

/** The .ts sources under a folder, tests and declaration files left out. */
export function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.ts') && !name.endsWith('.test.ts') && !name.endsWith('.d.ts'))
    .map((name) => join(dir, name));
}

/** The import graph of a folder's sources, edges only to files that exist there. */
export function importGraph(dir: string): Map<string, string[]> {
  const files = sourceFiles(dir);
  const known = new Set(files);
  const graph = new Map<string, string[]>();
  for (const file of files) graph.set(file, relativeImports(file, readFileSync(file, 'utf8')).filter((to) => known.has(to)));
  return graph;
}

/** A path from `from` to `to` along imports, or null. */
export function importPath(graph: Map<string, string[]>, from: string, to: string): string[] | null {
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

/**
 * Every import circle of `files` (default: the whole graph), one per edge that starts one: for an
 * import `file → imported` with a way back, the shortest way `file → imported → … → file`.
 */
export function importCircles(graph: Map<string, string[]>, files: Iterable<string> = graph.keys()): string[][] {
  const circles: string[][] = [];
  for (const file of files) {
    for (const imported of graph.get(file) ?? []) {
      const back = importPath(graph, imported, file);
      if (back !== null) circles.push([file, ...back]);
    }
  }
  return circles;
}
