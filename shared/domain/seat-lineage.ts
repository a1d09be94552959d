import type { IdMap } from './actor';
import type { SeatState } from './meeting';

type Seats = IdMap<SeatState>;

/** The seat ids changed since a base, newest first (shared tails: O(1) per change). */
interface ChangedIds {
  seatId: string;
  older: ChangedIds | null;
}

/**
 * How a seats map came from a marked base: the base, and the seats changed since it. Only maps
 * made by withSeat have one, so a map made any other way (a new roster, a sitting's fresh roll,
 * a copy read from the store) has none, and whoever asks walks it whole: safe by construction.
 */
interface Lineage {
  base: Seats;
  changed: ChangedIds;
  count: number;
}

const LINEAGE = new WeakMap<Seats, Lineage>();
/** Maps someone derives views from (console-seats.ts): a later change records its ids from the nearest of them. */
const BASES = new WeakSet<Seats>();

/**
 * `seats` with one seat replaced, and a note of which one. A hall signing in changes one seat per
 * event, and the console's seat list (consoleSeatRows) re-rendered the whole map, an O(N) walk of
 * the trie, ten times a second; with the note it renders only the seats changed since its last
 * list. The note keeps the base map alive (not the maps between; a base keeps no note of its
 * own: markSeatsBase), and is dropped past a quarter of the seats, where a whole walk is as cheap.
 */
export function withSeat(seats: Seats, seatId: string, seat: SeatState): Seats {
  const next = seats.set(seatId, seat);
  if (next === seats) return seats;
  const from = BASES.has(seats) ? { base: seats, changed: null, count: 0 } : LINEAGE.get(seats);
  if (from && from.count < next.size / 4) {
    LINEAGE.set(next, { base: from.base, changed: { seatId, older: from.changed }, count: from.count + 1 });
  }
  return next;
}

/**
 * Marks a seats map as one whose derived views are kept: later maps record their changes from it.
 * Its own note goes: kept, it would hold the base before it alive, and that one the one before,
 * every list a hall's sign-in rendered (2.5 KB a tablet, measured).
 */
export function markSeatsBase(seats: Seats): void {
  BASES.add(seats);
  LINEAGE.delete(seats);
}

/**
 * The base `seats` was derived from by withSeat alone, and the ids of the seats changed since
 * (each once, in no particular order), or null when there is no such note (walk it whole).
 */
export function seatsChangedSince(seats: Seats): { base: Seats; seatIds: Set<string> } | null {
  const lineage = LINEAGE.get(seats);
  if (!lineage) return null;
  const seatIds = new Set<string>();
  for (let at: ChangedIds | null = lineage.changed; at !== null; at = at.older) seatIds.add(at.seatId);
  return { base: lineage.base, seatIds };
}
