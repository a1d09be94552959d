import { registerEntryOf } from './evolve';
import type { MeetingState } from './meeting';
import { seatLayout, type SeatLayoutInput } from './seat-layout';

/*
 * The named-ballot seat map (记名表决座位图) for the wall: each seat in its hall position with
 * how it voted. Per-delegate choices of a named (记名) ballot are shown only once its result is
 * published (R2.8), and never for an anonymous ballot (secrecy: nothing links a delegate to a
 * choice), so this refuses both.
 */

/** A motion-like paper's option, 'voted' for papers with many marks, or no paper. */
export type SeatMark = 'yes' | 'no' | 'abstain' | 'voted' | 'not_voted' | 'absent';

export interface SeatMapSeat {
  seatNo: string;
  name: string;
  /** 1-based hall position, from the one seat layout the console's seat map uses (seat-layout.ts). */
  row: number;
  column: number;
  mark: SeatMark;
}

export interface NamedSeatMap {
  ballotId: string;
  title: string;
  rows: number;
  columns: number;
  seats: SeatMapSeat[];
}

export type NamedSeatMapOutcome =
  | { ok: true; map: NamedSeatMap }
  | { ok: false; reason: 'unknown' | 'anonymous' | 'not_published' };

/** O(N) over the roster, once per request (not per change). */
export function namedSeatMap(state: MeetingState, ballotId: string): NamedSeatMapOutcome {
  const ballot = state.ballots.get(ballotId);
  if (!ballot) return { ok: false, reason: 'unknown' };
  if (ballot.spec.secrecy !== 'named') return { ok: false, reason: 'anonymous' };
  if (ballot.status !== 'published') return { ok: false, reason: 'not_published' };
  const motionLike = ballot.spec.kind === 'motion' || ballot.spec.kind === 'list_vote';
  const present = new Set(ballot.presentSeatsAtClose ?? []);
  const layout = seatLayout(state.spec.delegates as readonly SeatLayoutInput[]);
  const seats = state.spec.delegates.map((delegate, index): SeatMapSeat => {
    const { row, column } = layout.seats[index]!;
    const paper = registerEntryOf(state, ballotId, delegate.seatId);
    const key = paper?.choiceKey ?? null;
    const mark: SeatMark = paper
      ? motionLike && (key === 'yes' || key === 'no' || key === 'abstain')
        ? key
        : 'voted'
      : present.has(delegate.seatId)
        ? 'not_voted'
        : 'absent';
    return { seatNo: delegate.seatNo, name: delegate.name, row, column, mark };
  });
  return { ok: true, map: { ballotId, title: ballot.spec.title, rows: layout.rows, columns: layout.columns, seats } };
}
