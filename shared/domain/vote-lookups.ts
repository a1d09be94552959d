import type { IdMap } from './actor';
import type { BallotState, MeetingSpec, MeetingState, SeatState } from './meeting';

/**
 * The ballot look-ups every vote makes, and the roster check, without walking a persistent map
 * each time.
 *
 * A meeting's ballots are a persistent map (immutable) keyed by ballot id: a few to a few hundred
 * entries, read three times a vote. Up to eight entries immutable keeps them as a list that it
 * compares key by key with its `is()` (valueOf, then equals and hashCode looked up on each
 * string); past eight, as a trie that hashes the id again on every read. Here the map is read
 * through a plain Map made from it the first time a version of it is read: O(ballots) when a
 * ballot opens, closes, is published or voided, never per vote. The Map is kept in a WeakMap on
 * that version, so it lives exactly as long as it does.
 *
 * Not the registers map, also keyed by ballot id: it is a new version at every fold of votes, and
 * in a cluster at every vote a peer announces, so a vote would often pay for a new index.
 *
 * Only for the maps of a MeetingState: those are never changed in place (the fold's `asMutable`
 * copies build new ones), so an index never goes stale. Never pass a map from `asMutable` or
 * inside `withMutations`.
 *
 * The seats map much the same way, for the vote's one seat read (is the voter signed in): 3,000
 * entries, so a trie walk of three or four nodes the transport has pushed out of the cache since
 * the last vote, 0.8 µs a vote. It gets a new version at every sign-in and attendance change,
 * never at a vote. So a version is indexed only once it has answered an eighth of its size in
 * reads through the trie (SEAT_INDEX_ENTRIES_PER_READ): the O(seats) copy is then paid for by the
 * reads before it, at most 8 entries copied a read. Indexed at its first read instead, a version
 * made by each latecomer signing in while a ballot is open was copied whole at the next vote:
 * O(N) per sign-in, 3,000 entries for one vote (invariant 5). A burst of votes on one version, the
 * usual case, walks the trie for its first eighth and reads the Map after. Only the vote path
 * (and a close's one roll call, presentSeatIds) reads through it; the sign-in path reads the seats
 * map itself.
 *
 * The roster is fixed when the meeting is created (MeetingCreated's spec; seats are never added
 * or removed), so whether a seat is on it is a Set made once per spec.
 */
const BALLOT_INDEXES = new WeakMap<IdMap<BallotState>, Map<string, BallotState>>();

/** A version of the seats map: its trie reads so far, then its Map once they have paid for it. */
interface SeatIndex {
  reads: number;
  map: Map<string, SeatState> | null;
}
const SEAT_INDEXES = new WeakMap<IdMap<SeatState>, SeatIndex>();
/** A version of the seats map is copied into a Map once it has had one trie read per this many of its entries: at most this many entries copied a read. */
export const SEAT_INDEX_ENTRIES_PER_READ = 8;
/** …and after at least this many reads, so a small hall's index is not made at its first vote. */
const SEAT_INDEX_MIN_READS = 16;
/** Entries copied into seat indexes since the process started (the tests hold it to the reads). */
let seatEntriesIndexed = 0;
const ROSTERS = new WeakMap<MeetingSpec, ReadonlySet<string>>();

/** `state.ballots.get(ballotId)`, through the index of this version of the ballots map. */
export function ballotIn(state: MeetingState, ballotId: string): BallotState | undefined {
  return indexOf(BALLOT_INDEXES, state.ballots).get(ballotId);
}

/** `state.seats.get(seatId)`, through the index of this version of the seats map once it has one (the vote path only: see above). */
export function seatIn(state: MeetingState, seatId: string): SeatState | undefined {
  const seats = state.seats;
  let index = SEAT_INDEXES.get(seats);
  if (!index) SEAT_INDEXES.set(seats, (index = { reads: 0, map: null }));
  if (index.map) return index.map.get(seatId);
  if (++index.reads >= Math.max(SEAT_INDEX_MIN_READS, Math.ceil(seats.size / SEAT_INDEX_ENTRIES_PER_READ))) {
    index.map = new Map(seats);
    seatEntriesIndexed += seats.size;
  }
  return seats.get(seatId);
}

/** How many seat entries the seat indexes have copied so far (tests: at most SEAT_INDEX_ENTRIES_PER_READ a read). */
export function seatEntriesIndexedSoFar(): number {
  return seatEntriesIndexed;
}

/** The plain Map of this version of `map`, made on its first read. */
function indexOf<V>(indexes: WeakMap<IdMap<V>, Map<string, V>>, map: IdMap<V>): Map<string, V> {
  let index = indexes.get(map);
  if (!index) {
    index = new Map(map);
    indexes.set(map, index);
  }
  return index;
}

/** `state.seats.has(seatId)`: whether the seat is on the meeting's roster. */
export function onRoster(state: MeetingState, seatId: string): boolean {
  let roster = ROSTERS.get(state.spec);
  if (!roster) {
    roster = new Set(state.spec.delegates.map((d) => d.seatId));
    ROSTERS.set(state.spec, roster);
  }
  return roster.has(seatId);
}
