// The product stands alone: every domain rule id (R2.9 …) and every "invariant N" that the code
// and tests cite is defined in the repository, in docs/RULES.md and docs/ARCHITECTURE.md.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');
const CITING_FOLDERS = ['shared', 'server', 'client', 'tests'];
const SOURCE = /\.(ts|js|svelte|html|css)$/;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' || entry.name === 'dist' ? [] : sourceFiles(full);
    return SOURCE.test(entry.name) ? [full] : [];
  });
}

/** Every match of `pattern` in the code, with where it was seen first. */
function citations(pattern: RegExp, read: (match: RegExpMatchArray) => string[]): Map<string, string> {
  const found = new Map<string, string>();
  for (const folder of CITING_FOLDERS) {
    for (const file of sourceFiles(path.join(ROOT, folder))) {
      const text = readFileSync(file, 'utf8');
      for (const match of text.matchAll(pattern)) {
        for (const id of read(match)) if (!found.has(id)) found.set(id, path.relative(ROOT, file));
      }
    }
  }
  return found;
}

/** Rule ids defined in RULES.md: each rule is a list item that starts with its bold id. */
function definedRules(): Set<string> {
  const page = readFileSync(path.join(ROOT, 'docs/RULES.md'), 'utf8');
  return new Set([...page.matchAll(/^- \*\*(R\d+\.\d+)\*\* \[(?:LAW|LOCAL|PRACTICE)[^\]]*\]/gm)].map((m) => m[1] ?? ''));
}

/** Invariants defined in ARCHITECTURE.md: the numbered list under "## Invariants". */
function definedInvariants(): Set<string> {
  const page = readFileSync(path.join(ROOT, 'docs/ARCHITECTURE.md'), 'utf8');
  const section = page.split(/^## /m).find((s) => s.startsWith('Invariants')) ?? '';
  return new Set([...section.matchAll(/^(\d+)\. \*\*/gm)].map((m) => m[1] ?? ''));
}

describe('rules and invariants cited by the code are defined in docs/', () => {
  it('every R<n>.<n> cited in shared/, server/, client/ and tests/ is in docs/RULES.md, with its tag', () => {
    const cited = citations(/\bR(\d+)\.(\d+)\b/g, (m) => [`R${m[1]}.${m[2]}`]);
    const defined = definedRules();
    expect(cited.size).toBeGreaterThan(30);
    const undefinedIds = [...cited].filter(([id]) => !defined.has(id)).map(([id, file]) => `${id} (${file})`);
    expect(undefinedIds).toEqual([]);
  });

  it('every rule in docs/RULES.md says how Biaojue implements it', () => {
    const page = readFileSync(path.join(ROOT, 'docs/RULES.md'), 'utf8');
    const rules = page.split(/^- \*\*(?=R\d+\.\d+\*\*)/m).slice(1);
    expect(rules.length).toBe(definedRules().size);
    const withoutMapping = rules.filter((rule) => !/^\s+- \*\*Biaojue:\*\* \S/m.test(rule)).map((rule) => rule.slice(0, 6));
    expect(withoutMapping).toEqual([]);
  });

  it('every "invariant N" cited is in the numbered invariants of docs/ARCHITECTURE.md', () => {
    const cited = citations(/\binvariants? (\d+(?:(?:, | and | & )\d+)*)/gi, (m) => (m[1] ?? '').split(/, | and | & /));
    const defined = definedInvariants();
    expect(defined.size).toBeGreaterThanOrEqual(7);
    expect(cited.size).toBeGreaterThan(0);
    const undefinedOnes = [...cited].filter(([n]) => !defined.has(n)).map(([n, file]) => `invariant ${n} (${file})`);
    expect(undefinedOnes).toEqual([]);
  });
});
