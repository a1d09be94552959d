/**
 * The one rule for putting a paper into a ballot box and taking one out (a last_counts ballot's
 * replaced paper), used by the fold's cached box (shared/domain/evolve.ts, Immutable maps) and
 * the file store's live box (server/store/file/meeting-index.ts, plain records). The Redis cast
 * script does the same in Lua (HINCRBY, and HDEL at zero); the store contract suite
 * (tests/store/contract.ts) holds all of them to it.
 *
 * A box holds counts only: a key is present exactly while its count is ≥ 1, so a box read
 * back never shows a choice nobody made (and a replaced paper leaves no trace).
 *
 * Leaf module: it imports nothing, so any box code may use it without an import cycle. The
 * per-kind modules (batch.ts, slate.ts, election.ts, rating.ts, tally.ts) take the box type from
 * here, never from kinds.ts, which imports them (issue 9; kinds-imports.test.ts holds it).
 */

/**
 * A ballot box is an unordered multiset of ballot papers: canonical choice key → how many.
 * Keeping counts (not a list) is what lets a secret ballot be stored with nothing that
 * orders or links its papers to the register of who voted (architecture invariant 4).
 */
export type BallotBox = Record<string, number>;

/** How many papers the box holds. */
export function papersInBox(box: BallotBox): number {
  let n = 0;
  for (const count of Object.values(box)) n += count;
  return n;
}

export interface BoxCounts<Box> {
  get(box: Box, key: string): number | undefined;
  /** Returns the box with `key` at `count` (a new one for a persistent map, the same one for a record). */
  set(box: Box, key: string, count: number): Box;
  remove(box: Box, key: string): Box;
}

/** The box with one more paper under `key`. */
export function withPaper<Box>(counts: BoxCounts<Box>, box: Box, key: string): Box {
  return counts.set(box, key, (counts.get(box, key) ?? 0) + 1);
}

/** The box with one paper fewer under `key`; the key leaves the box when its count reaches 0. */
export function withoutPaper<Box>(counts: BoxCounts<Box>, box: Box, key: string): Box {
  const left = (counts.get(box, key) ?? 0) - 1;
  return left > 0 ? counts.set(box, key, left) : counts.remove(box, key);
}

/** Counts in a plain record, changed in place (the file store's live boxes). */
export const RECORD_COUNTS: BoxCounts<Record<string, number>> = {
  get: (box, key) => box[key],
  set: (box, key, count) => {
    box[key] = count;
    return box;
  },
  remove: (box, key) => {
    delete box[key];
    return box;
  },
};

/**
 * Counts in an Immutable map: only get/set/delete, never `update`, which as a guard against
 * prototype pollution silently drops the keys "constructor" and "__proto__" (immutable 5.2).
 */
export interface PersistentCounts {
  get(key: string): number | undefined;
  set(key: string, count: number): this;
  delete(key: string): this;
}

export function persistentCounts<Box extends PersistentCounts>(): BoxCounts<Box> {
  return {
    get: (box, key) => box.get(key),
    set: (box, key, count) => box.set(key, count),
    remove: (box, key) => box.delete(key),
  };
}
