import type { IdMap } from './actor';
import type { BallotState, MeetingSpec, MeetingState, Participation } from './meeting';

/**
 * The look-ups every vote makes by ballot id, and the roster check, without walking a persistent
 * map each time.
 *
 * A meeting's ballots and registers are persistent maps (immutable) keyed by ballot id: a few to a
 * few hundred entries, read five times a vote. Up to eight entries immutable keeps them as a list
 * that it compares key by key with its `is()` (valueOf, then equals and hashCode looked up on each
 * string); past eight, as a trie that hashes the id again on every read. Here each such map is
 * read through a plain Map made from it the first time it is read: O(ballots) once per version of
 * the map (the ballots map changes when a ballot opens, closes or is published, the registers map
 * once per journal batch), never per vote. The Map is kept in a WeakMap on the persistent map, so
 * it lives exactly as long as that version does.
 *
 * Only for the maps of a MeetingState: those are never changed in place (the fold's `asMutable`
 * copies build new ones), so an index never goes stale. Never pass a map from `asMutable` or
 * inside `withMutations`.
 *
 * The roster is fixed when the meeting is created (MeetingCreated's spec; seats are never added
 * or removed), so whether a seat is on it is a Set made once per spec.
 */
const INDEXES = new WeakMap<IdMap<unknown>, Map<string, unknown>>();
const ROSTERS = new WeakMap<MeetingSpec, ReadonlySet<string>>();

function indexed<V>(map: IdMap<V>): Map<string, V> {
  let index = INDEXES.get(map) as Map<string, V> | undefined;
  if (!index) {
    index = new Map(map);
    INDEXES.set(map, index);
  }
  return index;
}

/** `state.ballots.get(ballotId)`, through the ballots map's index. */
export function ballotIn(state: MeetingState, ballotId: string): BallotState | undefined {
  return indexed(state.ballots).get(ballotId);
}

/** `state.registers.get(ballotId)`: the ballot's register (seat id → entry), through the registers map's index. */
export function registerIn(state: MeetingState, ballotId: string): IdMap<Participation> | undefined {
  return indexed(state.registers).get(ballotId);
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
