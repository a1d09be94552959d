/**
 * What was made between two heap snapshots of one process, by kind: node type and constructor
 * (strings and code lumped), count and bytes, most bytes first. With `--per=K`, each also divided
 * by K (the casts pending at the second snapshot, bench/pending-snapshots.ts). Snapshots of a
 * 3,000-seat server are ~100 MB of JSON:
 *
 *   node --max-old-space-size=8000 --import tsx bench/heap-diff.ts FIRST SECOND [--per=300] [--top=25]
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

interface HeapSnapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[]] } };
  nodes: number[];
  strings: string[];
}

/** Count and self bytes per kind of live object. */
function kindsOf(file: string): Map<string, { count: number; bytes: number }> {
  const snapshot = JSON.parse(readFileSync(file, 'utf8')) as HeapSnapshot;
  const fields = snapshot.snapshot.meta.node_fields;
  const types = snapshot.snapshot.meta.node_types[0];
  const width = fields.length;
  const typeAt = fields.indexOf('type');
  const nameAt = fields.indexOf('name');
  const sizeAt = fields.indexOf('self_size');
  const kinds = new Map<string, { count: number; bytes: number }>();
  for (let i = 0; i < snapshot.nodes.length; i += width) {
    const type = types[snapshot.nodes[i + typeAt]!]!;
    // A string's or code's name is its content: lumped, or every string would be a kind.
    const name = type.includes('string') || type === 'code' || type === 'hidden' ? '' : snapshot.strings[snapshot.nodes[i + nameAt]!]!.slice(0, 60);
    const key = name ? `${type} ${name}` : type;
    const kind = kinds.get(key) ?? { count: 0, bytes: 0 };
    kind.count++;
    kind.bytes += snapshot.nodes[i + sizeAt]!;
    kinds.set(key, kind);
  }
  return kinds;
}

const { values, positionals } = parseArgs({ allowPositionals: true, options: { per: { type: 'string' }, top: { type: 'string', default: '25' } } });
const [first, second] = positionals;
if (!first || !second) throw new Error('usage: heap-diff.ts FIRST SECOND [--per=K] [--top=N]');
const per = values.per === undefined ? null : Number(values.per);
const before = kindsOf(first);
const after = kindsOf(second);
const rows = [...after].map(([key, { count, bytes }]) => ({ key, count: count - (before.get(key)?.count ?? 0), bytes: bytes - (before.get(key)?.bytes ?? 0) }));
rows.sort((a, b) => b.bytes - a.bytes);
const total = rows.reduce((sum, r) => sum + r.bytes, 0);
const perText = (x: number) => (per ? `  ${(x / per).toFixed(1).padStart(11)}` : '');
console.log(`made between the snapshots: ${total} bytes${per ? `, ${(total / per).toFixed(0)} per one of ${per}` : ''}`);
console.log(`${'bytes'.padStart(10)}${per ? `  bytes ÷ ${per}`.padStart(13) : ''} ${'count'.padStart(8)}${per ? `  count ÷ ${per}`.padStart(13) : ''}  kind`);
for (const r of rows.slice(0, Number(values.top))) {
  console.log(`${String(r.bytes).padStart(10)}${perText(r.bytes)} ${String(r.count).padStart(8)}${perText(r.count)}  ${r.key}`);
}
