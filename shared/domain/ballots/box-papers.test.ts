import { Map as PersistentMap } from 'immutable';
import { describe, expect, it } from 'vitest';
import { persistentCounts, RECORD_COUNTS, withoutPaper, withPaper } from './box-papers';

describe('box papers: one rule for a plain record and an Immutable map', () => {
  it('adds papers and takes a replaced one out, dropping a key at zero (worked example)', () => {
    // Three papers: yes, yes, no; then the no is replaced by a yes (pressRule last_counts).
    const record: Record<string, number> = {};
    for (const key of ['yes', 'yes', 'no']) withPaper(RECORD_COUNTS, record, key);
    expect(record).toEqual({ yes: 2, no: 1 });
    withoutPaper(RECORD_COUNTS, record, 'no');
    withPaper(RECORD_COUNTS, record, 'yes');
    expect(record).toEqual({ yes: 3 });

    const counts = persistentCounts<PersistentMap<string, number>>();
    let map = PersistentMap<string, number>();
    for (const key of ['yes', 'yes', 'no']) map = withPaper(counts, map, key);
    const before = map;
    map = withPaper(counts, withoutPaper(counts, map, 'no'), 'yes');
    expect(map.toObject()).toEqual({ yes: 3 });
    expect(before.toObject()).toEqual({ yes: 2, no: 1 }); // persistent: the earlier box is unchanged
  });

  it('keeps keys that Immutable\u2019s update would drop ("__proto__", "constructor") as counts', () => {
    const counts = persistentCounts<PersistentMap<string, number>>();
    let map = PersistentMap<string, number>();
    for (const key of ['__proto__', 'constructor', '__proto__']) map = withPaper(counts, map, key);
    expect(map.get('__proto__')).toBe(2);
    expect(map.get('constructor')).toBe(1);
  });

  it('never leaves a negative count: taking from an empty key removes it', () => {
    const record: Record<string, number> = { yes: 1 };
    withoutPaper(RECORD_COUNTS, record, 'no');
    expect(record).toEqual({ yes: 1 });
  });
});
