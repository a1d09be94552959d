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
 * The seats map the same way, for the vote's one seat read (is the voter signed in): 3,000
 * entries, so a trie walk of three or four nodes the transport has pushed out of the cache since
 * the last vote, 0.8 µs a vote. It gets a new version at every sign-in and attendance change,
 * never at a vote: the Map is made again (O(seats)) at the first vote after such a change, a cost
 * of the change, not of the votes. Only the vote path reads through it; the sign-in path reads the
 * seats map itself, or a rush of sign-ins would make an index per sign-in. No tablet can make
 * such changes at will during a ballot: signing in again changes nothing (sittings.ts), a first
 * pairing takes the seat card's one code, and staff's attendance changes and re-pairing while a
 * ballot is open wait for a chair's approval.
 *
 * The roster is fixed when the meeting is created (MeetingCreated's spec; seats are never added
 * or removed), so whether a seat is on it is a Set made once per spec.
 */
const BALLOT_INDEXES = new WeakMap<IdMap<BallotState>, Map<string, BallotState>>();
const SEAT_INDEXES = new WeakMap<IdMap<SeatState>, Map<string, SeatState>>();
const ROSTERS = new WeakMap<MeetingSpec, ReadonlySet<string>>();

/** `state.ballots.get(ballotId)`, through the index of this version of the ballots map. */
export function ballotIn(state: MeetingState, ballotId: string): BallotState | undefined {
  return indexOf(BALLOT_INDEXES, state.ballots).get(ballotId);
}

/** `state.seats.get(seatId)`, through the index of this version of the seats map (the vote path only: see above). */
export function seatIn(state: MeetingState, seatId: string): SeatState | undefined {
  return indexOf(SEAT_INDEXES, state.seats).get(seatId);
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
