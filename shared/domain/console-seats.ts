import type { AttendanceStatus, MeetingState, SeatState } from './meeting';
import { seatMapFields, type SeatCardStatus } from './seat-map';
import { seatRollView, type SeatRollView } from './sittings';
import { markSeatsBase, seatsChangedSince } from './seat-lineage';

/** One seat as the console lists it (ConsoleView.seats). */
export interface ConsoleSeatRow {
  seatId: string;
  seatNo: string;
  name: string;
  group: string;
  attendance: AttendanceStatus;
  paired: boolean;
  /** The seat card (seat-map.ts); row/column when the roster places the seat in the hall. */
  card: SeatCardStatus;
  /** Who marked the seat on the sitting's roll, late, reason (sittings.ts); null while 未签到. */
  roll: SeatRollView | null;
  row?: number;
  column?: number;
}

/**
 * Rows already rendered, per seat state. Seat states are immutable (a change makes a new one),
 * so a row stays right for as long as its seat state lives.
 */
const ROWS = new WeakMap<SeatState, ConsoleSeatRow>();
/** The whole list, per seats map: most console pushes (ballot steps, speaking, requests) change no seat. */
const LISTS = new WeakMap<MeetingState['seats'], { delegates: MeetingState['spec']['delegates']; rows: ConsoleSeatRow[]; key: string }>();
/** Lists rendered by this process so far: each gets the next number as its key. */
let listsMade = 0;

function rowOf(seat: SeatState): ConsoleSeatRow {
  let row = ROWS.get(seat);
  if (!row) {
    row = {
      seatId: seat.delegate.seatId,
      seatNo: seat.delegate.seatNo,
      name: seat.delegate.name,
      group: seat.delegate.group,
      attendance: seat.attendance,
      paired: seat.deviceId !== null,
      ...seatMapFields(seat),
      roll: seatRollView(seat),
    };
    ROWS.set(seat, row);
  }
  return row;
}

/**
 * The console's seats in roster order (as the secretariat entered them). A 3,000-seat list took
 * ~20 ms to render on every console push, a ballot's close and result included (issue 9
 * profile); now O(1) when no seat changed and O(changed seats) allocations otherwise. The rows
 * are shared between pushes: nobody may mutate them.
 */
export function consoleSeatRows(state: MeetingState): ConsoleSeatRow[] {
  return seatList(state).rows;
}

/**
 * Names the seat list consoleSeatRows gives for this state: the same key for the same list, a new
 * one whenever a seat or the roster changed. Unique within this process only (a console gets
 * pushes from the node it is connected to, and a whole view from any node it reconnects to).
 */
export function consoleSeatsKey(state: MeetingState): string {
  return seatList(state).key;
}

function seatList(state: MeetingState): { rows: ConsoleSeatRow[]; key: string } {
  const cached = LISTS.get(state.seats);
  if (cached && cached.delegates === state.spec.delegates) return cached;
  const places = rosterPlaces(state.spec.delegates);
  const rows = rowsSinceBase(state, places) ?? walkedRows(state, places);
  const list = { delegates: state.spec.delegates, rows, key: `seats-${++listsMade}` };
  LISTS.set(state.seats, list);
  // Seats maps made from this one note what they change (seat-lineage.ts): the next list is
  // the rows of this one with those seats' rows replaced.
  markSeatsBase(state.seats);
  return list;
}

/**
 * One walk of the seat map, each row put at its seat's place on the roster: 0.8 ms at 3,000
 * seats, where a look-up of each roster seat in the map took 1.3.
 */
function walkedRows(state: MeetingState, places: Map<string, number>): ConsoleSeatRow[] {
  const placed = new Array<ConsoleSeatRow | undefined>(places.size);
  state.seats.forEach((seat, seatId) => {
    const at = places.get(seatId);
    if (at !== undefined) placed[at] = rowOf(seat);
  });
  return placed.filter((row) => row !== undefined);
}

/**
 * The list of the seats map this one was made from by changing single seats (seat-lineage.ts),
 * with the changed seats' rows replaced: a hall signing in changes a few dozen seats between two
 * console pushes, and walking all 3,000 for them was most of a push's cost (issue 9 sign-in
 * profile, 2026-12-07). Null when there is no such list of the same roster with every roster
 * seat in it, or a changed seat is gone: then the map is walked whole.
 */
function rowsSinceBase(state: MeetingState, places: Map<string, number>): ConsoleSeatRow[] | null {
  const since = seatsChangedSince(state.seats);
  if (!since) return null;
  const base = LISTS.get(since.base);
  if (!base || base.delegates !== state.spec.delegates || base.rows.length !== places.size) return null;
  const rows = base.rows.slice();
  for (const seatId of since.seatIds) {
    const at = places.get(seatId);
    const seat = state.seats.get(seatId);
    if (seat === undefined) return null;
    if (at !== undefined) rows[at] = rowOf(seat);
  }
  return rows;
}

/** Each roster seat's place in roster order, per roster (the roster rarely changes). */
const PLACES = new WeakMap<MeetingState['spec']['delegates'], Map<string, number>>();

function rosterPlaces(delegates: MeetingState['spec']['delegates']): Map<string, number> {
  let places = PLACES.get(delegates);
  if (!places) {
    places = new Map(delegates.map((d, at) => [d.seatId, at]));
    PLACES.set(delegates, places);
  }
  return places;
}

/**
 * The rows of `current` that are not those of `previous`, or null when the two lists do not
 * hold the same seats in the same order (the roster changed). Rows are shared for as long as
 * their seat state lives (rowOf), so a row that is not the same object is a seat that changed:
 * O(N) comparisons of references, no row compared field by field.
 */
export function changedSeatRows(previous: readonly ConsoleSeatRow[], current: readonly ConsoleSeatRow[]): ConsoleSeatRow[] | null {
  if (previous.length !== current.length) return null;
  const changed: ConsoleSeatRow[] = [];
  for (let at = 0; at < current.length; at++) {
    const before = previous[at] as ConsoleSeatRow;
    const now = current[at] as ConsoleSeatRow;
    if (before === now) continue;
    if (before.seatId !== now.seatId) return null;
    changed.push(now);
  }
  return changed;
}
