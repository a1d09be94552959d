import type { IdMap } from './actor';
import type { BallotState, MeetingSpec, MeetingState } from './meeting';

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
 * The roster is fixed when the meeting is created (MeetingCreated's spec; seats are never added
 * or removed), so whether a seat is on it is a Set made once per spec.
 */
const BALLOT_INDEXES = new WeakMap<IdMap<BallotState>, Map<string, BallotState>>();
const ROSTERS = new WeakMap<MeetingSpec, ReadonlySet<string>>();

/** `state.ballots.get(ballotId)`, through the index of this version of the ballots map. */
export function ballotIn(state: MeetingState, ballotId: string): BallotState | undefined {
  let index = BALLOT_INDEXES.get(state.ballots);
  if (!index) {
    index = new Map(state.ballots);
    BALLOT_INDEXES.set(state.ballots, index);
  }
  return index.get(ballotId);
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
